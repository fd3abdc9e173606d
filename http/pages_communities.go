package http

import (
	"context"
	"errors"
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
	c, ok := pageRecord(s, w, r, s.Communities.Community)
	if !ok {
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
	var err error
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

// option is one choice of a select or a group of checkboxes.
type option struct{ Value, Label string }

// communityFields are the fields of the community form, by the names the
// domain's validation uses.
var communityFields = []string{"name", "kind", "city", "languages", "projects", "website", "contact", "meta_page", "status", "skills_offered", "skills_wanted"}

var communityAliases = map[string]string{"city_id": "city"}

// communityForms are the community's register and edit forms
// (pages_party_form.go).
func (s *Server) communityForms() partyForms[*wikicities.Community] {
	return partyForms[*wikicities.Community]{s: s, template: "community-form", path: "/communities",
		newTitle: "community-new-title", defaultKind: string(wikicities.KindLocalGroup),
		fields: communityFields, aliases: communityAliases,
		choices: func(pr *i18n.Printer, d *partyForm[*wikicities.Community]) {
			for _, k := range wikicities.CommunityKinds {
				d.Kinds = append(d.Kinds, option{string(k), communityKindLabel(pr, k)})
			}
			for _, st := range []wikicities.Status{wikicities.StatusActive, wikicities.StatusDormant, wikicities.StatusClosed} {
				d.Statuses = append(d.Statuses, option{string(st), labels.CommunityStatus(pr, st)})
			}
			for _, pj := range wikicities.Projects {
				d.Projects = append(d.Projects, option{pj, labels.Project(pr, pj)})
			}
		},
		fromForm: s.communityFromForm,
		values:   s.communityValues,
		name:     func(c *wikicities.Community) string { return c.Name },
		version:  func(c *wikicities.Community) int64 { return c.Version },
		keep: func(c, cur *wikicities.Community, version int64) {
			c.ID, c.Archived, c.LastActivity, c.Version = cur.ID, cur.Archived, cur.LastActivity, version
		},
		load:    s.Communities.Community,
		similar: s.similarCommunities,
		create:  s.Communities.CreateCommunity,
		update:  s.Communities.UpdateCommunity,
	}
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

// communityValues fills a form with a community's fields.
func (s *Server) communityValues(c *wikicities.Community, p *i18n.Printer) url.Values {
	return url.Values{"name": {c.Name}, "kind": {string(c.Kind)}, "city": {s.cityFieldValue(c.CityID)}, "website": {c.Website},
		"contact": {c.Contact}, "meta_page": {c.MetaPage}, "status": {string(c.Status)},
		"languages": {strings.Join(labels.LanguageValues(p, c.Languages), ", ")}, "projects": c.Projects,
		"skills_offered": c.SkillsOffered, "skills_wanted": c.SkillsWanted, "version": {strconv.FormatInt(c.Version, 10)}}
}

// editableCommunity loads the community of the request for its coordinator;
// it answers the request itself and returns nil when it cannot go on.
func (s *Server) editableCommunity(w http.ResponseWriter, r *http.Request) *wikicities.Community {
	c, _ := s.communityForms().editable(w, r)
	return c
}
