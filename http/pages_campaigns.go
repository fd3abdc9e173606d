package http

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/i18n"
	"github.com/wikicities/wikicities/labels"
	"github.com/wikicities/wikicities/twins"
)

// The campaigns' pages: the list, a campaign's page with its editions, who
// takes part and its totals (each thing counted once), and the forms that
// create and edit a campaign, add an edition (its owner), sign a group up
// for an edition and run an edition with a twinned group (coordinators).
func (s *Server) registerCampaignPages() {
	s.handle("GET /campaigns", s.handleCampaignsPage)
	s.handle("GET /campaigns/new", s.handleCampaignNew)
	s.handle("POST /campaigns", s.handleCampaignCreate)
	s.handle("GET /campaigns/{id}", s.cached(s.handleCampaignPage))
	s.handle("GET /campaigns/{id}/edit", s.handleCampaignEdit)
	s.handle("POST /campaigns/{id}/edit", s.handleCampaignSave)
	s.handle("GET /campaigns/{id}/editions/new", s.handleEditionNew)
	s.handle("POST /campaigns/{id}/editions", s.handleEditionCreate)
	s.handle("POST /editions/{id}/join", s.handleEditionJoin)
	s.handle("POST /editions/{id}/twins", s.handleEditionTwin)
}

// campaignItem is a campaign in the list.
type campaignItem struct {
	ID                   int64
	Name, Description    string
	Editions, Countries  int
	Groups, Twins, Years string
}

func (s *Server) handleCampaignsPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	cs, err := s.Campaigns.Campaigns(ctx)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	p := s.newPage(w, r)
	pr := p.Printer()
	p.Title = p.Msg("campaigns-title")
	var items []campaignItem
	for _, c := range cs {
		eds, err := s.Campaigns.Editions(ctx, c.ID)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		ns, ts, err := s.Campaigns.Participation(ctx, c.ID, 0)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		tot := wikicities.CampaignTotalsOf(ns, ts)
		it := campaignItem{ID: c.ID, Name: c.Name, Description: c.Description, Editions: len(eds), Countries: len(tot.Countries),
			Groups: pr.Msg("campaign-groups", tot.Groups), Twins: pr.Msg("campaign-twin-pairs", tot.TwinPairs)}
		var years []string
		for _, ed := range eds {
			years = append(years, pr.Digits(ed.Year))
		}
		it.Years = labels.JoinWords(pr, years)
		items = append(items, it)
	}
	p.Data = map[string]any{"Items": items, "CanCreate": p.Actor.CanWrite()}
	s.render(w, r, http.StatusOK, "campaigns", p)
}

// campaignPage is the Data of a campaign's page.
type campaignPage struct {
	C         *wikicities.Campaign
	Totals    totalsView
	Editions  []editionView
	CanManage bool
	Resources resourcesSection // the library resources attached
	Notice    string
	Problem   string
}

// totalsView are a campaign's or an edition's totals in words.
type totalsView struct {
	Countries []string
	Groups    int
	Partners  int
	TwinPairs int
}

func totalsOf(t wikicities.CampaignTotals, country func(string) string) totalsView {
	v := totalsView{Groups: t.Groups, Partners: t.Partners, TwinPairs: t.TwinPairs}
	for _, c := range t.Countries {
		v.Countries = append(v.Countries, country(c))
	}
	return v
}

// editionView is an edition on its campaign's page.
type editionView struct {
	E            *wikicities.Edition
	Name         string // "Wiki Loves Monuments 2026"
	Dates        string
	Team         string
	Totals       totalsView
	Participants []participantView
	Twins        []twinView
	Join         []joinForm // the reader's groups that may sign up
	TwinForms    []twinForm // the reader's taking-part groups that may pair up
	CanManage    bool       // the reader is on its team
	Events       string     // the link to its events
	JoinsTotal   int        // how many groups take part
	TwinsTotal   int        // how many twin pairs
	NoteTwinNeed bool       // the reader's groups take part but have no twinned partner taking part
	// JoinHow: the edition has not ended and the reader coordinates no
	// group, so the page says who signs a group up and where to begin.
	JoinHow bool
}

type participantView struct {
	Community      partyLink
	Country        string
	Region         string
	Partners       []partyLink
	UploadCampaign string
}

type twinView struct {
	A, B     partyLink
	Goal     string
	Worklist []string
}

// joinForm signs one of the reader's groups up for an edition.
type joinForm struct {
	Community partyLink
	Country   string
	Partners  []option
}

