package http

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/i18n"
)

// Wiki Clubs: the list, a page per club (its host, meetings, figures,
// toolkit and the sister clubs in twin cities), the guided "start a Wiki
// Club" form for coordinators of a host institution, and the club's edit
// form for its coordinators. A city's page lists its clubs; an
// institution's page lists the clubs it hosts.

func (s *Server) registerClubPages() {
	s.handle("GET /clubs", s.cached(s.handleClubs))
	s.handle("GET /clubs/new", s.handleClubNew)
	s.handle("POST /clubs", s.handleClubCreate)
	s.handle("GET /clubs/{id}", s.cached(s.handleClubPage))
	s.handle("GET /clubs/{id}/edit", s.handleClubEdit)
	s.handle("POST /clubs/{id}/edit", s.handleClubUpdate)
}

// clubItem is a club in a list.
type clubItem struct {
	ID       int64
	Name     string
	Host     partyLink
	City     string
	CityID   int64
	Members  int
	Schedule string
}

func (s *Server) clubItemOf(pr *i18n.Printer, c *wikicities.WikiClub) clubItem {
	it := clubItem{ID: c.CommunityID, Name: c.Name, Host: partyLink{Kind: wikicities.PartyInstitution, ID: c.HostID, Name: c.HostName},
		CityID: c.CityID, Members: c.Members, Schedule: c.MeetingSchedule}
	if city := s.Graph.City(c.CityID); city != nil {
		it.City = city.NameIn(pr.Lang())
	}
	return it
}

// hostsOf lists the institutions a may start a club in: those it
// coordinates, by name.
func (s *Server) hostsOf(r *http.Request, a *wikicities.Actor) []option {
	var out []option
	if !a.CanWrite() {
		return nil
	}
	for _, ref := range a.Coordinates {
		if ref.Kind != wikicities.PartyInstitution {
			continue
		}
		if in, err := s.Institutions.Institution(r.Context(), ref.ID); err == nil {
			out = append(out, option{strconv.FormatInt(in.ID, 10), in.Name})
		}
	}
	return out
}

// clubsPage is the Data of /clubs.
type clubsPage struct {
	Clubs    []clubItem
	CanStart bool
}

func (s *Server) handleClubs(w http.ResponseWriter, r *http.Request) {
	p := s.newPage(w, r)
	pr := p.Printer()
	p.Title = pr.Msg("clubs-title")
	cs, err := s.Clubs.Clubs(r.Context())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	d := clubsPage{CanStart: len(s.hostsOf(r, p.Actor)) > 0}
	for _, c := range cs {
		d.Clubs = append(d.Clubs, s.clubItemOf(pr, c))
	}
	p.Data = d
	s.render(w, r, http.StatusOK, "clubs", p)
}

// clubPage is the Data of /clubs/{id}.
type clubPage struct {
	Club         *wikicities.WikiClub
	Item         clubItem
	FirstMeeting string
	Toolkit      *resourceItem
	Sisters      []sisterClub
	CanEdit      bool
	Notice       string
}

// sisterClub is a club in a twin city, with the button that proposes the
// partnership, for the club's coordinators.
type sisterClub struct {
	clubItem
	ProposeURL string
}

func (s *Server) handleClubPage(w http.ResponseWriter, r *http.Request) {
	c, ok := pageRecord(s, w, r, s.Clubs.Club)
	if !ok {
		return
	}
	p := s.newPage(w, r)
	pr := p.Printer()
	d := clubPage{Club: c, Item: s.clubItemOf(pr, c),
		CanEdit: p.Actor.CanWrite() && p.Actor.CoordinatorOf(wikicities.PartyRef{Kind: wikicities.PartyCommunity, ID: c.CommunityID}),
		Notice:  doneNotice(r, pr, map[string]string{"started": "club-started", "saved": "club-saved"})}
	p.Title = c.Name
	if !c.FirstMeeting.IsZero() {
		d.FirstMeeting = pr.Date(c.FirstMeeting)
	}
	if c.ToolkitID != 0 {
		if x, err := s.Training.Resource(r.Context(), c.ToolkitID); err == nil {
			it := resourceItemOf(pr, x)
			d.Toolkit = &it
		}
	}
	sisters, err := s.Clubs.SisterClubs(r.Context(), c.CommunityID)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	for _, x := range sisters {
		sc := sisterClub{clubItem: s.clubItemOf(pr, x)}
		if d.CanEdit {
			sc.ProposeURL = "/partnerships/new?" + url.Values{"a": {strconv.FormatInt(c.CommunityID, 10)},
				"b": {string(wikicities.PartyCommunity) + ":" + strconv.FormatInt(x.CommunityID, 10)}, "type": {string(wikicities.TypeTwinning)}}.Encode()
		}
		d.Sisters = append(d.Sisters, sc)
	}
	p.Data = d
	s.render(w, r, http.StatusOK, "club", p)
}

