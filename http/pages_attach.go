package http

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/i18n"
)

// The "Training materials" section of an event's, a campaign's and a
// partnership's page (issue 18): the library resources attached to it and,
// for those the store lets attach (the event's organisers, the campaign's
// owner, the coordinators of the partnership's parties), a form that
// attaches one more and a "Remove" button beside each that undoes a wrong
// attachment. A partnership's page has the same for each of its
// responsibilities. Before, only the CLI attached resources.
func (s *Server) registerAttachForms() {
	for _, k := range []struct {
		kind   wikicities.ResourceTargetKind
		prefix string
		again  func(http.ResponseWriter, *http.Request, int, string)
	}{{wikicities.TargetEvent, "/events", s.renderEvent}, {wikicities.TargetCampaign, "/campaigns", s.renderCampaign},
		{wikicities.TargetPartnership, "/partnerships", s.renderPartnership}} {
		place := recordPlace(k.kind, k.prefix)
		s.handle("POST "+k.prefix+"/{id}/resources", s.handleAttachResource(place, k.again))
		s.handle("POST "+k.prefix+"/{id}/resources/{resource}/remove", s.handleDetachResource(place))
	}
	s.handle("POST /partnerships/{id}/responsibilities/{rid}/resources", s.handleAttachResource(s.responsibilityPlace, s.renderPartnership))
	s.handle("POST /partnerships/{id}/responsibilities/{rid}/resources/{resource}/remove", s.handleDetachResource(s.responsibilityPlace))
}

// attachDone is the ?done= value of a page after a resource was attached:
// the notices of the event, campaign and partnership pages say so.
const attachDone = "resource-attached"

// detachDone is the ?done= value of a page after a resource was removed
// from it.
const detachDone = "resource-detached"

// attachPlace says what an attach or remove request acts on: the record
// of the page {id} (or a part of it), the page to go back to and the
// anchor of its section there. It returns an error to render when there
// is no such record.
type attachPlace func(r *http.Request, id int64) (target wikicities.ResourceTarget, page, anchor string, err error)

// recordPlace is the place of the record {id} itself, whose page is
// prefix/{id}.
func recordPlace(kind wikicities.ResourceTargetKind, prefix string) attachPlace {
	return func(_ *http.Request, id int64) (wikicities.ResourceTarget, string, string, error) {
		return wikicities.ResourceTarget{Kind: kind, ID: id}, fmt.Sprintf("%s/%d", prefix, id), "wc-resources", nil
	}
}

// responsibilityPlace is the place of the responsibility {rid} of the
// partnership {id}; one of another partnership is no page.
func (s *Server) responsibilityPlace(r *http.Request, id int64) (wikicities.ResourceTarget, string, string, error) {
	rid, err := pathID(r, "rid")
	if err != nil {
		return wikicities.ResourceTarget{}, "", "", errNoPage
	}
	x, err := s.Partnerships.Partnership(r.Context(), id)
	if err != nil {
		return wikicities.ResourceTarget{}, "", "", err
	}
	for _, rs := range x.Responsibilities {
		if rs.ID == rid {
			return wikicities.ResourceTarget{Kind: wikicities.TargetResponsibility, ID: rid}, fmt.Sprintf("/partnerships/%d", id),
				"wc-resources-" + responsibilityKey(rid), nil
		}
	}
	return wikicities.ResourceTarget{}, "", "", errNoPage
}

// responsibilityKey is what tells the block of responsibility rid apart
// on its partnership's page, in the ids of the block and of its select.
func responsibilityKey(rid int64) string { return fmt.Sprintf("r%d", rid) }

// partnershipResources builds the section of partnership x's page: its
// own resources, and a block for each responsibility with resources or
// that the reader may attach to (canAttach).
func (s *Server) partnershipResources(r *http.Request, pr *i18n.Printer, x *wikicities.Partnership, canAttach bool) (resourcesSection, error) {
	spots := []attachSpot{{Target: wikicities.ResourceTarget{Kind: wikicities.TargetPartnership, ID: x.ID}, Action: fmt.Sprintf("/partnerships/%d/resources", x.ID)}}
	for _, rs := range x.Responsibilities {
		spots = append(spots, attachSpot{Target: wikicities.ResourceTarget{Kind: wikicities.TargetResponsibility, ID: rs.ID},
			Action: fmt.Sprintf("/partnerships/%d/responsibilities/%d/resources", x.ID, rs.ID), Key: responsibilityKey(rs.ID), Heading: rs.Description})
	}
	ds, err := s.resourcesSections(r, pr, spots, canAttach)
	if err != nil {
		return resourcesSection{}, err
	}
	d := ds[0]
	for _, t := range ds[1:] {
		if len(t.Attached) > 0 || t.Action != "" {
			d.Tasks = append(d.Tasks, t)
		}
	}
	return d, nil
}

// resourcesSection is the Data of the "resources-section" template, and
// of each block of the responsibilities in it.
type resourcesSection struct {
	Attached []resourceLink
	// Action is where the form posts; "" when the reader may not attach.
	Action  string
	Choices []option // the library's resources not attached yet
	Form    *Form
	// Key is the id of a responsibility's block ("" for the record's own
	// list); Heading names the responsibility.
	Key, Heading string
	// Tasks are the blocks of the partnership's responsibilities with
	// something to show the reader.
	Tasks []resourcesSection
}

// Shown reports whether the section has anything for the reader.
func (d resourcesSection) Shown() bool {
	return len(d.Attached) > 0 || d.Action != "" || len(d.Tasks) > 0
}

// FieldID is the id of the form's select ("f-" before it): "resource",
// or a responsibility's own.
func (d resourcesSection) FieldID() string {
	if d.Key == "" {
		return "resource"
	}
	return "resource-" + d.Key
}

