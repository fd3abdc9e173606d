package http

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/i18n"
	"github.com/wikicities/wikicities/labels"
)

// Registering and editing an institution on the web, like a community: the
// person who registers it becomes its coordinator (the store grants it);
// its coordinators edit it. A new institution that looks like one already
// listed in the same city (the same Wikidata item, or the same or a similar
// name) comes back with the candidates, a link to ask to coordinate each,
// and "register it anyway".

func (s *Server) registerInstitutionForms() {
	s.handle("GET /institutions/new", s.handleInstitutionNew)
	s.handle("POST /institutions", s.handleInstitutionCreate)
	s.handle("GET /institutions/{id}/edit", s.handleInstitutionEdit)
	s.handle("POST /institutions/{id}/edit", s.handleInstitutionUpdate)
}

// institutionFields are the fields of the institution form, by the names
// the domain's validation uses.
var institutionFields = []string{"name", "kind", "city", "qid", "website", "programmes", "skills_wanted"}

// institutionAliases file the domain's field names under the form's.
var institutionAliases = map[string]string{"city_id": "city"}

// Programmes of an institution, the values of the form's checkboxes.
const (
	programmeWiR      = "wir"
	programmeWikiClub = "wiki_club"
)

// institutionNotices are the notices of ?done= on an institution's page.
var institutionNotices = map[string]string{"created": "institution-created", "saved": "community-saved"}

// institutionForm is the Data of the register and edit forms.
type institutionForm struct {
	Form        *Form
	Edit        bool
	ID          int64
	Action      string
	Kinds       []option
	Programmes  []option
	Skills      []option
	Institution *wikicities.Institution // the current record, shown after a stale edit
	Duplicates  []duplicateCandidate
}

func (s *Server) institutionFormData(r *http.Request, p *Page, f *Form) institutionForm {
	pr := p.Printer()
	d := institutionForm{Form: f, Action: "/institutions",
		Programmes: []option{{programmeWiR, pr.Msg("directory-wir")}, {programmeWikiClub, pr.Msg("directory-wiki-club")}}}
	for _, k := range wikicities.InstitutionKinds {
		d.Kinds = append(d.Kinds, option{string(k), institutionKindLabel(pr, k)})
	}
	d.Skills = s.skillBoxes(r, pr)
	return d
}

// skillBoxes lists the skills vocabulary as checkboxes.
func (s *Server) skillBoxes(r *http.Request, pr *i18n.Printer) []option {
	skills, err := s.Skills.Skills(r.Context())
	if err != nil {
		s.Log.Error("listing skills", "err", err)
		return nil
	}
	out := make([]option, len(skills))
	for i, sk := range skills {
		out[i] = option{sk.Code, labels.Skill(pr, sk.Code, sk.Label)}
	}
	return out
}

func (s *Server) handleInstitutionNew(w http.ResponseWriter, r *http.Request) {
	if !s.requireSignIn(w, r) {
		return
	}
	p := s.newPage(w, r)
	p.Title = p.Msg("institution-new-title")
	f := newForm(url.Values{"kind": {string(wikicities.InstMuseum)}})
	if id, err := strconv.ParseInt(r.URL.Query().Get("city"), 10, 64); err == nil {
		if c := s.Graph.City(id); c != nil {
			f.Values.Set("city", cityInputValue(c))
		}
	}
	p.Data = s.institutionFormData(r, p, f)
	s.render(w, r, http.StatusOK, "institution-form", p)
}

// institutionFromForm builds an institution from the form's values.
func (s *Server) institutionFromForm(f *Form, pr *i18n.Printer) *wikicities.Institution {
	return &wikicities.Institution{
		Name: strings.TrimSpace(f.Get("name")), Kind: wikicities.InstitutionKind(f.Get("kind")),
		CityID: s.resolveCity(f, pr), QID: strings.ToUpper(strings.TrimSpace(f.Get("qid"))), Website: strings.TrimSpace(f.Get("website")),
		HasWikimedianInResidence: f.Has("programmes", programmeWiR), HostsWikiClub: f.Has("programmes", programmeWikiClub),
		SkillsWanted: f.Values["skills_wanted"],
	}
}

