package http

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/i18n"
	"github.com/wikicities/wikicities/labels"
)

// communityPage is the Data of a community's page.
type communityPage struct {
	Community    *wikicities.Community
	City         *wikicities.City
	KindLabel    string
	StatusLabel  string
	Languages    []string
	Projects     []string
	Offered      []string
	Wanted       []string
	LastActivity string
	Partners     []suggestionItem // communities and institutions, strongest first
	Recruit      []recruitItem    // cities to recruit a group in: pages_suggest.go
	Coordination coordination
	ShowContact  bool // the contact address: signed-in coordinators only
	Partnerships []partnershipItem
	CanEdit      bool
	CanPropose   bool
	Notice       string
	ProposeFrom  []proposeLink
	KP           communityKP    // events, visits, twin editions: pages_kp_sections.go
	Learn        communityLearn // capacities, mentoring, club: pages_learn_sections.go
}

// suggestionItem is a suggested partner with its reasons in words.
type suggestionItem struct {
	Party      partyLink
	City       *wikicities.City // its city, named in the reader's language
	CityName   string           // the matcher's name of a city the graph lacks
	CityID     int64
	Reasons    []string
	ProposeURL string
	Strength   string // the score, as a strength to compare suggestions by
}

// communityNotices are the notices of ?done= on a community's page.
var communityNotices = map[string]string{"created": "community-created", "saved": "community-saved", "recruit": "community-recruit-posted",
	"capacities": "capacities-saved"}

func (s *Server) handleCommunityPage(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.renderError(w, r, errNoPage)
		return
	}
	c, err := s.Communities.Community(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	p := s.newPage(w, r)
	pr := p.Printer()
	p.Title = c.Name
	a := p.Actor
	d := communityPage{Community: c, City: s.Graph.City(c.CityID), KindLabel: communityKindLabel(pr, c.Kind),
		StatusLabel: labels.CommunityStatus(pr, c.Status), CanEdit: a.CoordinatorOf(c.Ref()) && a.CanWrite()}
	d.CanPropose = d.CanEdit && c.Status != wikicities.StatusClosed && !c.Archived
	for _, l := range c.Languages {
		d.Languages = append(d.Languages, labels.Language(pr, l))
	}
	for _, pj := range c.Projects {
		d.Projects = append(d.Projects, labels.Project(pr, pj))
	}
	d.Offered = labels.Skills(pr, c.SkillsOffered)
	d.Wanted = labels.Skills(pr, c.SkillsWanted)
	if !c.LastActivity.IsZero() {
		d.LastActivity = pr.Date(c.LastActivity)
	}
	d.Notice = doneNotice(r, pr, communityNotices)
	if err := s.suggestionsFor(r, p, c, &d); err != nil {
		s.renderError(w, r, err)
		return
	}
	if d.Partnerships, err = s.partnershipItems(r, pr, c.Ref()); err != nil {
		s.renderError(w, r, err)
		return
	}
	d.ProposeFrom = s.proposeLinks(r, c.Ref())
	if d.KP, err = s.communityKPOf(r, c); err != nil {
		s.renderError(w, r, err)
		return
	}
	if d.Learn, err = s.communityLearnOf(r, p, c); err != nil {
		s.renderError(w, r, err)
		return
	}
	p.Data = d
	s.render(w, r, http.StatusOK, "community", p)
}

// suggestedType is the partnership type a suggestion leads to.
func suggestedType(x wikicities.Suggestion) string {
	if x.Kind == string(wikicities.PartyInstitution) {
		return string(wikicities.TypeInstitutional)
	}
	for _, r := range x.Reasons {
		if r.Code == wikicities.ReasonTwinCity || r.Code == wikicities.ReasonSecondDegree {
			return string(wikicities.TypeTwinning)
		}
	}
	return string(wikicities.TypeRegional)
}

// communityForm is the Data of the register and edit forms.
type communityForm struct {
	Form      *Form
	Edit      bool
	ID        int64
	Action    string
	Kinds     []option
	Statuses  []option
	Skills    []option
	Projects  []option
	Community *wikicities.Community // the current record, shown after a stale edit
	// Duplicates are the existing groups the new one looks like; the form
	// comes back asking to claim one of them or to confirm.
	Duplicates []duplicateCandidate
}

// option is one choice of a select or a group of checkboxes.
type option struct{ Value, Label string }

// communityFields are the fields of the community form, by the names the
// domain's validation uses.
var communityFields = []string{"name", "kind", "city", "languages", "projects", "website", "contact", "meta_page", "status", "skills_offered", "skills_wanted"}

var communityAliases = map[string]string{"city_id": "city"}