// twinForm pairs one of the reader's groups with twinned groups taking part.
type twinForm struct {
	Community partyLink
	Partners  []option
}

var campaignNotices = map[string]string{"created": "campaign-created-notice", "saved": "campaign-saved-notice",
	"edition": "edition-created-notice", "joined": "edition-joined-notice", "twinned": "edition-twinned-notice",
	attachDone: "resource-attached-notice", detachDone: "resource-detached-notice"}

func (s *Server) handleCampaignPage(w http.ResponseWriter, r *http.Request) {
	s.renderCampaign(w, r, http.StatusOK, "")
}

// regionName names an ISO country code in language lang ("DE" is
// "Deutschland" in German), or returns the code when CLDR does not know it.
func regionName(lang, code string) string {
	region, err := language.ParseRegion(code)
	if err != nil {
		return code
	}
	tag, err := language.Parse(lang)
	if err != nil {
		return code
	}
	if n := display.Regions(tag).Name(region); n != "" {
		return n
	}
	return code
}

func (s *Server) renderCampaign(w http.ResponseWriter, r *http.Request, status int, problem string) {
	ctx := r.Context()
	c, ok := pageRecord(s, w, r, s.Campaigns.Campaign)
	if !ok {
		return
	}
	eds, err := s.Campaigns.Editions(ctx, c.ID)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	ns, ts, err := s.Campaigns.Participation(ctx, c.ID, 0)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	p := s.newPage(w, r)
	pr := p.Printer()
	p.Title = c.Name
	country := func(code string) string { return regionName(pr.Lang(), code) }
	d := campaignPage{C: c, Totals: totalsOf(wikicities.CampaignTotalsOf(ns, ts), country),
		CanManage: wikicities.CanManageCampaign(p.Actor, c) == nil, Notice: doneNotice(r, pr, campaignNotices), Problem: problem}
	mine := s.coordinatedCommunities(r)
	for _, ed := range eds {
		v, err := s.editionView(r, c, ed, ns, ts, mine, country)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		d.Editions = append(d.Editions, v)
	}
	if d.Resources, err = s.resourcesSectionOf(r, pr, wikicities.ResourceTarget{Kind: wikicities.TargetCampaign, ID: c.ID},
		fmt.Sprintf("/campaigns/%d/resources", c.ID), d.CanManage); err != nil {
		s.renderError(w, r, err)
		return
	}
	p.Data = d
	s.render(w, r, status, "campaign", p)
}

// editionView builds an edition's part of its campaign's page from the
// campaign's participation ns and ts, with the forms of the reader's
// groups mine.
func (s *Server) editionView(r *http.Request, c *wikicities.Campaign, ed *wikicities.Edition, ns []*wikicities.NationalEdition,
	ts []*wikicities.TwinEdition, mine []*wikicities.Community, country func(string) string) (editionView, error) {
	pr := s.Printer(r)
	a := wikicities.ActorFrom(r.Context())
	v := editionView{E: ed, Name: pr.Msg("campaign-edition-name", c.Name, pr.Digits(ed.Year)), Dates: dateRange(pr, ed.Start, ed.End),
		CanManage: wikicities.CanManageEdition(a, c, ed) == nil, Events: fmt.Sprintf("/events?edition=%d", ed.ID)}
	var names []string
	for _, m := range ed.Team {
		names = append(names, m.Username)
	}
	v.Team = labels.JoinWords(pr, names)
	var myNs []*wikicities.NationalEdition
	var myTs []*wikicities.TwinEdition
	taking := map[int64]*wikicities.NationalEdition{}
	for _, n := range ns {
		if n.EditionID != ed.ID {
			continue
		}
		myNs = append(myNs, n)
		taking[n.Community.ID] = n
		pv := participantView{Community: partyLink{n.Community.Kind, n.Community.ID, n.Community.Name}, Country: country(n.Country),
			Region: n.Region, UploadCampaign: n.UploadCampaign}
		for _, x := range n.Partners {
			pv.Partners = append(pv.Partners, partyLink{x.Kind, x.ID, x.Name})
		}
		v.Participants = append(v.Participants, pv)
	}
	paired := map[[2]int64]bool{}
	for _, t := range ts {
		if t.EditionID != ed.ID {
			continue
		}
		myTs = append(myTs, t)
		paired[[2]int64{t.A.ID, t.B.ID}], paired[[2]int64{t.B.ID, t.A.ID}] = true, true
		v.Twins = append(v.Twins, twinView{A: partyLink{t.A.Kind, t.A.ID, t.A.Name}, B: partyLink{t.B.Kind, t.B.ID, t.B.Name},
			Goal: t.Goal, Worklist: t.Worklist})
	}
	v.Totals = totalsOf(wikicities.CampaignTotalsOf(myNs, myTs), country)
	v.JoinsTotal, v.TwinsTotal = len(myNs), len(myTs)
	v.JoinHow = len(mine) == 0 && !s.Clock.Now().UTC().After(ed.End.AddDate(0, 0, 1))
	for _, m := range mine {
		if taking[m.ID] == nil {
			jf, err := s.joinFormOf(r, m)
			if err != nil {
				return v, err
			}
			v.Join = append(v.Join, jf)
			continue
		}
		tf := twinForm{Community: partyLink{wikicities.PartyCommunity, m.ID, m.Name}}
		twinsOf := s.Graph.Twins(m.CityID)
		twinTaking := false // a group of a twin city takes part, paired with m or not
		for id, n := range taking {
			cm, err := s.Communities.Community(r.Context(), id)
			if err != nil || id == m.ID || !slices.Contains(twinsOf, cm.CityID) {
				continue
			}
			twinTaking = true
			if !paired[[2]int64{m.ID, id}] {
				tf.Partners = append(tf.Partners, option{strconv.FormatInt(id, 10), n.Community.Name})
			}
		}
		if len(tf.Partners) > 0 {
			slices.SortFunc(tf.Partners, func(x, y option) int { return strings.Compare(x.Label, y.Label) })
			v.TwinForms = append(v.TwinForms, tf)
		}
		v.NoteTwinNeed = v.NoteTwinNeed || !twinTaking
	}
	return v, nil
}

