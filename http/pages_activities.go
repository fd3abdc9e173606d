package http

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/i18n"
	"github.com/wikicities/wikicities/labels"
)

// activityForm is the Data of the form that logs an activity.
type activityForm struct {
	Form  *Form
	ID    int64
	A, B  partyLink
	Kinds []option
}

var activityFields = []string{"kind", "title", "start", "end", "place", "organizers_a", "organizers_b", "participants",
	"articles_created", "articles_improved", "media_uploaded", "wikidata_items", "links", "notes"}

var activityAliases = map[string]string{"outcomes.links": "links", "outcomes.articles_created": "articles_created",
	"outcomes.articles_improved": "articles_improved", "outcomes.media_uploaded": "media_uploaded", "outcomes.wikidata_items": "wikidata_items"}

func (s *Server) activityFormData(p *Page, f *Form, x *wikicities.Partnership) activityForm {
	d := activityForm{Form: f, ID: x.ID, A: partyLink{x.A.Kind, x.A.ID, x.A.Name}, B: partyLink{x.B.Kind, x.B.ID, x.B.Name}}
	for _, k := range wikicities.ActivityKinds {
		d.Kinds = append(d.Kinds, option{string(k), labels.ActivityKind(p.Printer(), k)})
	}
	return d
}

func (s *Server) handleActivityNew(w http.ResponseWriter, r *http.Request) {
	x := s.partyPartnership(w, r)
	if x == nil {
		return
	}
	p := s.newPage(w, r)
	p.Title = p.Msg("activity-new-title", x.A.Name, x.B.Name)
	f := newForm(url.Values{"kind": {string(wikicities.ActivityEditathon)}, "start": {s.Clock.Now().UTC().Format(time.DateOnly)}})
	p.Data = s.activityFormData(p, f, x)
	s.render(w, r, http.StatusOK, "activity-form", p)
}

// formDate reads a date field (YYYY-MM-DD); empty is the zero time.
func formDate(f *Form, p *i18n.Printer, field string, required bool) time.Time {
	v := strings.TrimSpace(f.Get(field))
	if v == "" {
		if required {
			f.Errors[field] = p.Msg("form-required")
		}
		return time.Time{}
	}
	t, err := time.Parse(time.DateOnly, v)
	if err != nil {
		f.Errors[field] = p.Msg("form-not-a-date", v)
	}
	return t
}

func (s *Server) handleActivityCreate(w http.ResponseWriter, r *http.Request) {
	x := s.partyPartnership(w, r)
	if x == nil || !s.postedForm(w, r) {
		return
	}
	p := s.newPage(w, r)
	pr := p.Printer()
	p.Title = p.Msg("activity-new-title", x.A.Name, x.B.Name)
	f := newForm(r.PostForm)
	ac := &wikicities.Activity{PartnershipID: x.ID, Kind: wikicities.ActivityKind(f.Get("kind")),
		Title: strings.TrimSpace(f.Get("title")), Place: strings.TrimSpace(f.Get("place")),
		Start: formDate(f, pr, "start", true), End: formDate(f, pr, "end", false),
		OrganizersA: splitList(f.Get("organizers_a")), OrganizersB: splitList(f.Get("organizers_b")),
		Participants: formInt(f, pr, "participants"), Notes: strings.TrimSpace(f.Get("notes")),
		Outcomes: wikicities.Outcomes{ArticlesCreated: formInt(f, pr, "articles_created"),
			ArticlesImproved: formInt(f, pr, "articles_improved"), MediaUploaded: formInt(f, pr, "media_uploaded"),
			WikidataItems: formInt(f, pr, "wikidata_items"), Links: splitList(f.Get("links"))},
	}
	for _, l := range []*[]string{&ac.OrganizersA, &ac.OrganizersB, &ac.Outcomes.Links} {
		if *l == nil {
			*l = []string{}
		}
	}
	status := s.submit(w, r, pr, f, formSave{fields: activityFields, aliases: activityAliases, check: ac.Validate,
		save: func() (string, error) {
			return fmt.Sprintf("/partnerships/%d?done=activity", x.ID), s.Partnerships.LogActivity(r.Context(), ac)
		},
		// A partnership that is not (or no longer) accepted, active or
		// dormant takes no activity.
		conflict: pr.Msg("activity-not-now", labels.State(pr, x.State))})
	if status == 0 {
		return
	}
	p.Data = s.activityFormData(p, f, x)
	s.render(w, r, status, "activity-form", p)
}