// clubForm is the Data of the start and edit forms.
type clubForm struct {
	Form     *Form
	Edit     bool
	ID       int64
	Action   string
	Hosts    []option
	Toolkits []option
}

var clubFields = []string{"name", "host", "host_agreement", "meeting_schedule", "first_meeting", "toolkit", "members", "regular_editors", "outreach_events"}

var clubAliases = map[string]string{"host_id": "host", "toolkit_id": "toolkit"}

func (s *Server) clubFormData(r *http.Request, p *Page, f *Form) clubForm {
	pr := p.Printer()
	d := clubForm{Form: f, Hosts: s.hostsOf(r, p.Actor), Toolkits: []option{{"", pr.Msg("club-toolkit-none")}}}
	if all, err := s.Training.Resources(r.Context(), wikicities.ResourceFilter{}); err == nil {
		for _, x := range all {
			if x.Format == wikicities.FormatToolkit || x.Format == wikicities.FormatHandbook {
				d.Toolkits = append(d.Toolkits, option{strconv.FormatInt(x.ID, 10), resourceItemOf(pr, x).Title})
			}
		}
	} else {
		s.Log.Error("listing the library", "err", err)
	}
	return d
}

// clubFromForm reads the posted form; numbers and dates that do not read
// are the form's own errors.
func clubFromForm(pr *i18n.Printer, f *Form) *wikicities.WikiClub {
	c := &wikicities.WikiClub{Name: strings.TrimSpace(f.Get("name")), HostAgreement: f.Get("host_agreement"), MeetingSchedule: f.Get("meeting_schedule")}
	c.HostID, _ = strconv.ParseInt(f.Get("host"), 10, 64)
	c.ToolkitID, _ = strconv.ParseInt(f.Get("toolkit"), 10, 64)
	if v := strings.TrimSpace(f.Get("first_meeting")); v != "" {
		t, err := time.Parse(time.DateOnly, v)
		if err != nil {
			f.Errors["first_meeting"] = pr.Msg("form-not-a-date", v)
		}
		c.FirstMeeting = t
	}
	for field, dst := range map[string]*int{"members": &c.Members, "regular_editors": &c.RegularEditors, "outreach_events": &c.OutreachEvents} {
		if v := strings.TrimSpace(f.Get(field)); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				f.Errors[field] = pr.Msg("club-number-invalid")
			}
			*dst = n
		}
	}
	return c
}

func (s *Server) handleClubNew(w http.ResponseWriter, r *http.Request) {
	if !s.requireSignIn(w, r) {
		return
	}
	p := s.newPage(w, r)
	p.Title = p.Msg("club-new-title")
	f := newForm(nil)
	f.Values.Set("host", r.URL.Query().Get("host"))
	d := s.clubFormData(r, p, f)
	if len(d.Hosts) == 0 {
		s.renderError(w, r, fmt.Errorf("%w: a Wiki Club is started by a coordinator of its host institution", wikicities.ErrForbidden))
		return
	}
	d.Action = "/clubs"
	p.Data = d
	s.render(w, r, http.StatusOK, "club-form", p)
}

func (s *Server) handleClubCreate(w http.ResponseWriter, r *http.Request) {
	if !s.requireSignIn(w, r) || !s.postedForm(w, r) {
		return
	}
	p := s.newPage(w, r)
	pr := p.Printer()
	f := newForm(r.PostForm)
	c := clubFromForm(pr, f)
	if c.Name == "" {
		f.Errors["name"] = pr.Msg("form-required")
	}
	status := s.submit(w, r, pr, f, formSave{fields: clubFields, aliases: clubAliases,
		conflict: pr.Msg("club-name-taken"),
		save: func() (string, error) {
			if err := s.Clubs.StartClub(r.Context(), c); err != nil {
				return "", err
			}
			return fmt.Sprintf("/clubs/%d?done=started", c.CommunityID), nil
		}})
	if status == 0 {
		return
	}
	p.Title = pr.Msg("club-new-title")
	d := s.clubFormData(r, p, f)
	d.Action = "/clubs"
	p.Data = d
	s.render(w, r, status, "club-form", p)
}

// editableClub loads club {id} for one of its coordinators.
func (s *Server) editableClub(w http.ResponseWriter, r *http.Request) (*wikicities.WikiClub, bool) {
	return recordFor(s, w, r, s.Clubs.Club, func(a *wikicities.Actor, c *wikicities.WikiClub) error {
		return a.RequireCoordinator(wikicities.PartyRef{Kind: wikicities.PartyCommunity, ID: c.CommunityID})
	})
}