// joinFormOf is the form signing community m up: its country from its
// city, and its partners from its live partnerships.
func (s *Server) joinFormOf(r *http.Request, m *wikicities.Community) (joinForm, error) {
	jf := joinForm{Community: partyLink{wikicities.PartyCommunity, m.ID, m.Name}, Country: m.Country}
	if city := s.Graph.City(m.CityID); city != nil {
		jf.Country = countryCodeOf(city.Country)
	}
	ref := m.Ref()
	ps, _, err := s.Partnerships.Partnerships(r.Context(), wikicities.PartnershipFilter{Party: &ref, Limit: 100})
	if err != nil {
		return jf, err
	}
	for _, x := range ps {
		if x.State != wikicities.StateAccepted && x.State != wikicities.StateActive && x.State != wikicities.StateDormant {
			continue
		}
		other := x.B
		if x.B.Ref() == ref {
			other = x.A
		}
		jf.Partners = append(jf.Partners, option{string(other.Kind) + ":" + strconv.FormatInt(other.ID, 10), other.Name})
	}
	return jf, nil
}

// countryCodeOf returns the ISO code of a country as the directory names
// it ("France" is FR), or the name itself when it is a code already or
// CLDR does not know it.
func countryCodeOf(label string) string {
	if len(label) == 2 {
		return strings.ToUpper(label)
	}
	_, state := twins.SplitCountry(label)
	if region, ok := labels.CountryRegion(state); ok {
		return region.String()
	}
	return ""
}

func (s *Server) handleEditionJoin(w http.ResponseWriter, r *http.Request) {
	id, ok := s.postedAction(w, r)
	if !ok {
		return
	}
	f := r.PostForm
	community, _ := strconv.ParseInt(f.Get("community"), 10, 64)
	n := &wikicities.NationalEdition{EditionID: id, Community: wikicities.Party{Kind: wikicities.PartyCommunity, ID: community},
		Country: strings.ToUpper(strings.TrimSpace(f.Get("country"))), Region: strings.TrimSpace(f.Get("region")),
		UploadCampaign: strings.TrimSpace(f.Get("upload_campaign")), Partners: []wikicities.Party{}}
	for _, v := range f["partners"] {
		kind, num, _ := strings.Cut(v, ":")
		pid, err := strconv.ParseInt(num, 10, 64)
		if err == nil && (kind == string(wikicities.PartyCommunity) || kind == string(wikicities.PartyInstitution)) {
			n.Partners = append(n.Partners, wikicities.Party{Kind: wikicities.PartyKind(kind), ID: pid})
		}
	}
	s.editionAction(w, r, id, "joined", s.Campaigns.JoinEdition(r.Context(), n))
}

