package http

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/health"
	"github.com/wikicities/wikicities/i18n"
	"github.com/wikicities/wikicities/labels"
)

// The pages of the directory and of partnerships: a community, an
// institution and a partnership, and the forms that register and edit a
// community, propose a partnership, answer a proposal and log an activity.
// Every form works without JavaScript, sends the CSRF token, keeps what was
// typed when it comes back with errors, shows each error next to its field
// and writes through the same services as the API, which check who may do
// what.

// registerPartnerPages registers the directory's and partnerships' pages,
// and the sign-in page their forms need.
func (s *Server) registerPartnerPages() {
	s.handle("GET /communities/new", s.handleCommunityNew)
	s.handle("POST /communities", s.handleCommunityCreate)
	s.handle("GET /communities/{id}", s.cached(s.handleCommunityPage))
	s.handle("GET /communities/{id}/edit", s.handleCommunityEdit)
	s.handle("POST /communities/{id}/edit", s.handleCommunityUpdate)
	s.handle("GET /institutions/{id}", s.cached(s.handleInstitutionPage))
	s.handle("GET /partnerships/new", s.handlePartnershipNew)
	s.handle("POST /partnerships", s.handlePartnershipCreate)
	s.handle("GET /partnerships/{id}", s.handlePartnershipPage)
	s.handle("POST /partnerships/{id}/answer", s.handlePartnershipAnswer)
	s.handle("GET /partnerships/{id}/activities/new", s.handleActivityNew)
	s.handle("POST /partnerships/{id}/activities", s.handleActivityCreate)
	s.registerAgreementPages()
	if s.MapFeatured == nil {
		s.MapFeatured = s.communityCities
	}
	s.registerSignInPages()
}

// communityCities features on the home map the cities where communities
// are based, then the most twinned cities.
func (s *Server) communityCities(ctx context.Context) ([]int64, error) {
	ids, err := s.Communities.CommunityCities(ctx)
	if err != nil {
		return nil, err
	}
	seen := make(map[int64]bool, len(ids))
	for _, id := range ids {
		seen[id] = true
	}
	for _, it := range s.graphSummary().byDegree {
		if len(ids) >= mapDefaultLimit {
			break
		}
		if !seen[it.City.ID] {
			ids = append(ids, it.City.ID)
		}
	}
	return ids, nil
}

// partyLink is a party as pages link to it.
type partyLink struct {
	Kind wikicities.PartyKind
	ID   int64
	Name string
}

// URL returns the address of the party's page.
func (l partyLink) URL() string {
	if l.Kind == wikicities.PartyInstitution {
		return "/institutions/" + strconv.FormatInt(l.ID, 10)
	}
	return "/communities/" + strconv.FormatInt(l.ID, 10)
}

// partnershipItem is a partnership in a party's list.
type partnershipItem struct {
	ID                int64
	Other             partyLink
	StateLabel        string
	Score             int
	AtRisk, HasHealth bool
	Summary           string
	HealthStatus      string // the verdict: doing well, at risk, ...
}

// partnershipItems lists the partnerships of ref with their health.
func (s *Server) partnershipItems(r *http.Request, p *i18n.Printer, ref wikicities.PartyRef) ([]partnershipItem, error) {
	ctx := r.Context()
	ps, _, err := s.Partnerships.Partnerships(ctx, wikicities.PartnershipFilter{Party: &ref, Limit: citySectionLimit})
	if err != nil {
		return nil, err
	}
	now := s.Clock.Now()
	items := make([]partnershipItem, 0, len(ps))
	for _, x := range ps {
		other := x.B
		if x.B.Ref() == ref {
			other = x.A
		}
		it := partnershipItem{ID: x.ID, Other: partyLink{other.Kind, other.ID, other.Name}, StateLabel: labels.State(p, x.State)}
		if x.State == wikicities.StateAccepted || x.State == wikicities.StateActive || x.State == wikicities.StateDormant {
			acts, err := s.Partnerships.Activities(ctx, wikicities.ActivityFilter{PartnershipID: x.ID, Limit: -1})
			if err != nil {
				return nil, err
			}
			h := health.Assess(x, acts, now)
			it.HasHealth, it.Score, it.AtRisk = h.Scored, h.Score, h.AtRisk
			it.Summary, it.HealthStatus = labels.HealthSummary(p, h), labels.HealthStatus(p, h.Status)
		}
		items = append(items, it)
	}
	return items, nil
}