func (s *Server) handleInstitutionCreate(w http.ResponseWriter, r *http.Request) {
	if !s.requireSignIn(w, r) || !s.postedForm(w, r) {
		return
	}
	p := s.newPage(w, r)
	pr := p.Printer()
	p.Title = p.Msg("institution-new-title")
	f := newForm(r.PostForm)
	in := s.institutionFromForm(f, pr)
	d := s.institutionFormData(r, p, f)
	if len(f.Errors) == 0 && f.Get("confirm_duplicate") != "1" {
		dups, err := s.similarInstitutions(r.Context(), in)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		if len(dups) > 0 {
			d.Duplicates = dups
			p.Data = d
			s.render(w, r, http.StatusConflict, "institution-form", p)
			return
		}
	}
	status := s.submit(w, r, pr, f, formSave{fields: institutionFields, aliases: institutionAliases, check: in.Validate,
		save: func() (string, error) {
			err := s.Institutions.CreateInstitution(r.Context(), in) // sets in.ID
			return fmt.Sprintf("/institutions/%d?done=created", in.ID), err
		}})
	if status == 0 {
		return
	}
	p.Data = d
	s.render(w, r, status, "institution-form", p)
}

// institutionValues fills a form with an institution's fields.
func (s *Server) institutionValues(in *wikicities.Institution) url.Values {
	v := url.Values{"name": {in.Name}, "kind": {string(in.Kind)}, "qid": {in.QID}, "website": {in.Website},
		"skills_wanted": in.SkillsWanted, "version": {strconv.FormatInt(in.Version, 10)}}
	if in.HasWikimedianInResidence {
		v.Add("programmes", programmeWiR)
	}
	if in.HostsWikiClub {
		v.Add("programmes", programmeWikiClub)
	}
	if city := s.Graph.City(in.CityID); city != nil {
		v.Set("city", cityInputValue(city))
	} else {
		v.Set("city", strconv.FormatInt(in.CityID, 10))
	}
	return v
}

// editableInstitution loads the institution of the request for its
// coordinator; it answers the request itself and returns nil when it
// cannot go on.
func (s *Server) editableInstitution(w http.ResponseWriter, r *http.Request) *wikicities.Institution {
	in, _ := recordFor(s, w, r, s.Institutions.Institution, func(a *wikicities.Actor, in *wikicities.Institution) error {
		return a.RequireCoordinator(in.Ref())
	})
	return in
}

func (s *Server) handleInstitutionEdit(w http.ResponseWriter, r *http.Request) {
	in := s.editableInstitution(w, r)
	if in == nil {
		return
	}
	p := s.newPage(w, r)
	p.Title = p.Msg("community-edit-title", in.Name)
	d := s.institutionFormData(r, p, newForm(s.institutionValues(in)))
	d.Edit, d.ID, d.Action = true, in.ID, fmt.Sprintf("/institutions/%d/edit", in.ID)
	p.Data = d
	s.render(w, r, http.StatusOK, "institution-form", p)
}

func (s *Server) handleInstitutionUpdate(w http.ResponseWriter, r *http.Request) {
	cur := s.editableInstitution(w, r)
	if cur == nil || !s.postedForm(w, r) {
		return
	}
	p := s.newPage(w, r)
	pr := p.Printer()
	p.Title = p.Msg("community-edit-title", cur.Name)
	f := newForm(r.PostForm)
	in := s.institutionFromForm(f, pr)
	in.ID, in.Region, in.Archived = cur.ID, cur.Region, cur.Archived // not on the form: kept
	version, err := formVersion(f)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	in.Version = version
	d := s.institutionFormData(r, p, f)
	d.Edit, d.ID, d.Action = true, cur.ID, fmt.Sprintf("/institutions/%d/edit", cur.ID)
	status := s.submit(w, r, pr, f, formSave{fields: institutionFields, aliases: institutionAliases, check: in.Validate,
		save: func() (string, error) {
			return fmt.Sprintf("/institutions/%d?done=saved", in.ID), s.Institutions.UpdateInstitution(r.Context(), in)
		},
		stale: func() (int64, error) {
			fresh, err := s.Institutions.Institution(r.Context(), cur.ID)
			if err != nil {
				return 0, err
			}
			d.Institution = fresh
			return fresh.Version, nil
		}})
	if status == 0 {
		return
	}
	p.Data = d
	s.render(w, r, status, "institution-form", p)
}