// editionAction answers a form posted on edition id's part of its
// campaign's page: back to the page, or the page again saying why not.
func (s *Server) editionAction(w http.ResponseWriter, r *http.Request, id int64, done string, err error) {
	ed, lerr := s.Campaigns.Edition(r.Context(), id)
	if lerr != nil {
		s.renderError(w, r, lerr)
		return
	}
	r.SetPathValue("id", strconv.FormatInt(ed.CampaignID, 10))
	pr := s.Printer(r)
	s.afterAction(w, r, err, actionOutcome{done: fmt.Sprintf("/campaigns/%d?done=%s#edition-%d", ed.CampaignID, done, id),
		again: s.renderCampaign, conflict: pr.Msg("edition-" + done + "-refused"), invalid: pr.Msg("edition-input-refused", errorDetail(pr, err))})
}

// errorDetail says what is wrong with a refused input in the reader's
// words where it can: the field and its problem.
func errorDetail(pr *i18n.Printer, err error) string {
	var ve wikicities.ValidationErrors
	var fe *wikicities.FieldError
	if errors.As(err, &ve) && len(ve) > 0 {
		fe = ve[0]
	} else if !errors.As(err, &fe) {
		return ""
	}
	if fe.Problem == "" {
		return fe.Field + pr.Msg("colon-separator") + fe.Message
	}
	return fe.Field + pr.Msg("colon-separator") + labels.Problem(pr, fe)
}

func (s *Server) handleEditionTwin(w http.ResponseWriter, r *http.Request) {
	id, ok := s.postedAction(w, r)
	if !ok {
		return
	}
	f := r.PostForm
	a, _ := strconv.ParseInt(f.Get("community"), 10, 64)
	b, _ := strconv.ParseInt(f.Get("partner"), 10, 64)
	t := &wikicities.TwinEdition{EditionID: id, A: wikicities.Party{Kind: wikicities.PartyCommunity, ID: a},
		B: wikicities.Party{Kind: wikicities.PartyCommunity, ID: b}, Goal: strings.TrimSpace(f.Get("goal")),
		Worklist: splitLines(f.Get("worklist"))}
	s.editionAction(w, r, id, "twinned", s.Campaigns.CreateTwinEdition(r.Context(), t))
}

// campaignForm is the Data of the campaign form.
type campaignForm struct {
	Form   *Form
	Action string
	Edit   bool
	Cancel string
}

var campaignFields = []string{"name", "wikidata", "description", "meta_page"}

func campaignFromForm(f *Form) *wikicities.Campaign {
	return &wikicities.Campaign{Name: strings.TrimSpace(f.Get("name")), Wikidata: strings.TrimSpace(f.Get("wikidata")),
		Description: strings.TrimSpace(f.Get("description")), MetaPage: strings.TrimSpace(f.Get("meta_page"))}
}

func (s *Server) handleCampaignNew(w http.ResponseWriter, r *http.Request) {
	if !s.requireSignIn(w, r) {
		return
	}
	p := s.newPage(w, r)
	p.Title = p.Msg("campaign-new-title")
	p.Data = campaignForm{Form: newForm(nil), Action: "/campaigns", Cancel: "/campaigns"}
	s.render(w, r, http.StatusOK, "campaign-form", p)
}

func (s *Server) handleCampaignCreate(w http.ResponseWriter, r *http.Request) {
	if !s.requireSignIn(w, r) || !s.postedForm(w, r) {
		return
	}
	p := s.newPage(w, r)
	pr := p.Printer()
	p.Title = p.Msg("campaign-new-title")
	f := newForm(r.PostForm)
	c := campaignFromForm(f)
	status := s.submit(w, r, pr, f, formSave{fields: campaignFields, check: c.Validate, conflict: pr.Msg("campaign-wikidata-taken"),
		save: func() (string, error) {
			err := s.Campaigns.CreateCampaign(r.Context(), c)
			return fmt.Sprintf("/campaigns/%d?done=created", c.ID), err
		}})
	if status == 0 {
		return
	}
	p.Data = campaignForm{Form: f, Action: "/campaigns", Cancel: "/campaigns"}
	s.render(w, r, status, "campaign-form", p)
}

// managedCampaign loads the campaign of the address for its owner.
func (s *Server) managedCampaign(w http.ResponseWriter, r *http.Request) (*wikicities.Campaign, bool) {
	return recordFor(s, w, r, s.Campaigns.Campaign, wikicities.CanManageCampaign)
}

// campaignValues are the edit form's values for c, version included.
func campaignValues(c *wikicities.Campaign) url.Values {
	return url.Values{"name": {c.Name}, "wikidata": {c.Wikidata}, "description": {c.Description}, "meta_page": {c.MetaPage},
		"version": {strconv.FormatInt(c.Version, 10)}}
}

