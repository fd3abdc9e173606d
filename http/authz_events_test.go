package http_test

import (
	"fmt"
	"net/http"
	"time"

	"github.com/wikicities/wikicities"
)

// twin makes the cities of communities a and b twins.
func (f *authzFixture) twin(a, b wikicities.PartyRef) {
	f.T.Helper()
	var ca, cb int64
	for _, x := range []struct {
		id  int64
		dst *int64
	}{{a.ID, &ca}, {b.ID, &cb}} {
		if err := f.DB.QueryRow(f.Ctx(), `SELECT city_id FROM communities WHERE id = ?`, x.id).Scan(x.dst); err != nil {
			f.T.Fatal(err)
		}
	}
	if _, err := f.DB.Exec(f.Ctx(), `INSERT INTO twin_links (a, b, source, created_at) VALUES (?, ?, 'manual', 0)`, min(ca, cb), max(ca, cb)); err != nil {
		f.T.Fatal(err)
	}
}

// asMember acts as the fixture's member account.
func (f *authzFixture) asMember() *wikicities.Actor {
	u := f.Users[member]
	return &wikicities.Actor{UserID: u.ID, Username: u.Username, Role: wikicities.RoleMember}
}

// edition is a fresh campaign owned by the member, with a 2026 edition.
func (f *authzFixture) edition() (*wikicities.Campaign, *wikicities.Edition) {
	f.T.Helper()
	ctx := wikicities.NewContext(f.Ctx(), f.asMember())
	c := &wikicities.Campaign{Name: f.Unique("Campaign")}
	if err := f.DB.Campaigns().CreateCampaign(ctx, c); err != nil {
		f.T.Fatal(err)
	}
	d := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
	e := &wikicities.Edition{CampaignID: c.ID, Year: 2026, Start: d, End: d.AddDate(0, 0, 29)}
	if err := f.DB.Campaigns().CreateEdition(ctx, e); err != nil {
		f.T.Fatal(err)
	}
	return c, e
}

func onlineEventBody(organiser int64) map[string]any {
	start := time.Now().Add(30 * 24 * time.Hour).UTC().Truncate(time.Hour)
	return map[string]any{"title": "Matrix workshop", "type": "workshop", "mode": "online", "online_url": "https://meet.example.org/x",
		"time_zone": "UTC", "start": start.Format(time.RFC3339), "end": start.Add(time.Hour).Format(time.RFC3339),
		"organisers": []map[string]any{{"id": organiser}}, "capacity": 10, "registration": "public"}
}

// event is a fresh online event organised by org.
func (f *authzFixture) event(org wikicities.PartyRef) *wikicities.Event {
	f.T.Helper()
	start := time.Now().Add(30 * 24 * time.Hour).UTC().Truncate(time.Hour)
	e := &wikicities.Event{Title: "Matrix workshop", Type: wikicities.EventWorkshop, Mode: wikicities.ModeOnline,
		OnlineURL: "https://meet.example.org/x", TimeZone: "UTC", Start: start, End: start.Add(time.Hour),
		Organisers: []wikicities.Party{{Kind: org.Kind, ID: org.ID}}, Capacity: 10, Registration: wikicities.ListPublic}
	if err := f.DB.Events().CreateEvent(f.Ctx(), e); err != nil {
		f.T.Fatal(err)
	}
	return e
}

// visit is a fresh visit between the communities of twin cities in state.
func (f *authzFixture) visit(state wikicities.VisitState) (*wikicities.Visit, wikicities.PartyRef, wikicities.PartyRef) {
	f.T.Helper()
	var a, b wikicities.PartyRef
	if state == wikicities.VisitDone {
		_, a, b = f.partnership(wikicities.StateAccepted) // the report goes to their log
	} else {
		a, b = f.Party(wikicities.PartyCommunity), f.Party(wikicities.PartyCommunity)
	}
	f.twin(a, b)
	start := time.Now().Add(-48 * time.Hour).UTC().Truncate(24 * time.Hour)
	v := &wikicities.Visit{Visitor: wikicities.Party{Kind: a.Kind, ID: a.ID}, Host: wikicities.Party{Kind: b.Kind, ID: b.ID},
		Start: start, End: start.Add(24 * time.Hour), People: 3, Purpose: "Matrix visit"}
	if err := f.DB.Visits().RequestVisit(f.Ctx(), v); err != nil {
		f.T.Fatal(err)
	}
	if state != wikicities.VisitRequested {
		// Plain SQL: acceptance is the host's consent alone.
		if _, err := f.DB.Exec(f.Ctx(), `UPDATE visits SET state = ? WHERE id = ?`, string(state), v.ID); err != nil {
			f.T.Fatal(err)
		}
	}
	return v, a, b
}