// resourceLink is an attached resource, titled in the reader's language.
type resourceLink struct {
	ID        int64
	Title     string
	TitleLang string // the language of Title
	Outdated  bool
	// Remove is where its "Remove" button posts; "" when the reader may
	// not attach (and so not remove) resources here.
	Remove string
}

// refusedAttach carries a refused attach form (what was chosen, why it
// was refused) from the POST handler to the page it renders again, for
// the block of its target.
type refusedAttach struct {
	target wikicities.ResourceTarget
	form   *Form
}

// attachFormKey is the context key of a refusedAttach.
type attachFormKey struct{}

// attachSpot is a list of resources on a page: what they are attached to,
// where its form posts, and for a responsibility its key and name.
type attachSpot struct {
	Target       wikicities.ResourceTarget
	Action       string
	Key, Heading string
}

// resourcesSectionOf builds the section of target's page; canAttach says
// whether the reader may attach (the page decides as the store does).
func (s *Server) resourcesSectionOf(r *http.Request, pr *i18n.Printer, target wikicities.ResourceTarget, action string, canAttach bool) (resourcesSection, error) {
	ds, err := s.resourcesSections(r, pr, []attachSpot{{Target: target, Action: action}}, canAttach)
	if err != nil {
		return resourcesSection{}, err
	}
	return ds[0], nil
}

// resourcesSections builds the lists of spots, reading the library once.
func (s *Server) resourcesSections(r *http.Request, pr *i18n.Printer, spots []attachSpot, canAttach bool) ([]resourcesSection, error) {
	ctx := r.Context()
	canAttach = canAttach && wikicities.ActorFrom(ctx).CanWrite()
	var all []*wikicities.TrainingResource
	if canAttach {
		var err error
		if all, err = s.Training.Resources(ctx, wikicities.ResourceFilter{}); err != nil {
			return nil, err
		}
	}
	refused, _ := ctx.Value(attachFormKey{}).(refusedAttach)
	out := make([]resourcesSection, 0, len(spots))
	for _, sp := range spots {
		attached, err := s.Training.AttachedResources(ctx, sp.Target)
		if err != nil {
			return nil, err
		}
		d := resourcesSection{Key: sp.Key, Heading: sp.Heading}
		have := map[int64]bool{}
		for _, x := range attached {
			l := resourceLink{ID: x.ID, Outdated: x.Outdated}
			l.Title, l.TitleLang = x.TitleIn(pr.Lang())
			d.Attached = append(d.Attached, l)
			have[x.ID] = true
		}
		if canAttach {
			for i := range d.Attached {
				d.Attached[i].Remove = fmt.Sprintf("%s/%d/remove", sp.Action, d.Attached[i].ID)
			}
			var rest []option
			for _, x := range all {
				if !have[x.ID] {
					t, _ := x.TitleIn(pr.Lang())
					rest = append(rest, option{strconv.FormatInt(x.ID, 10), t})
				}
			}
			sort.SliceStable(rest, func(i, j int) bool { return rest[i].Label < rest[j].Label })
			d.Choices = append([]option{{"", pr.Msg("attach-resource-choose")}}, rest...)
			d.Action = sp.Action
			d.Form = newForm(nil)
			if refused.form != nil && refused.target == sp.Target {
				d.Form = refused.form
			}
		}
		out = append(out, d)
	}
	return out, nil
}

// handleAttachResource attaches the chosen library resource to the place
// of the request and goes back to its page saying so; a refused choice is
// said inside the form, which keeps it (again renders the page).
func (s *Server) handleAttachResource(place attachPlace, again func(http.ResponseWriter, *http.Request, int, string)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, ok := s.postedAction(w, r)
		if !ok {
			return
		}
		target, page, anchor, err := place(r, id)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		pr := s.Printer(r)
		f := newForm(url.Values{"resource": {r.PostForm.Get("resource")}})
		refuse := func(status int, msg string) {
			f.Errors["resource"] = msg
			again(w, r.WithContext(context.WithValue(r.Context(), attachFormKey{}, refusedAttach{target, f})), status, "")
		}
		rid, err := strconv.ParseInt(f.Get("resource"), 10, 64)
		if err != nil || rid <= 0 {
			refuse(http.StatusUnprocessableEntity, pr.Msg("attach-resource-required"))
			return
		}
		if _, err := s.Training.Resource(r.Context(), rid); err != nil {
			if isNotFound(err) {
				refuse(http.StatusUnprocessableEntity, pr.Msg("attach-resource-unknown"))
			} else {
				s.renderError(w, r, err)
			}
			return
		}
		err = s.Training.AttachResource(r.Context(), rid, target)
		switch {
		case err == nil:
			http.Redirect(w, r, page+"?done="+attachDone+"#"+anchor, http.StatusSeeOther)
		case errors.Is(err, wikicities.ErrConflict):
			refuse(http.StatusConflict, pr.Msg("attach-resource-already"))
		default:
			s.renderError(w, r, err)
		}
	}
}

// handleDetachResource removes the library resource {resource} from the
// place of the request, for those who may attach there, and goes back to
// its page saying so.
func (s *Server) handleDetachResource(place attachPlace) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, ok := s.postedAction(w, r)
		if !ok {
			return
		}
		target, page, anchor, err := place(r, id)
		if err == nil {
			var rid int64
			if rid, err = pathID(r, "resource"); err != nil {
				err = errNoPage
			} else {
				err = s.Training.DetachResource(r.Context(), rid, target)
			}
		}
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		http.Redirect(w, r, page+"?done="+detachDone+"#"+anchor, http.StatusSeeOther)
	}
}