func (s *Server) handleCampaignEdit(w http.ResponseWriter, r *http.Request) {
	c, ok := s.managedCampaign(w, r)
	if !ok {
		return
	}
	p := s.newPage(w, r)
	p.Title = p.Msg("campaign-edit-title", c.Name)
	f := newForm(campaignValues(c))
	p.Data = campaignForm{Form: f, Action: fmt.Sprintf("/campaigns/%d/edit", c.ID), Edit: true, Cancel: fmt.Sprintf("/campaigns/%d", c.ID)}
	s.render(w, r, http.StatusOK, "campaign-form", p)
}

func (s *Server) handleCampaignSave(w http.ResponseWriter, r *http.Request) {
	cur, ok := s.managedCampaign(w, r)
	if !ok || !s.postedForm(w, r) {
		return
	}
	p := s.newPage(w, r)
	pr := p.Printer()
	p.Title = p.Msg("campaign-edit-title", cur.Name)
	f := newForm(r.PostForm)
	c := campaignFromForm(f)
	c.ID = cur.ID
	version := formVersion(f)
	c.Version = version
	status := s.submit(w, r, pr, f, formSave{fields: campaignFields, check: c.Validate, conflict: pr.Msg("campaign-wikidata-taken"),
		save: func() (string, error) {
			return fmt.Sprintf("/campaigns/%d?done=saved", cur.ID), s.Campaigns.UpdateCampaign(r.Context(), c)
		},
		stale: func() (int64, url.Values, error) {
			now, err := s.Campaigns.Campaign(r.Context(), cur.ID)
			if err != nil {
				return 0, nil, err
			}
			return now.Version, campaignValues(now), nil
		}})
	if status == 0 {
		return
	}
	p.Data = campaignForm{Form: f, Action: fmt.Sprintf("/campaigns/%d/edit", cur.ID), Edit: true, Cancel: fmt.Sprintf("/campaigns/%d", cur.ID)}
	s.render(w, r, status, "campaign-form", p)
}

var editionFields = []string{"year", "start", "end", "commons_campaign", "dashboard_campaign", "meta_page"}

func (s *Server) handleEditionNew(w http.ResponseWriter, r *http.Request) {
	c, ok := s.managedCampaign(w, r)
	if !ok {
		return
	}
	p := s.newPage(w, r)
	p.Title = p.Msg("edition-new-title", c.Name)
	year := s.Clock.Now().Year()
	f := newForm(url.Values{"year": {strconv.Itoa(year)}, "start": {fmt.Sprintf("%d-09-01", year)}, "end": {fmt.Sprintf("%d-09-30", year)}})
	p.Data = map[string]any{"Form": f, "C": c}
	s.render(w, r, http.StatusOK, "edition-form", p)
}

func (s *Server) handleEditionCreate(w http.ResponseWriter, r *http.Request) {
	c, ok := s.managedCampaign(w, r)
	if !ok || !s.postedForm(w, r) {
		return
	}
	p := s.newPage(w, r)
	pr := p.Printer()
	p.Title = p.Msg("edition-new-title", c.Name)
	f := newForm(r.PostForm)
	year, err := strconv.Atoi(strings.TrimSpace(f.Get("year")))
	if err != nil {
		f.Errors["year"] = pr.Msg("form-not-a-number")
	}
	e := &wikicities.Edition{CampaignID: c.ID, Year: year, Start: formDate(f, pr, "start", true), End: formDate(f, pr, "end", true),
		CommonsCampaign: strings.TrimSpace(f.Get("commons_campaign")), DashboardCampaign: strings.TrimSpace(f.Get("dashboard_campaign")),
		MetaPage: strings.TrimSpace(f.Get("meta_page"))}
	status := s.submit(w, r, pr, f, formSave{fields: editionFields, check: e.Validate, conflict: pr.Msg("edition-year-taken", pr.Digits(year)),
		save: func() (string, error) {
			err := s.Campaigns.CreateEdition(r.Context(), e)
			return fmt.Sprintf("/campaigns/%d?done=edition#edition-%d", c.ID, e.ID), err
		}})
	if status == 0 {
		return
	}
	p.Data = map[string]any{"Form": f, "C": c}
	s.render(w, r, status, "edition-form", p)
}

// dateRange writes the days from a to b: one date when they are the same.
func dateRange(pr *i18n.Printer, a, b time.Time) string {
	if a.Equal(b) {
		return pr.Date(a)
	}
	return pr.Msg("edition-dates", pr.Date(a), pr.Date(b))
}
