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
// attaches one more. Before, only the CLI attached resources.
func (s *Server) registerAttachForms() {
	s.handle("POST /events/{id}/resources", s.handleAttachResource(wikicities.TargetEvent, "/events/%d", s.renderEvent))
	s.handle("POST /campaigns/{id}/resources", s.handleAttachResource(wikicities.TargetCampaign, "/campaigns/%d", s.renderCampaign))
	s.handle("POST /partnerships/{id}/resources", s.handleAttachResource(wikicities.TargetPartnership, "/partnerships/%d", s.renderPartnership))
	s.handle("POST /events/{id}/resources/{rid}/remove", s.handleDetachResource(wikicities.TargetEvent, "/events/%d"))
	s.handle("POST /campaigns/{id}/resources/{rid}/remove", s.handleDetachResource(wikicities.TargetCampaign, "/campaigns/%d"))
	s.handle("POST /partnerships/{id}/resources/{rid}/remove", s.handleDetachResource(wikicities.TargetPartnership, "/partnerships/%d"))
}

// attachDone is the ?done= value of a page after a resource was attached:
// the notices of the event, campaign and partnership pages say so.
const attachDone = "resource-attached"

// detachDone is the ?done= value of a page after a resource was removed
// from it.
const detachDone = "resource-detached"

// resourcesSection is the Data of the "resources-section" template.
type resourcesSection struct {
	Attached []resourceLink
	// Action is where the form posts; "" when the reader may not attach.
	Action  string
	Choices []option // the library's resources not attached yet
	Form    *Form
}

// resourceLink is an attached resource, titled in the reader's language.
type resourceLink struct {
	ID       int64
	Title    string
	Outdated bool
	// Remove is where its "Remove" button posts; "" when the reader may
	// not attach (and so not remove) resources here.
	Remove string
}

// attachFormKey carries a refused attach form (what was chosen, why it
// was refused) from the POST handler to the page it renders again.
type attachFormKey struct{}

// resourcesSectionOf builds the section of target's page; canAttach says
// whether the reader may attach (the page decides as the store does).
func (s *Server) resourcesSectionOf(r *http.Request, pr *i18n.Printer, target wikicities.ResourceTarget, action string, canAttach bool) (resourcesSection, error) {
	ctx := r.Context()
	attached, err := s.Training.AttachedResources(ctx, target)
	if err != nil {
		return resourcesSection{}, err
	}
	title := func(x *wikicities.TrainingResource) string {
		if t := x.Titles[pr.Lang()]; t != "" {
			return t
		}
		return x.Title
	}
	var d resourcesSection
	have := map[int64]bool{}
	for _, x := range attached {
		d.Attached = append(d.Attached, resourceLink{ID: x.ID, Title: title(x), Outdated: x.Outdated})
		have[x.ID] = true
	}
	if !canAttach || !wikicities.ActorFrom(ctx).CanWrite() {
		return d, nil
	}
	for i := range d.Attached {
		d.Attached[i].Remove = fmt.Sprintf("%s/%d/remove", action, d.Attached[i].ID)
	}
	all, err := s.Training.Resources(ctx, wikicities.ResourceFilter{})
	if err != nil {
		return resourcesSection{}, err
	}
	d.Choices = []option{{"", pr.Msg("attach-resource-choose")}}
	var rest []option
	for _, x := range all {
		if !have[x.ID] {
			rest = append(rest, option{strconv.FormatInt(x.ID, 10), title(x)})
		}
	}
	sort.SliceStable(rest, func(i, j int) bool { return rest[i].Label < rest[j].Label })
	d.Choices = append(d.Choices, rest...)
	d.Action = action
	d.Form = newForm(nil)
	if f, ok := ctx.Value(attachFormKey{}).(*Form); ok {
		d.Form = f
	}
	return d, nil
}

// handleAttachResource attaches the chosen library resource to the
// page's record of kind and goes back to its page (path, with the record's
// id) saying so; a refused choice is said inside the form, which keeps it.
func (s *Server) handleAttachResource(kind wikicities.ResourceTargetKind, path string,
	again func(http.ResponseWriter, *http.Request, int, string)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, ok := s.postedAction(w, r)
		if !ok {
			return
		}
		pr := s.Printer(r)
		f := newForm(url.Values{"resource": {r.PostForm.Get("resource")}})
		refuse := func(status int, msg string) {
			f.Errors["resource"] = msg
			again(w, r.WithContext(context.WithValue(r.Context(), attachFormKey{}, f)), status, "")
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
		err = s.Training.AttachResource(r.Context(), rid, wikicities.ResourceTarget{Kind: kind, ID: id})
		switch {
		case err == nil:
			http.Redirect(w, r, fmt.Sprintf(path, id)+"?done="+attachDone+"#wc-resources", http.StatusSeeOther)
		case errors.Is(err, wikicities.ErrConflict):
			refuse(http.StatusConflict, pr.Msg("attach-resource-already"))
		default:
			s.renderError(w, r, err)
		}
	}
}

// handleDetachResource removes the library resource {rid} from the page's
// record of kind, for those who may attach there, and goes back to its
// page (path, with the record's id) saying so.
func (s *Server) handleDetachResource(kind wikicities.ResourceTargetKind, path string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, ok := s.postedAction(w, r)
		if !ok {
			return
		}
		rid, err := pathID(r, "rid")
		if err != nil {
			s.renderError(w, r, errNoPage)
			return
		}
		if err := s.Training.DetachResource(r.Context(), rid, wikicities.ResourceTarget{Kind: kind, ID: id}); err != nil {
			s.renderError(w, r, err)
			return
		}
		http.Redirect(w, r, fmt.Sprintf(path, id)+"?done="+detachDone+"#wc-resources", http.StatusSeeOther)
	}
}
