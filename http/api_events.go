package http

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/eventfeed"
	"github.com/wikicities/wikicities/wikitext"
)

// The Knowledge Park's API (issue 17): campaigns with their editions and
// participants, events people register for, exchange visits; and the
// public calendar, Atom and wikitext outputs of events.
func (s *Server) registerEventRoutes() {
	s.handle("GET /api/v1/campaigns", s.apiCampaigns)
	s.handle("POST /api/v1/campaigns", s.apiCreateCampaign)
	s.handle("GET /api/v1/campaigns/{id}", s.apiCampaign)
	s.handle("POST /api/v1/campaigns/{id}/editions", s.apiCreateEdition)
	s.handle("POST /api/v1/editions/{id}/participants", s.apiJoinEdition)
	s.handle("POST /api/v1/editions/{id}/twins", s.apiCreateTwinEdition)
	s.handle("GET /api/v1/events", s.apiEvents)
	s.handle("POST /api/v1/events", s.apiCreateEvent)
	s.handle("GET /api/v1/events/{id}", s.apiEvent)
	s.handle("POST /api/v1/events/{id}/cancel", s.apiCancelEvent)
	s.handle("GET /api/v1/events/{id}/registrations", s.apiRegistrations)
	s.handle("POST /api/v1/events/{id}/registrations", s.apiRegister)
	s.handle("DELETE /api/v1/events/{id}/registrations/{uid}", s.apiCancelRegistration)
	s.handle("GET /api/v1/events/{id}/answers", s.apiAnswers)
	s.handle("GET /api/v1/visits", s.apiVisits)
	s.handle("POST /api/v1/visits", s.apiRequestVisit)
	s.handle("GET /api/v1/visits/{id}", s.apiVisit)
	for _, a := range []wikicities.VisitAction{wikicities.VisitAccept, wikicities.VisitDecline, wikicities.VisitCancel, wikicities.VisitComplete} {
		s.handle("POST /api/v1/visits/{id}/"+string(a), s.apiVisitTransition(a))
	}
	s.handle("PUT /api/v1/visits/{id}/agenda", s.apiVisitAgenda)
	s.registerEventEditRoutes()
	s.handle("POST /api/v1/visits/{id}/report", s.apiVisitReport)
	s.registerEventFeeds()
}

const eventBodyLimit = 256 << 10

func (s *Server) apiCampaigns(w http.ResponseWriter, r *http.Request) {
	cs, err := s.Campaigns.Campaigns(r.Context())
	s.writeResult(w, r, http.StatusOK, map[string]any{"campaigns": nonNilList(cs)}, err)
}

func nonNilList[T any](l []T) []T {
	if l == nil {
		return []T{}
	}
	return l
}

// decodeAndCreate decodes a body into v and runs create, answering 201.
func decodeAndCreate[T any](s *Server, w http.ResponseWriter, r *http.Request, v *T, create func() error, location func() string) {
	if !s.requireWriteAccess(w, r) {
		return
	}
	if err := decodeJSON(w, r, v, eventBodyLimit); err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := create(); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Location", location())
	writeJSON(w, http.StatusCreated, v)
}

func (s *Server) apiCreateCampaign(w http.ResponseWriter, r *http.Request) {
	var c wikicities.Campaign
	decodeAndCreate(s, w, r, &c, func() error { return s.Campaigns.CreateCampaign(r.Context(), &c) },
		func() string { return fmt.Sprintf("/api/v1/campaigns/%d", c.ID) })
}

// CampaignView is a campaign with its editions, who takes part and its
// totals, each thing counted once.
type CampaignView struct {
	*wikicities.Campaign
	Editions     []*wikicities.Edition         `json:"editions"`
	Participants []*wikicities.NationalEdition `json:"participants"`
	Twins        []*wikicities.TwinEdition     `json:"twins"`
	Totals       wikicities.CampaignTotals     `json:"totals"`
}

func (s *Server) campaignView(r *http.Request) (*CampaignView, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	c, err := s.Campaigns.Campaign(r.Context(), id)
	if err != nil {
		return nil, err
	}
	eds, err := s.Campaigns.Editions(r.Context(), id)
	if err != nil {
		return nil, err
	}
	ns, ts, err := s.Campaigns.Participation(r.Context(), id, 0)
	if err != nil {
		return nil, err
	}
	return &CampaignView{Campaign: c, Editions: nonNilList(eds), Participants: nonNilList(ns), Twins: nonNilList(ts),
		Totals: wikicities.CampaignTotalsOf(ns, ts)}, nil
}