// clubValues are the edit form's values for c, version included.
func clubValues(c *wikicities.WikiClub) url.Values {
	v := url.Values{"host_agreement": {c.HostAgreement}, "meeting_schedule": {c.MeetingSchedule},
		"members": {strconv.Itoa(c.Members)}, "regular_editors": {strconv.Itoa(c.RegularEditors)},
		"outreach_events": {strconv.Itoa(c.OutreachEvents)}, "version": {strconv.FormatInt(c.Version, 10)}}
	if !c.FirstMeeting.IsZero() {
		v.Set("first_meeting", c.FirstMeeting.UTC().Format(time.DateOnly))
	}
	return v
}

func (s *Server) handleClubEdit(w http.ResponseWriter, r *http.Request) {
	c, ok := s.editableClub(w, r)
	if !ok {
		return
	}
	p := s.newPage(w, r)
	p.Title = p.Msg("club-edit-title", c.Name)
	f := newForm(clubValues(c))
	d := s.clubFormData(r, p, f)
	d.Edit, d.ID, d.Action = true, c.CommunityID, fmt.Sprintf("/clubs/%d/edit", c.CommunityID)
	p.Data = d
	s.render(w, r, http.StatusOK, "club-form", p)
}

func (s *Server) handleClubUpdate(w http.ResponseWriter, r *http.Request) {
	cur, ok := s.editableClub(w, r)
	if !ok || !s.postedForm(w, r) {
		return
	}
	p := s.newPage(w, r)
	pr := p.Printer()
	f := newForm(r.PostForm)
	c := clubFromForm(pr, f)
	c.CommunityID, c.Name, c.HostID = cur.CommunityID, cur.Name, cur.HostID
	status := s.submit(w, r, pr, f, formSave{fields: clubFields, aliases: clubAliases,
		save: func() (string, error) {
			v := formVersion(f)
			c.Version = v
			if err := s.Clubs.UpdateClub(r.Context(), c); err != nil {
				return "", err
			}
			return fmt.Sprintf("/clubs/%d?done=saved", c.CommunityID), nil
		},
		stale: func() (int64, url.Values, error) {
			cur, err := s.Clubs.Club(r.Context(), c.CommunityID)
			if err != nil {
				return 0, nil, err
			}
			return cur.Version, clubValues(cur), nil
		}})
	if status == 0 {
		return
	}
	p.Title = pr.Msg("club-edit-title", cur.Name)
	d := s.clubFormData(r, p, f)
	d.Edit, d.ID, d.Action = true, cur.CommunityID, fmt.Sprintf("/clubs/%d/edit", cur.CommunityID)
	p.Data = d
	s.render(w, r, status, "club-form", p)
}

// cityClubsSection lists the Wiki Clubs of a city on its page.
func (s *Server) cityClubsSection(r *http.Request, c *wikicities.City) (*CitySection, error) {
	if s.Clubs == nil {
		return nil, nil
	}
	all, err := s.Clubs.Clubs(r.Context())
	if err != nil {
		return nil, err
	}
	pr := s.Printer(r)
	var items []clubItem
	for _, x := range all {
		if x.CityID == c.ID {
			items = append(items, s.clubItemOf(pr, x))
		}
	}
	if len(items) == 0 {
		return nil, nil
	}
	body, err := s.Fragment(r, "club-list", items)
	if err != nil {
		return nil, err
	}
	return &CitySection{ID: "wc-clubs", Heading: pr.Msg("clubs-city-heading"), Body: body}, nil
}

// hostedClubs is what an institution's page says about Wiki Clubs: the
// clubs it hosts, and for its coordinators the way to start one.
type hostedClubs struct {
	Clubs    []clubItem
	StartURL string
}

func (s *Server) hostedClubsOf(r *http.Request, p *Page, in *wikicities.Institution) (hostedClubs, error) {
	var h hostedClubs
	if s.Clubs == nil {
		return h, nil
	}
	all, err := s.Clubs.Clubs(r.Context())
	if err != nil {
		return h, err
	}
	for _, x := range all {
		if x.HostID == in.ID {
			h.Clubs = append(h.Clubs, s.clubItemOf(p.Printer(), x))
		}
	}
	for _, o := range s.hostsOf(r, p.Actor) {
		if o.Value == strconv.FormatInt(in.ID, 10) {
			h.StartURL = "/clubs/new?host=" + o.Value
		}
	}
	return h, nil
}