// proposeLink is a button proposing a partnership to the page's party
// from one of the communities the visitor coordinates.
type proposeLink struct {
	From partyLink
	URL  string
}

// proposeLinks lists, for a signed-in coordinator, a proposal to ref from
// each community they coordinate (ref itself excepted).
func (s *Server) proposeLinks(r *http.Request, ref wikicities.PartyRef) []proposeLink {
	a := wikicities.ActorFrom(r.Context())
	if !a.CanWrite() {
		return nil
	}
	var out []proposeLink
	for _, c := range a.Coordinates {
		if c.Kind != wikicities.PartyCommunity || c == ref {
			continue
		}
		from, err := s.Communities.Community(r.Context(), c.ID)
		if err != nil || from.Archived {
			continue
		}
		typ := wikicities.TypeRegional
		if ref.Kind == wikicities.PartyInstitution {
			typ = wikicities.TypeInstitutional
		}
		out = append(out, proposeLink{From: partyLink{c.Kind, c.ID, from.Name}, URL: "/partnerships/new?" + url.Values{
			"a": {strconv.FormatInt(c.ID, 10)}, "b": {string(ref.Kind) + ":" + strconv.FormatInt(ref.ID, 10)}, "type": {string(typ)}}.Encode()})
	}
	return out
}

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
}

// suggestionItem is a suggested partner with its reasons in words.
type suggestionItem struct {
	Party      partyLink
	City       string
	CityID     int64
	Reasons    []string
	ProposeURL string
	Strength   string // the score, as a strength to compare suggestions by
}

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
		d.LastActivity = c.LastActivity.Format(time.DateOnly)
	}
	switch r.URL.Query().Get("done") {
	case "created":
		d.Notice = pr.Msg("community-created")
	case "saved":
		d.Notice = pr.Msg("community-saved")
	case "recruit":
		d.Notice = pr.Msg("community-recruit-posted")
	}
	if err := s.suggestionsFor(r, p, c, &d); err != nil {
		s.renderError(w, r, err)
		return
	}
	if d.Partnerships, err = s.partnershipItems(r, pr, c.Ref()); err != nil {
		s.renderError(w, r, err)
		return
	}
	d.ProposeFrom = s.proposeLinks(r, c.Ref())
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

// institutionPage is the Data of an institution's page.
type institutionPage struct {
	Institution  *wikicities.Institution
	City         *wikicities.City
	KindLabel    string
	Wanted       []string
	Partnerships []partnershipItem
	ProposeFrom  []proposeLink
	Coordination coordination
}

func (s *Server) handleInstitutionPage(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.renderError(w, r, errNoPage)
		return
	}
	in, err := s.Institutions.Institution(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	p := s.newPage(w, r)
	pr := p.Printer()
	p.Title = in.Name
	d := institutionPage{Institution: in, City: s.Graph.City(in.CityID), KindLabel: institutionKindLabel(pr, in.Kind),
		Wanted: labels.Skills(pr, in.SkillsWanted)}
	if d.Partnerships, err = s.partnershipItems(r, pr, in.Ref()); err != nil {
		s.renderError(w, r, err)
		return
	}
	d.ProposeFrom = s.proposeLinks(r, in.Ref())
	if d.Coordination, err = s.coordinationOf(r, p, in.Ref()); err != nil {
		s.renderError(w, r, err)
		return
	}
	p.Data = d
	s.render(w, r, http.StatusOK, "institution", p)
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
func (s *Server) resolveCity(f *Form, p *i18n.Printer) int64 {
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
		f.Errors["city"] = p.Msg("form-city-ambiguous", v, candidateList(amb, p))
	default:
		f.Errors["city"] = p.Msg("form-city-unknown", v)
	}
	return 0
}

// communityFromForm builds a community from the form's values.
func (s *Server) communityFromForm(f *Form, p *i18n.Printer) *wikicities.Community {
	c := &wikicities.Community{
		Name: strings.TrimSpace(f.Get("name")), Kind: wikicities.CommunityKind(f.Get("kind")),
		CityID: s.resolveCity(f, p), Website: strings.TrimSpace(f.Get("website")),
		Contact: strings.TrimSpace(f.Get("contact")), MetaPage: strings.TrimSpace(f.Get("meta_page")),
		Status:    wikicities.Status(f.Get("status")),
		Languages: splitList(f.Get("languages")), Projects: f.Values["projects"],
		SkillsOffered: f.Values["skills_offered"], SkillsWanted: f.Values["skills_wanted"],
	}
	if c.Languages == nil {
		c.Languages = []string{}
	}
	return c
}