func (s *Server) apiCampaign(w http.ResponseWriter, r *http.Request) {
	format := r.URL.Query().Get("format")
	if format != "" && format != "json" && format != "wikitext" {
		s.writeError(w, r, wikicities.Invalidf("format", "%q is not json or wikitext", format))
		return
	}
	v, err := s.campaignView(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if format == "wikitext" {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprint(w, wikitext.Write(wikitext.CampaignParticipants(v.Name, v.Editions, v.Participants, v.Twins)))
		return
	}
	writeVersionedJSON(w, http.StatusOK, v.Version, v) // the ETag a PUT sends back in If-Match
}

func (s *Server) apiCreateEdition(w http.ResponseWriter, r *http.Request) {
	ids, ok := s.writeIDs(w, r, "id")
	if !ok {
		return
	}
	var e wikicities.Edition
	decodeAndCreate(s, w, r, &e, func() error {
		e.CampaignID = ids[0]
		return s.Campaigns.CreateEdition(r.Context(), &e)
	}, func() string { return fmt.Sprintf("/api/v1/campaigns/%d", ids[0]) })
}

func (s *Server) apiJoinEdition(w http.ResponseWriter, r *http.Request) {
	ids, ok := s.writeIDs(w, r, "id")
	if !ok {
		return
	}
	var n wikicities.NationalEdition
	decodeAndCreate(s, w, r, &n, func() error {
		n.EditionID, n.Community.Kind = ids[0], wikicities.PartyCommunity
		return s.Campaigns.JoinEdition(r.Context(), &n)
	}, func() string { return fmt.Sprintf("/api/v1/editions/%d/participants", ids[0]) })
}

func (s *Server) apiCreateTwinEdition(w http.ResponseWriter, r *http.Request) {
	ids, ok := s.writeIDs(w, r, "id")
	if !ok {
		return
	}
	var t wikicities.TwinEdition
	decodeAndCreate(s, w, r, &t, func() error {
		t.EditionID, t.A.Kind, t.B.Kind = ids[0], wikicities.PartyCommunity, wikicities.PartyCommunity
		return s.Campaigns.CreateTwinEdition(r.Context(), &t)
	}, func() string { return fmt.Sprintf("/api/v1/editions/%d/twins", ids[0]) })
}

// eventFilter reads the list filters of /api/v1/events and /events.
func eventFilter(r *http.Request) (wikicities.EventFilter, error) {
	q := r.URL.Query()
	f := wikicities.EventFilter{Country: strings.TrimSpace(q.Get("country")), Type: wikicities.EventType(q.Get("type")),
		Language: q.Get("language"), Mode: wikicities.AttendanceMode(q.Get("mode"))}
	if f.Type != "" && !slices.Contains(wikicities.EventTypes, f.Type) {
		return f, invalid("type", wikicities.ProblemNotAllowed, f.Type, "%q is not an event type", f.Type)
	}
	if f.Mode != "" && !slices.Contains(wikicities.AttendanceModes, f.Mode) {
		return f, invalid("mode", wikicities.ProblemNotAllowed, f.Mode, "%q is not in_person, online or hybrid", f.Mode)
	}
	var err error
	for _, p := range []struct {
		name string
		dst  *int64
	}{{"campaign", &f.Campaign}, {"edition", &f.Edition}, {"organiser", &f.Organiser}} {
		if *p.dst, err = queryID(r, p.name); err != nil {
			return f, err
		}
	}
	for _, v := range q["city"] {
		id, err := parseID("city", v)
		if err != nil {
			return f, err
		}
		f.CityIDs = append(f.CityIDs, id)
	}
	f.From, err = dateQuery(r, "from")
	return f, err
}

func (s *Server) apiEvents(w http.ResponseWriter, r *http.Request) {
	f, err := eventFilter(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	es, err := s.Events.Events(r.Context(), f)
	s.writeResult(w, r, http.StatusOK, map[string]any{"events": nonNilList(es)}, err)
}

func (s *Server) apiCreateEvent(w http.ResponseWriter, r *http.Request) {
	var e wikicities.Event
	decodeAndCreate(s, w, r, &e, func() error {
		for i := range e.Organisers {
			e.Organisers[i].Kind = wikicities.PartyCommunity
		}
		return s.Events.CreateEvent(r.Context(), &e)
	}, func() string { return fmt.Sprintf("/api/v1/events/%d", e.ID) })
}

func (s *Server) apiEvent(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	e, err := s.Events.Event(r.Context(), id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeVersionedJSON(w, http.StatusOK, e.Version, e)
}

func (s *Server) apiCancelEvent(w http.ResponseWriter, r *http.Request) {
	ids, ok := s.writeIDs(w, r, "id")
	if !ok {
		return
	}
	version, _, err := ifMatch(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	e, err := s.Events.CancelEvent(r.Context(), ids[0], version)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeVersionedJSON(w, http.StatusOK, e.Version, e)
}

func (s *Server) apiRegistrations(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	regs, err := s.Events.Registrations(r.Context(), id)
	s.writeResult(w, r, http.StatusOK, map[string]any{"registrations": nonNilList(regs)}, err)
}

type registerRequest struct {
	Answers []int `json:"answers"`
}

func (s *Server) apiRegister(w http.ResponseWriter, r *http.Request) {
	ids, ok := s.writeIDs(w, r, "id")
	if !ok {
		return
	}
	var req registerRequest
	if r.ContentLength != 0 {
		if err := decodeJSON(w, r, &req, eventBodyLimit); err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	reg, err := s.Events.Register(r.Context(), ids[0], req.Answers)
	s.writeResult(w, r, http.StatusCreated, reg, err)
}

func (s *Server) apiCancelRegistration(w http.ResponseWriter, r *http.Request) {
	ids, ok := s.writeIDs(w, r, "id", "uid")
	if !ok {
		return
	}
	promoted, err := s.Events.CancelRegistration(r.Context(), ids[0], ids[1])
	s.writeResult(w, r, http.StatusOK, map[string]any{"promoted": nonNilList(promoted)}, err)
}

func (s *Server) apiAnswers(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	sum, err := s.Events.Answers(r.Context(), id)
	s.writeResult(w, r, http.StatusOK, map[string]any{"answers": nonNilList(sum)}, err)
}

func (s *Server) apiVisits(w http.ResponseWriter, r *http.Request) {
	id, err := parseID("community", r.URL.Query().Get("community"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	vs, err := s.Visits.Visits(r.Context(), id)
	s.writeResult(w, r, http.StatusOK, map[string]any{"visits": nonNilList(vs)}, err)
}

func (s *Server) apiRequestVisit(w http.ResponseWriter, r *http.Request) {
	var v wikicities.Visit
	decodeAndCreate(s, w, r, &v, func() error {
		v.Visitor.Kind, v.Host.Kind = wikicities.PartyCommunity, wikicities.PartyCommunity
		return s.Visits.RequestVisit(r.Context(), &v)
	}, func() string { return fmt.Sprintf("/api/v1/visits/%d", v.ID) })
}

func (s *Server) apiVisit(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	v, err := s.Visits.Visit(r.Context(), id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeVersionedJSON(w, http.StatusOK, v.Version, v)
}

// visitWrite runs a versioned write of visit {id} and answers with it.
func (s *Server) visitWrite(w http.ResponseWriter, r *http.Request, body any, write func(id, version int64) (*wikicities.Visit, error)) {
	ids, ok := s.writeIDs(w, r, "id")
	if !ok {
		return
	}
	version, _, err := ifMatch(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if body != nil && r.ContentLength != 0 {
		if err := decodeJSON(w, r, body, eventBodyLimit); err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	v, err := write(ids[0], version)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeVersionedJSON(w, http.StatusOK, v.Version, v)
}

func (s *Server) apiVisitTransition(action wikicities.VisitAction) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Offer *wikicities.HostOffer `json:"offer"`
		}
		s.visitWrite(w, r, &req, func(id, version int64) (*wikicities.Visit, error) {
			if req.Offer != nil && action != wikicities.VisitAccept {
				return nil, wikicities.Invalidf("offer", "only accept takes the host's offer, not %s", action)
			}
			return s.Visits.TransitionVisit(r.Context(), id, action, version, req.Offer)
		})
	}
}

// apiVisitAgenda replaces a visit's agenda. Unlike a transition, which its
// state guards, a replaced list would silently drop what the other side
// added meanwhile, so If-Match is required (428 without it, after the
// checks of who may write it).
func (s *Server) apiVisitAgenda(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Events []int64 `json:"events"`
	}
	s.visitWrite(w, r, &req, func(id, version int64) (*wikicities.Visit, error) {
		if version == 0 {
			v, err := s.Visits.SetAgenda(r.Context(), id, missingVersion, req.Events)
			return v, versionError(err, missingVersion)
		}
		return s.Visits.SetAgenda(r.Context(), id, version, req.Events)
	})
}

func (s *Server) apiVisitReport(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Report string `json:"report"`
	}
	s.visitWrite(w, r, &req, func(id, version int64) (*wikicities.Visit, error) {
		return s.Visits.ReportVisit(r.Context(), id, version, req.Report)
	})
}

// The public feeds of events: iCalendar per event, community, city and
// campaign; Atom of everything to come; wikitext of a community's events.
func (s *Server) registerEventFeeds() {
	s.handle("GET /events/{id}/calendar.ics", s.eventsICS("event"))
	s.handle("GET /communities/{id}/events.ics", s.eventsICS("community"))
	s.handle("GET /cities/{id}/events.ics", s.eventsICS("city"))
	s.handle("GET /campaigns/{id}/events.ics", s.eventsICS("campaign"))
	s.handle("GET /events/feed.atom", s.eventsAtom)
	s.handle("GET /communities/{id}/events.wiki", s.communityEventsWikitext)
}

func (s *Server) site() eventfeed.Site { return eventfeed.Site{BaseURL: s.BaseURL} }

// calendarEvents gathers the events (and, for a campaign, its editions)
// of one calendar, and the calendar's name.
func (s *Server) calendarEvents(r *http.Request, kind string, id int64) (string, []*wikicities.Event, []*wikicities.Edition, error) {
	ctx := r.Context()
	from := s.Clock.Now().Add(-ICSPast)
	switch kind {
	case "event":
		e, err := s.Events.Event(ctx, id)
		if err != nil {
			return "", nil, nil, err
		}
		return e.Title, []*wikicities.Event{e}, nil, nil
	case "community":
		name, err := s.Partnerships.PartyName(ctx, wikicities.PartyRef{Kind: wikicities.PartyCommunity, ID: id})
		if err != nil {
			return "", nil, nil, err
		}
		es, err := s.Events.Events(ctx, wikicities.EventFilter{Organiser: id, From: from, Limit: 1000})
		return "WikiCities: events of " + name, es, nil, err
	case "city":
		c, err := s.Cities.City(ctx, id)
		if err != nil {
			return "", nil, nil, err
		}
		es, err := s.Events.Events(ctx, wikicities.EventFilter{CityIDs: []int64{id}, From: from, Limit: 1000})
		return "WikiCities: events in " + c.Name, es, nil, err
	default:
		c, err := s.Campaigns.Campaign(ctx, id)
		if err != nil {
			return "", nil, nil, err
		}
		eds, err := s.Campaigns.Editions(ctx, id)
		if err != nil {
			return "", nil, nil, err
		}
		es, err := s.Events.Events(ctx, wikicities.EventFilter{Campaign: id, Limit: 1000})
		return "WikiCities: " + c.Name, es, eds, err
	}
}

func (s *Server) eventsICS(kind string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, err := pathID(r, "id")
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		name, es, eds, err := s.calendarEvents(r, kind, id)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		body, err := eventfeed.Calendar(s.site(), name, es, eds)
		s.writeFeed(w, r, "text/calendar; charset=utf-8", body, err)
	}
}

func (s *Server) eventsAtom(w http.ResponseWriter, r *http.Request) {
	es, err := s.Events.Events(r.Context(), wikicities.EventFilter{From: s.Clock.Now(), Limit: 100})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	body, err := eventfeed.Atom(s.site(), "WikiCities: events", s.BaseURL+r.URL.Path, es)
	s.writeFeed(w, r, "application/atom+xml; charset=utf-8", body, err)
}

func (s *Server) communityEventsWikitext(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	name, es, _, err := s.calendarEvents(r, "community", id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprint(w, wikitext.Write(wikitext.GroupEvents(strings.TrimPrefix(name, "WikiCities: "), es)))
}