func (s *Server) communityFormData(r *http.Request, p *Page, f *Form) communityForm {
	pr := p.Printer()
	d := communityForm{Form: f}
	for _, k := range wikicities.CommunityKinds {
		d.Kinds = append(d.Kinds, option{string(k), communityKindLabel(pr, k)})
	}
	for _, st := range []wikicities.Status{wikicities.StatusActive, wikicities.StatusDormant, wikicities.StatusClosed} {
		d.Statuses = append(d.Statuses, option{string(st), labels.CommunityStatus(pr, st)})
	}
	for _, pj := range wikicities.Projects {
		d.Projects = append(d.Projects, option{pj, labels.Project(pr, pj)})
	}
	skills, err := s.Skills.Skills(r.Context())
	if err == nil {
		for _, sk := range skills {
			d.Skills = append(d.Skills, option{sk.Code, labels.Skill(pr, sk.Code, sk.Label)})
		}
	} else {
		s.Log.Error("listing skills", "err", err)
	}
	return d
}

func (s *Server) handleCommunityNew(w http.ResponseWriter, r *http.Request) {
	if !s.requireSignIn(w, r) {
		return
	}
	p := s.newPage(w, r)
	p.Title = p.Msg("community-new-title")
	f := newForm(nil)
	f.Values.Set("kind", string(wikicities.KindLocalGroup))
	if id, err := strconv.ParseInt(r.URL.Query().Get("city"), 10, 64); err == nil {
		if c := s.Graph.City(id); c != nil {
			f.Values.Set("city", cityInputValue(c))
		}
	}
	d := s.communityFormData(r, p, f)
	d.Action = "/communities"
	p.Data = d
	s.render(w, r, http.StatusOK, "community-form", p)
}

// cityInputValue is how the city field shows a city: "Name, Country".
func cityInputValue(c *wikicities.City) string {
	if c.Country == "" {
		return c.Name
	}
	return c.Name + ", " + c.Country
}

// resolveCity reads the city field: a city id, a Wikidata id, a name or
// "name, country"; an unknown or ambiguous city is the field's error.
//
// A city picked from the picker's suggestions or from the candidates of an
// ambiguous name comes as city_id, which settles it.
func (s *Server) resolveCity(f *Form, p *i18n.Printer) int64 {
	if id, err := strconv.ParseInt(f.Get("city_id"), 10, 64); err == nil {
		if c := s.Graph.City(id); c != nil {
			f.Values.Set("city", cityInputValue(c))
			return c.ID
		}
	}
	v := strings.TrimSpace(f.Get("city"))
	if v == "" {
		f.Errors["city"] = p.Msg("form-required")
		return 0
	}
	c, err := s.lookupCity(context.Background(), v)
	var amb *wikicities.AmbiguousError
	switch {
	case err == nil:
		return c.ID
	case errors.As(err, &amb):
		f.Errors["city"] = p.Msg("form-city-ambiguous-pick", v)
		if f.Choices == nil {
			f.Choices = map[string][]option{}
		}
		for _, c := range amb.Candidates[:min(len(amb.Candidates), 10)] {
			f.Choices["city"] = append(f.Choices["city"], option{strconv.FormatInt(c.ID, 10), cityChoiceLabel(c, p)})
		}
	default:
		f.Errors["city"] = p.Msg("form-city-unknown", v)
	}
	return 0
}

// cityChoiceLabel names a candidate city for the reader: its name, its
// region when known, and its country.
func cityChoiceLabel(c *wikicities.City, p *i18n.Printer) string {
	parts := []string{c.NameIn(p.Lang())}
	if c.Region != "" {
		parts = append(parts, regionNameIn(p.Lang(), c.Region))
	}
	if c.Country != "" {
		parts = append(parts, labels.Country(p, c.Country))
	}
	return strings.Join(parts, p.Msg("comma-separator"))
}

// resolveLanguages reads the languages field: names or codes separated by
// commas. The items it cannot read are kept as typed, for the domain's
// validation to name them as the field's problem.
func resolveLanguages(f *Form, p *i18n.Printer) []string {
	codes, unknown := labels.ParseLanguages(p, f.Get("languages"))
	return append(append([]string{}, codes...), unknown...)
}

// communityFromForm builds a community from the form's values.
func (s *Server) communityFromForm(f *Form, p *i18n.Printer) *wikicities.Community {
	c := &wikicities.Community{
		Name: strings.TrimSpace(f.Get("name")), Kind: wikicities.CommunityKind(f.Get("kind")),
		CityID: s.resolveCity(f, p), Website: strings.TrimSpace(f.Get("website")),
		Contact: strings.TrimSpace(f.Get("contact")), MetaPage: strings.TrimSpace(f.Get("meta_page")),
		Status:    wikicities.Status(f.Get("status")),
		Languages: resolveLanguages(f, p), Projects: f.Values["projects"],
		SkillsOffered: f.Values["skills_offered"], SkillsWanted: f.Values["skills_wanted"],
	}
	return c
}