func (s *Server) handleCommunityCreate(w http.ResponseWriter, r *http.Request) {
	if !s.requireSignIn(w, r) {
		return
	}
	if !s.postedForm(w, r) {
		return
	}
	p := s.newPage(w, r)
	pr := p.Printer()
	p.Title = p.Msg("community-new-title")
	f := newForm(r.PostForm)
	c := s.communityFromForm(f, pr)
	if len(f.Errors) == 0 {
		err := s.Communities.CreateCommunity(r.Context(), c)
		if err == nil {
			http.Redirect(w, r, fmt.Sprintf("/communities/%d?done=created", c.ID), http.StatusSeeOther)
			return
		}
		if err := f.setError(pr, err, communityFields, communityAliases); err != nil {
			s.renderError(w, r, err)
			return
		}
	} else if err := c.Validate(); err != nil {
		// Show every problem at once, not the city's alone.
		f.setError(pr, err, communityFields, communityAliases)
	}
	d := s.communityFormData(r, p, f)
	d.Action = "/communities"
	p.Data = d
	s.render(w, r, http.StatusUnprocessableEntity, "community-form", p)
}

// communityValues fills a form with a community's fields.
func (s *Server) communityValues(c *wikicities.Community) url.Values {
	v := url.Values{"name": {c.Name}, "kind": {string(c.Kind)}, "website": {c.Website}, "contact": {c.Contact},
		"meta_page": {c.MetaPage}, "status": {string(c.Status)}, "languages": {strings.Join(c.Languages, ", ")},
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
	if !s.requireSignIn(w, r) {
		return nil
	}
	id, err := pathID(r, "id")
	if err != nil {
		s.renderError(w, r, errNoPage)
		return nil
	}
	c, err := s.Communities.Community(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return nil
	}
	if err := wikicities.ActorFrom(r.Context()).RequireCoordinator(c.Ref()); err != nil {
		s.renderError(w, r, err)
		return nil
	}
	return c
}

func (s *Server) handleCommunityEdit(w http.ResponseWriter, r *http.Request) {
	c := s.editableCommunity(w, r)
	if c == nil {
		return
	}
	p := s.newPage(w, r)
	p.Title = p.Msg("community-edit-title", c.Name)
	d := s.communityFormData(r, p, newForm(s.communityValues(c)))
	d.Edit, d.ID, d.Action = true, c.ID, fmt.Sprintf("/communities/%d/edit", c.ID)
	p.Data = d
	s.render(w, r, http.StatusOK, "community-form", p)
}

func (s *Server) handleCommunityUpdate(w http.ResponseWriter, r *http.Request) {
	cur := s.editableCommunity(w, r)
	if cur == nil {
		return
	}
	if !s.postedForm(w, r) {
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
	status := http.StatusUnprocessableEntity
	if len(f.Errors) == 0 {
		err := s.Communities.UpdateCommunity(r.Context(), c)
		switch {
		case err == nil:
			http.Redirect(w, r, fmt.Sprintf("/communities/%d?done=saved", c.ID), http.StatusSeeOther)
			return
		case errors.Is(err, wikicities.ErrConflict):
			// Someone saved meanwhile: keep what was typed, show the
			// current record, and base the next save on it.
			f.markStale(cur.Version)
			status = http.StatusConflict
		default:
			if err := f.setError(pr, err, communityFields, communityAliases); err != nil {
				s.renderError(w, r, err)
				return
			}
		}
	} else if err := c.Validate(); err != nil {
		f.setError(pr, err, communityFields, communityAliases)
	}
	d := s.communityFormData(r, p, f)
	d.Edit, d.ID, d.Action = true, cur.ID, fmt.Sprintf("/communities/%d/edit", cur.ID)
	if f.Stale {
		d.Community = cur
	}
	p.Data = d
	s.render(w, r, status, "community-form", p)
}

// proposeForm is the Data of the form that proposes a partnership.
type proposeForm struct {
	Form   *Form
	A      partyLink
	B      partyLink
	Types  []option
	Levels []option
	// Unclaimed: nobody coordinates B yet; the proposal waits for its first coordinator.
	Unclaimed bool
}

var proposeFields = []string{"type", "level", "message", "goals", "languages", "note"}

var proposeAliases = map[string]string{"agreement.goals": "goals", "agreement.languages": "languages", "agreement": "goals"}

// parseParty reads "community:12" or "institution:3".
func parseParty(s string) (wikicities.PartyRef, bool) {
	k, v, _ := strings.Cut(s, ":")
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 || (k != string(wikicities.PartyCommunity) && k != string(wikicities.PartyInstitution)) {
		return wikicities.PartyRef{}, false
	}
	return wikicities.PartyRef{Kind: wikicities.PartyKind(k), ID: id}, true
}

// partyName returns the name of a party. Returns ErrNotFound.
func (s *Server) partyName(ctx context.Context, ref wikicities.PartyRef) (string, error) {
	if ref.Kind == wikicities.PartyInstitution {
		in, err := s.Institutions.Institution(ctx, ref.ID)
		if err != nil {
			return "", err
		}
		return in.Name, nil
	}
	c, err := s.Communities.Community(ctx, ref.ID)
	if err != nil {
		return "", err
	}
	return c.Name, nil
}

// proposeParties reads and checks the two parties of a proposal: a is a
// community the actor coordinates, b another party.
func (s *Server) proposeParties(r *http.Request, values url.Values) (a, b partyLink, err error) {
	aid, err := strconv.ParseInt(values.Get("a"), 10, 64)
	if err != nil || aid <= 0 {
		return a, b, wikicities.Invalidf("a", "%q is not a community id", values.Get("a"))
	}
	bref, ok := parseParty(values.Get("b"))
	if !ok {
		return a, b, wikicities.Invalidf("b", "%q is not a party such as community:12 or institution:3", values.Get("b"))
	}
	aref := wikicities.PartyRef{Kind: wikicities.PartyCommunity, ID: aid}
	if err := wikicities.ActorFrom(r.Context()).RequireCoordinator(aref); err != nil {
		return a, b, err
	}
	an, err := s.partyName(r.Context(), aref)
	if err != nil {
		return a, b, err
	}
	bn, err := s.partyName(r.Context(), bref)
	if err != nil {
		return a, b, err
	}
	return partyLink{aref.Kind, aref.ID, an}, partyLink{bref.Kind, bref.ID, bn}, nil
}

func (s *Server) proposeFormData(p *Page, f *Form, a, b partyLink) proposeForm {
	pr := p.Printer()
	d := proposeForm{Form: f, A: a, B: b}
	for _, t := range wikicities.PartnershipTypes {
		d.Types = append(d.Types, option{string(t), labels.Type(pr, t)})
	}
	for _, l := range wikicities.Levels {
		d.Levels = append(d.Levels, option{string(l), labels.Level(pr, l)})
	}
	return d
}

func (s *Server) handlePartnershipNew(w http.ResponseWriter, r *http.Request) {
	if !s.requireSignIn(w, r) {
		return
	}
	q := r.URL.Query()
	a, b, err := s.proposeParties(r, q)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	p := s.newPage(w, r)
	p.Title = p.Msg("propose-title", a.Name, b.Name)
	f := newForm(url.Values{"a": {q.Get("a")}, "b": {q.Get("b")}, "type": {q.Get("type")}, "level": {string(wikicities.LevelLocal)}})
	if f.Get("type") == "" {
		f.Values.Set("type", string(wikicities.TypeTwinning))
	}
	d := s.proposeFormData(p, f, a, b)
	d.Unclaimed = s.nobodyCoordinates(r, wikicities.PartyRef{Kind: b.Kind, ID: b.ID})
	p.Data = d
	s.render(w, r, http.StatusOK, "propose", p)
}

func (s *Server) handlePartnershipCreate(w http.ResponseWriter, r *http.Request) {
	if !s.requireSignIn(w, r) {
		return
	}
	if !s.postedForm(w, r) {
		return
	}
	a, b, err := s.proposeParties(r, r.PostForm)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	p := s.newPage(w, r)
	pr := p.Printer()
	p.Title = p.Msg("propose-title", a.Name, b.Name)
	f := newForm(r.PostForm)
	ps := &wikicities.Partnership{
		A: wikicities.Party{Kind: a.Kind, ID: a.ID}, B: wikicities.Party{Kind: b.Kind, ID: b.ID},
		Type: wikicities.PartnershipType(f.Get("type")), Level: wikicities.Level(f.Get("level")),
		Message: strings.TrimSpace(f.Get("message")),
		Agreement: wikicities.Agreement{Goals: splitLines(f.Get("goals")),
			Languages: splitList(strings.ToLower(f.Get("languages")))},
	}
	if ps.Agreement.Goals == nil {
		ps.Agreement.Goals = []string{}
	}
	if ps.Agreement.Languages == nil {
		ps.Agreement.Languages = []string{}
	}
	err = s.Partnerships.Propose(r.Context(), ps, strings.TrimSpace(f.Get("note")))
	switch {
	case err == nil:
		http.Redirect(w, r, fmt.Sprintf("/partnerships/%d?done=proposed", ps.ID), http.StatusSeeOther)
		return
	case errors.Is(err, wikicities.ErrConflict):
		f.General = append(f.General, pr.Msg("propose-already-partners", a.Name, b.Name))
	default:
		if err := f.setError(pr, err, proposeFields, proposeAliases); err != nil {
			s.renderError(w, r, err)
			return
		}
	}
	p.Data = s.proposeFormData(p, f, a, b)
	s.render(w, r, http.StatusUnprocessableEntity, "propose", p)
}

// partnershipPage is the Data of a partnership's page.
type partnershipPage struct {
	P                *wikicities.Partnership
	A, B             partyLink
	StateLabel       string
	TypeLabel        string
	LevelLabel       string
	History          []historyItem
	Goals            []string
	Languages        []string
	ReviewDate       string
	Responsibilities []responsibilityItem
	Activities       []activityItem
	Health           health.Report
	HealthStatus     string // the verdict in words: doing well, getting started, ...
	HealthReasons    []string
	HealthSummary    string
	Components       []componentItem
	CanAnswer        bool // a coordinator of B, on a proposal
	CanWithdraw      bool // a coordinator of A, on a proposal
	CanLog           bool // a coordinator of either party, while it lives
	CanRenew         bool // a coordinator of either party, when dormant
	CanEnd           bool // a coordinator of either party, while it lives
	CanEdit          bool // a coordinator of either party, while it lives: agreement and responsibilities
	Owners           []option
	AddForm          *Form // the form adding a responsibility
	Notice           string
	Problem          string
	AnswerForm       *Form
	Extra            partnershipExtras // thread, next step, who was told: pages_inbox.go
}

type historyItem struct{ At, Text, By, Note string }

type responsibilityItem struct {
	ID, Version             int64
	Owner, Description, Due string
	Done, Overdue           bool
}

type activityItem struct {
	Title, KindLabel, Date, Place, Notes string
	Participants                         int
	Outcomes                             []string
	Links                                []string
	Future                               bool
}

type componentItem struct {
	Label       string
	Points, Max int
}

func (s *Server) handlePartnershipPage(w http.ResponseWriter, r *http.Request) {
	s.renderPartnership(w, r, http.StatusOK, "")
}

// renderPartnership writes the partnership page with an optional problem
// (a refused answer) at its top.
func (s *Server) renderPartnership(w http.ResponseWriter, r *http.Request, status int, problem string) {
	id, err := pathID(r, "id")
	if err != nil {
		s.renderError(w, r, errNoPage)
		return
	}
	ctx := r.Context()
	ps := s.Partnerships
	x, err := ps.Partnership(ctx, id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	hist, err := ps.History(ctx, id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	acts, err := ps.Activities(ctx, wikicities.ActivityFilter{PartnershipID: id, Limit: -1})
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	p := s.newPage(w, r)
	pr := p.Printer()
	p.Title = p.Msg("partnership-title", x.A.Name, x.B.Name)
	now := s.Clock.Now()
	a := p.Actor
	d := partnershipPage{P: x, A: partyLink{x.A.Kind, x.A.ID, x.A.Name}, B: partyLink{x.B.Kind, x.B.ID, x.B.Name},
		StateLabel: labels.State(pr, x.State), TypeLabel: labels.Type(pr, x.Type), LevelLabel: labels.Level(pr, x.Level),
		Goals: x.Agreement.Goals, Problem: problem, AnswerForm: newForm(nil)}
	if a.CanWrite() {
		d.CanAnswer = x.State == wikicities.StateProposed && slices.Contains(a.Coordinates, x.B.Ref())
		d.CanWithdraw = x.State == wikicities.StateProposed && a.CoordinatorOf(x.A.Ref())
		d.CanLog = (x.State == wikicities.StateAccepted || x.State == wikicities.StateActive || x.State == wikicities.StateDormant) &&
			(a.CoordinatorOf(x.A.Ref()) || a.CoordinatorOf(x.B.Ref()))
		d.CanEnd = d.CanLog
		d.CanRenew = d.CanLog && x.State == wikicities.StateDormant
	}
	if d.CanEdit = canEditAgreement(a, x); d.CanEdit {
		d.Owners = responsibilityOwners(x)
		d.AddForm = newForm(url.Values{"owner": {string(wikicities.SideA)}})
	}
	switch r.URL.Query().Get("done") {
	case "accept":
		d.Notice = pr.Msg("partnership-accepted-notice")
	case "decline":
		d.Notice = pr.Msg("partnership-declined-notice")
	case "withdraw":
		d.Notice = pr.Msg("partnership-withdrawn-notice")
	case "renew":
		d.Notice = pr.Msg("partnership-renewed-notice")
	case "end":
		d.Notice = pr.Msg("partnership-ended-notice")
	case "activity":
		d.Notice = pr.Msg("activity-logged-notice")
	default:
		if key, ok := agreementNotices[r.URL.Query().Get("done")]; ok {
			d.Notice = pr.Msg(key)
		}
	}
	for _, l := range x.Agreement.Languages {
		d.Languages = append(d.Languages, labels.Language(pr, l))
	}
	if !x.Agreement.ReviewDate.IsZero() {
		d.ReviewDate = x.Agreement.ReviewDate.Format(time.DateOnly)
	}
	for _, h := range hist {
		d.History = append(d.History, historyItem{At: h.At.UTC().Format(time.DateOnly), Text: labels.History(pr, h), By: h.ActorName, Note: h.Note})
	}
	for _, rs := range x.Responsibilities {
		d.Responsibilities = append(d.Responsibilities, responsibilityView(x, rs, now))
	}
	sorted := slices.Clone(acts)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Start.After(sorted[j].Start) })
	for _, ac := range sorted {
		d.Activities = append(d.Activities, activityView(pr, ac, now))
	}
	d.Health = health.Assess(x, acts, now)
	for _, rs := range d.Health.Reasons {
		d.HealthReasons = append(d.HealthReasons, labels.HealthReason(pr, rs))
	}
	d.HealthSummary = labels.HealthSummary(pr, d.Health)
	d.HealthStatus = labels.HealthStatus(pr, d.Health.Status)
	for _, c := range d.Health.Components {
		d.Components = append(d.Components, componentItem{Label: labels.HealthComponent(pr, c.Name), Points: c.Points, Max: c.Max})
	}
	if d.Extra, err = s.partnershipExtras(r, p, x); err != nil {
		s.renderError(w, r, err)
		return
	}
	p.Data = d
	s.render(w, r, status, "partnership", p)
}

func activityView(pr *i18n.Printer, ac *wikicities.Activity, now time.Time) activityItem {
	it := activityItem{Title: ac.Title, KindLabel: labels.ActivityKind(pr, ac.Kind), Date: ac.Start.UTC().Format(time.DateOnly),
		Place: ac.Place, Notes: ac.Notes, Participants: ac.Participants, Links: ac.Outcomes.Links, Future: ac.Start.After(now)}
	o := ac.Outcomes
	if o.ArticlesCreated > 0 {
		it.Outcomes = append(it.Outcomes, pr.Msg("outcome-articles-created", o.ArticlesCreated))
	}
	if o.ArticlesImproved > 0 {
		it.Outcomes = append(it.Outcomes, pr.Msg("outcome-articles-improved", o.ArticlesImproved))
	}
	if o.MediaUploaded > 0 {
		it.Outcomes = append(it.Outcomes, pr.Msg("outcome-media-uploaded", o.MediaUploaded))
	}
	if o.WikidataItems > 0 {
		it.Outcomes = append(it.Outcomes, pr.Msg("outcome-wikidata-items", o.WikidataItems))
	}
	return it
}

// answerActions are the answers to a proposal the page's buttons send.
var answerActions = map[string]wikicities.Action{
	"accept": wikicities.ActionAccept, "decline": wikicities.ActionDecline, "withdraw": wikicities.ActionWithdraw,
	"renew": wikicities.ActionRenew, "end": wikicities.ActionEnd,
}

func (s *Server) handlePartnershipAnswer(w http.ResponseWriter, r *http.Request) {
	if !s.requireSignIn(w, r) {
		return
	}
	id, err := pathID(r, "id")
	if err != nil {
		s.renderError(w, r, errNoPage)
		return
	}
	if !s.postedForm(w, r) {
		return
	}
	action, ok := answerActions[r.PostForm.Get("action")]
	if !ok {
		s.renderError(w, r, wikicities.Invalidf("action", "%q is not accept, decline, withdraw, renew or end", r.PostForm.Get("action")))
		return
	}
	version, err := strconv.ParseInt(r.PostForm.Get("version"), 10, 64)
	if err != nil || version <= 0 {
		s.renderError(w, r, wikicities.Invalidf("version", "the form lacks the version it answers; reload the page"))
		return
	}
	if s.reasonMissing(r, id, action, version) {
		s.renderPartnership(w, r, http.StatusUnprocessableEntity, s.Printer(r).Msg("partnership-reason-required"))
		return
	}
	_, err = s.Partnerships.Transition(r.Context(), id, action, version, strings.TrimSpace(r.PostForm.Get("note")))
	pr := s.Printer(r)
	var se *wikicities.StaleError
	var te *wikicities.TransitionError
	switch {
	case err == nil:
		http.Redirect(w, r, fmt.Sprintf("/partnerships/%d?done=%s", id, r.PostForm.Get("action")), http.StatusSeeOther)
	case errors.As(err, &se):
		s.renderPartnership(w, r, http.StatusConflict, pr.Msg("partnership-stale"))
	case errors.As(err, &te):
		s.renderPartnership(w, r, http.StatusConflict, pr.Msg("partnership-transition-refused"))
	default:
		s.renderError(w, r, err)
	}
}

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

// loggablePartnership loads the partnership of the request for a
// coordinator of either party; nil when the request has been answered.
func (s *Server) loggablePartnership(w http.ResponseWriter, r *http.Request) *wikicities.Partnership {
	if !s.requireSignIn(w, r) {
		return nil
	}
	id, err := pathID(r, "id")
	if err != nil {
		s.renderError(w, r, errNoPage)
		return nil
	}
	x, err := s.Partnerships.Partnership(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return nil
	}
	if err := wikicities.ByEitherParty.Allowed(wikicities.ActorFrom(r.Context()), x); err != nil {
		s.renderError(w, r, err)
		return nil
	}
	return x
}

func (s *Server) activityFormData(p *Page, f *Form, x *wikicities.Partnership) activityForm {
	d := activityForm{Form: f, ID: x.ID, A: partyLink{x.A.Kind, x.A.ID, x.A.Name}, B: partyLink{x.B.Kind, x.B.ID, x.B.Name}}
	for _, k := range wikicities.ActivityKinds {
		d.Kinds = append(d.Kinds, option{string(k), labels.ActivityKind(p.Printer(), k)})
	}
	return d
}

func (s *Server) handleActivityNew(w http.ResponseWriter, r *http.Request) {
	x := s.loggablePartnership(w, r)
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
	x := s.loggablePartnership(w, r)
	if x == nil {
		return
	}
	if !s.postedForm(w, r) {
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
	if len(f.Errors) == 0 {
		err := s.Partnerships.LogActivity(r.Context(), ac)
		var te *wikicities.TransitionError
		switch {
		case err == nil:
			http.Redirect(w, r, fmt.Sprintf("/partnerships/%d?done=activity", x.ID), http.StatusSeeOther)
			return
		case errors.As(err, &te) || errors.Is(err, wikicities.ErrConflict):
			f.General = append(f.General, pr.Msg("activity-not-now", labels.State(pr, x.State)))
		default:
			if err := f.setError(pr, err, activityFields, activityAliases); err != nil {
				s.renderError(w, r, err)
				return
			}
		}
	} else if err := ac.Validate(); err != nil {
		f.setError(pr, err, activityFields, activityAliases)
	}
	p.Data = s.activityFormData(p, f, x)
	s.render(w, r, http.StatusUnprocessableEntity, "activity-form", p)
}