func init() {
	coordOrAdmin := []role{coordinator, admin}
	authzCases["POST /api/v1/campaigns"] = func(f *authzFixture, r role) authzCase {
		return authzCase{Path: "/api/v1/campaigns", Body: map[string]any{"name": f.Unique("Wiki Loves")}, Allow: signedIn, OK: http.StatusCreated}
	}
	// The campaign's owner is the member account.
	authzCases["POST /api/v1/campaigns/{id}/editions"] = func(f *authzFixture, r role) authzCase {
		c, _ := f.edition()
		return authzCase{Path: fmt.Sprintf("/api/v1/campaigns/%d/editions", c.ID), Allow: []role{member, admin}, OK: http.StatusCreated,
			Body: map[string]any{"year": 2027, "start": "2027-09-01T00:00:00Z", "end": "2027-09-30T00:00:00Z"}}
	}
	authzCases["POST /api/v1/editions/{id}/participants"] = func(f *authzFixture, r role) authzCase {
		_, e := f.edition()
		c := f.Party(wikicities.PartyCommunity)
		return authzCase{Path: fmt.Sprintf("/api/v1/editions/%d/participants", e.ID), Record: &c, Allow: coordOrAdmin, OK: http.StatusCreated,
			Body: map[string]any{"community": map[string]any{"id": c.ID}, "country": "DE"}}
	}
	authzCases["POST /api/v1/editions/{id}/twins"] = func(f *authzFixture, r role) authzCase {
		_, e := f.edition()
		a, b := f.Party(wikicities.PartyCommunity), f.Party(wikicities.PartyCommunity)
		f.twin(a, b)
		for _, p := range []wikicities.PartyRef{a, b} {
			if err := f.DB.Campaigns().JoinEdition(f.Ctx(), &wikicities.NationalEdition{EditionID: e.ID, Community: wikicities.Party{Kind: p.Kind, ID: p.ID}}); err != nil {
				f.T.Fatal(err)
			}
		}
		return authzCase{Path: fmt.Sprintf("/api/v1/editions/%d/twins", e.ID), Record: &a, Allow: coordOrAdmin, OK: http.StatusCreated,
			Body: map[string]any{"a": map[string]any{"id": a.ID}, "b": map[string]any{"id": b.ID}, "goal": "Shared goal"}}
	}
	authzCases["POST /api/v1/events"] = func(f *authzFixture, r role) authzCase {
		c := f.Party(wikicities.PartyCommunity)
		return authzCase{Path: "/api/v1/events", Record: &c, Allow: coordOrAdmin, OK: http.StatusCreated, Body: onlineEventBody(c.ID)}
	}
	authzCases["POST /api/v1/events/{id}/cancel"] = func(f *authzFixture, r role) authzCase {
		c := f.Party(wikicities.PartyCommunity)
		e := f.event(c)
		return authzCase{Path: fmt.Sprintf("/api/v1/events/%d/cancel", e.ID), Record: &c, Allow: coordOrAdmin, OK: http.StatusOK}
	}
	authzCases["POST /api/v1/events/{id}/registrations"] = func(f *authzFixture, r role) authzCase {
		c := f.Party(wikicities.PartyCommunity)
		e := f.event(c)
		return authzCase{Path: fmt.Sprintf("/api/v1/events/%d/registrations", e.ID), Record: &c, Allow: signedIn, OK: http.StatusCreated}
	}
	// The person (the member account) or an organiser cancels a registration.
	authzCases["DELETE /api/v1/events/{id}/registrations/{uid}"] = func(f *authzFixture, r role) authzCase {
		c := f.Party(wikicities.PartyCommunity)
		e := f.event(c)
		if _, err := f.DB.Events().Register(wikicities.NewContext(f.Ctx(), f.asMember()), e.ID, nil); err != nil {
			f.T.Fatal(err)
		}
		return authzCase{Path: fmt.Sprintf("/api/v1/events/%d/registrations/%d", e.ID, f.Users[member].ID), Record: &c,
			Allow: []role{member, coordinator, admin}, OK: http.StatusOK}
	}
	authzCases["POST /api/v1/visits"] = func(f *authzFixture, r role) authzCase {
		a, b := f.Party(wikicities.PartyCommunity), f.Party(wikicities.PartyCommunity)
		f.twin(a, b)
		return authzCase{Path: "/api/v1/visits", Record: &a, Allow: coordOrAdmin, OK: http.StatusCreated,
			Body: map[string]any{"visitor": map[string]any{"id": a.ID}, "host": map[string]any{"id": b.ID}, "start": "2027-06-01T00:00:00Z",
				"end": "2027-06-03T00:00:00Z", "people": 4, "purpose": "Matrix visit"}}
	}
	transition := func(action string, from wikicities.VisitState, host bool, allow []role) func(*authzFixture, role) authzCase {
		return func(f *authzFixture, r role) authzCase {
			v, a, b := f.visit(from)
			rec := a
			if host {
				rec = b
			}
			return authzCase{Path: fmt.Sprintf("/api/v1/visits/%d/%s", v.ID, action), Record: &rec, Allow: allow, OK: http.StatusOK}
		}
	}
	// Consent is the host's coordinators' alone, as for partnerships.
	authzCases["POST /api/v1/visits/{id}/accept"] = transition("accept", wikicities.VisitRequested, true, []role{coordinator})
	authzCases["POST /api/v1/visits/{id}/decline"] = transition("decline", wikicities.VisitRequested, true, []role{coordinator})
	authzCases["POST /api/v1/visits/{id}/cancel"] = transition("cancel", wikicities.VisitRequested, false, coordOrAdmin)
	authzCases["POST /api/v1/visits/{id}/complete"] = transition("complete", wikicities.VisitAccepted, true, coordOrAdmin)
	authzCases["PUT /api/v1/visits/{id}/agenda"] = func(f *authzFixture, r role) authzCase {
		v, a, _ := f.visit(wikicities.VisitAccepted)
		return authzCase{Path: fmt.Sprintf("/api/v1/visits/%d/agenda", v.ID), Record: &a, Allow: coordOrAdmin, OK: http.StatusOK,
			Header: map[string]string{"If-Match": fmt.Sprintf(`"%d"`, v.Version)}, Body: map[string]any{"events": []int64{}}}
	}
	authzCases["POST /api/v1/visits/{id}/report"] = func(f *authzFixture, r role) authzCase {
		v, _, b := f.visit(wikicities.VisitDone)
		return authzCase{Path: fmt.Sprintf("/api/v1/visits/%d/report", v.ID), Record: &b, Allow: coordOrAdmin, OK: http.StatusOK,
			Body: map[string]any{"report": "It went well."}}
	}
}