func (s *Server) handleCommunityCreate(w http.ResponseWriter, r *http.Request) {
	if !s.requireSignIn(w, r) || !s.postedForm(w, r) {
		return
	}
	p := s.newPage(w, r)
	pr := p.Printer()
	p.Title = p.Msg("community-new-title")
	f := newForm(r.PostForm)
	c := s.communityFromForm(f, pr)
	if len(f.Errors) == 0 && f.Get("confirm_duplicate") != "1" {
		dups, err := s.similarCommunities(r.Context(), c)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		if len(dups) > 0 {
			d := s.communityFormData(r, p, f)
			d.Action, d.Duplicates = "/communities", dups
			p.Data = d
			s.render(w, r, http.StatusConflict, "community-form", p)
			return
		}
	}
	status := s.submit(w, r, pr, f, formSave{fields: communityFields, aliases: communityAliases, check: c.Validate,
		save: func() (string, error) {
			err := s.Communities.CreateCommunity(r.Context(), c) // sets c.ID
			return fmt.Sprintf("/communities/%d?done=created", c.ID), err
		}})
	if status == 0 {
		return
	}
	d := s.communityFormData(r, p, f)
	d.Action = "/communities"
	p.Data = d
	s.render(w, r, status, "community-form", p)
}

// communityValues fills a form with a community's fields.
func (s *Server) communityValues(c *wikicities.Community, p *i18n.Printer) url.Values {
	v := url.Values{"name": {c.Name}, "kind": {string(c.Kind)}, "website": {c.Website}, "contact": {c.Contact},
		"meta_page": {c.MetaPage}, "status": {string(c.Status)}, "languages": {strings.Join(labels.LanguageValues(p, c.Languages), ", ")},
		"projects": c.Projects, "skills_offered": c.SkillsOffered, "skills_wanted": c.SkillsWanted,
		"version": {strconv.FormatInt(c.Version, 10)}}
	if city := s.Graph.City(c.CityID); city != nil {
		v.Set("city", cityInputValue(city))
	} else {
		v.Set("city", strconv.FormatInt(c.CityID, 10))
	}
	return v
}

// editableCommunity loads the community of the request for its coordinator;
// it answers the request itself and returns nil when it cannot go on.
func (s *Server) editableCommunity(w http.ResponseWriter, r *http.Request) *wikicities.Community {
	c, _ := recordFor(s, w, r, s.Communities.Community, func(a *wikicities.Actor, c *wikicities.Community) error {
		return a.RequireCoordinator(c.Ref())
	})
	return c
}

func (s *Server) handleCommunityEdit(w http.ResponseWriter, r *http.Request) {
	c := s.editableCommunity(w, r)
	if c == nil {
		return
	}
	p := s.newPage(w, r)
	p.Title = p.Msg("community-edit-title", c.Name)
	d := s.communityFormData(r, p, newForm(s.communityValues(c, p.Printer())))
	d.Edit, d.ID, d.Action = true, c.ID, fmt.Sprintf("/communities/%d/edit", c.ID)
	p.Data = d
	s.render(w, r, http.StatusOK, "community-form", p)
}

func (s *Server) handleCommunityUpdate(w http.ResponseWriter, r *http.Request) {
	cur := s.editableCommunity(w, r)
	if cur == nil || !s.postedForm(w, r) {
		return
	}
	p := s.newPage(w, r)
	pr := p.Printer()
	p.Title = p.Msg("community-edit-title", cur.Name)
	f := newForm(r.PostForm)
	c := s.communityFromForm(f, pr)
	c.ID = cur.ID
	c.Archived = cur.Archived
	c.LastActivity = cur.LastActivity
	version, err := formVersion(f)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	c.Version = version
	d := s.communityFormData(r, p, f)
	d.Edit, d.ID, d.Action = true, cur.ID, fmt.Sprintf("/communities/%d/edit", cur.ID)
	status := s.submit(w, r, pr, f, formSave{fields: communityFields, aliases: communityAliases, check: c.Validate,
		save: func() (string, error) {
			return fmt.Sprintf("/communities/%d?done=saved", c.ID), s.Communities.UpdateCommunity(r.Context(), c)
		},
		stale: func() (int64, error) {
			// Shown beside what was typed, which the next save replaces.
			fresh, err := s.Communities.Community(r.Context(), cur.ID)
			if err != nil {
				return 0, err
			}
			d.Community = fresh
			return fresh.Version, nil
		}})
	if status == 0 {
		return
	}
	p.Data = d
	s.render(w, r, status, "community-form", p)
}
