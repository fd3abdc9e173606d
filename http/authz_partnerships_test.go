package http_test

import (
	"fmt"
	"net/http"
	"time"

	"github.com/wikicities/wikicities"
)

// The partnership routes in the authorization matrix, following
// wchttp.PartnershipPermissions. Each call builds a fresh partnership
// between two fresh communities A and B; Record says which side the
// "coordinator of the record" role coordinates.

// partnership creates a partnership between two new communities, brought to
// state ("proposed", "accepted" or "dormant"), and returns it with its sides.
func (f *authzFixture) partnership(state wikicities.State) (*wikicities.Partnership, wikicities.PartyRef, wikicities.PartyRef) {
	f.T.Helper()
	a, b := f.Party(wikicities.PartyCommunity), f.Party(wikicities.PartyCommunity)
	ps := f.DB.Partnerships()
	p := &wikicities.Partnership{A: wikicities.Party{Kind: a.Kind, ID: a.ID}, B: wikicities.Party{Kind: b.Kind, ID: b.ID},
		Type: wikicities.TypeTwinning, Level: wikicities.LevelGlobal}
	if err := ps.Propose(f.Ctx(), p, ""); err != nil {
		f.T.Fatal(err)
	}
	if state == wikicities.StateProposed {
		return p, a, b
	}
	// Acceptance needs an explicit grant on B.
	coordB := wikicities.NewContext(f.Ctx(), &wikicities.Actor{UserID: f.Users[member].ID, Username: "fixture", Role: wikicities.RoleMember, Coordinates: []wikicities.PartyRef{b}})
	p, err := ps.Transition(coordB, p.ID, wikicities.ActionAccept, 0, "")
	if err != nil {
		f.T.Fatal(err)
	}
	if state == wikicities.StateDormant {
		// Plain SQL: lapsing needs months of silence.
		if _, err := f.DB.Exec(f.Ctx(), `UPDATE partnerships SET state = 'dormant', version = version + 1 WHERE id = ?`, p.ID); err != nil {
			f.T.Fatal(err)
		}
		if p, err = ps.Partnership(f.Ctx(), p.ID); err != nil {
			f.T.Fatal(err)
		}
	}
	return p, a, b
}

func ifMatch(version int64) map[string]string {
	return map[string]string{"If-Match": fmt.Sprintf(`"%d"`, version)}
}

// activityBody is the JSON of a valid activity.
func activityBody(participants int) map[string]any {
	return map[string]any{"kind": "editathon", "title": "Edit-a-thon", "start": "2026-03-01T10:00:00Z", "place": "online",
		"organizers_a": []string{"anna"}, "organizers_b": []string{"bertrand"}, "participants": participants}
}

func testActivity() *wikicities.Activity {
	return &wikicities.Activity{Kind: wikicities.ActivityEditathon, Title: "Edit-a-thon", Start: time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC),
		Place: "online", OrganizersA: []string{"anna"}, OrganizersB: []string{"bertrand"}, Participants: 9}
}

func init() {
	coordOrAdmin := []role{coordinator, admin}
	transition := func(action string, state wikicities.State, side string, allow []role) func(*authzFixture, role) authzCase {
		return func(f *authzFixture, r role) authzCase {
			p, a, b := f.partnership(state)
			rec := a
			if side == "b" {
				rec = b
			}
			return authzCase{Path: fmt.Sprintf("/api/v1/partnerships/%d/%s", p.ID, action), Body: map[string]string{"note": "from the matrix"},
				Record: &rec, Allow: allow, OK: http.StatusOK}
		}
	}
	authzCases["POST /api/v1/partnerships"] = func(f *authzFixture, r role) authzCase {
		a, b := f.Party(wikicities.PartyCommunity), f.Party(wikicities.PartyCommunity)
		return authzCase{Path: "/api/v1/partnerships", Record: &a, Allow: coordOrAdmin, OK: http.StatusCreated,
			Body: map[string]any{"a": map[string]any{"id": a.ID}, "b": map[string]any{"kind": "community", "id": b.ID}, "type": "twinning", "level": "global"}}
	}
	// Consent is B's coordinators' alone: admins may not accept for them.
	authzCases["POST /api/v1/partnerships/{id}/accept"] = transition("accept", wikicities.StateProposed, "b", []role{coordinator})
	authzCases["POST /api/v1/partnerships/{id}/decline"] = transition("decline", wikicities.StateProposed, "b", []role{coordinator})
	authzCases["POST /api/v1/partnerships/{id}/withdraw"] = transition("withdraw", wikicities.StateProposed, "a", coordOrAdmin)
	authzCases["POST /api/v1/partnerships/{id}/end"] = transition("end", wikicities.StateAccepted, "a", coordOrAdmin)
	authzCases["POST /api/v1/partnerships/{id}/renew"] = transition("renew", wikicities.StateDormant, "b", coordOrAdmin)
	authzCases["PUT /api/v1/partnerships/{id}/agreement"] = func(f *authzFixture, r role) authzCase {
		p, _, b := f.partnership(wikicities.StateAccepted)
		return authzCase{Path: fmt.Sprintf("/api/v1/partnerships/%d/agreement", p.ID), Header: ifMatch(p.Version), Record: &b,
			Body: map[string]any{"goals": []string{"Photo exchange"}, "languages": []string{"de", "fr"}}, Allow: coordOrAdmin, OK: http.StatusOK}
	}
	authzCases["POST /api/v1/partnerships/{id}/responsibilities"] = func(f *authzFixture, r role) authzCase {
		p, a, _ := f.partnership(wikicities.StateAccepted)
		return authzCase{Path: fmt.Sprintf("/api/v1/partnerships/%d/responsibilities", p.ID), Record: &a,
			Body: map[string]any{"owner": "b", "description": "Host the photo walk"}, Allow: coordOrAdmin, OK: http.StatusCreated}
	}
	responsibility := func(f *authzFixture) (*wikicities.Partnership, wikicities.PartyRef, *wikicities.Responsibility) {
		p, a, _ := f.partnership(wikicities.StateAccepted)
		x := &wikicities.Responsibility{PartnershipID: p.ID, Owner: wikicities.SideA, Description: "Translate the call"}
		if err := f.DB.Partnerships().AddResponsibility(f.Ctx(), x); err != nil {
			f.T.Fatal(err)
		}
		return p, a, x
	}
	authzCases["PUT /api/v1/partnerships/{id}/responsibilities/{rid}"] = func(f *authzFixture, r role) authzCase {
		p, a, x := responsibility(f)
		return authzCase{Path: fmt.Sprintf("/api/v1/partnerships/%d/responsibilities/%d", p.ID, x.ID), Header: ifMatch(x.Version), Record: &a,
			Body: map[string]any{"owner": "a", "description": "Translate the call", "done": true}, Allow: coordOrAdmin, OK: http.StatusOK}
	}
	authzCases["DELETE /api/v1/partnerships/{id}/responsibilities/{rid}"] = func(f *authzFixture, r role) authzCase {
		p, a, x := responsibility(f)
		return authzCase{Path: fmt.Sprintf("/api/v1/partnerships/%d/responsibilities/%d", p.ID, x.ID), Header: ifMatch(x.Version), Record: &a,
			Allow: coordOrAdmin, OK: http.StatusNoContent}
	}
	authzCases["POST /api/v1/partnerships/{id}/activities"] = func(f *authzFixture, r role) authzCase {
		p, _, b := f.partnership(wikicities.StateAccepted)
		return authzCase{Path: fmt.Sprintf("/api/v1/partnerships/%d/activities", p.ID), Record: &b, Body: activityBody(9), Allow: coordOrAdmin, OK: http.StatusCreated}
	}
	activity := func(f *authzFixture) (*wikicities.Partnership, wikicities.PartyRef, *wikicities.Activity) {
		p, a, _ := f.partnership(wikicities.StateAccepted)
		x := testActivity()
		x.PartnershipID = p.ID
		if err := f.DB.Partnerships().LogActivity(f.Ctx(), x); err != nil {
			f.T.Fatal(err)
		}
		return p, a, x
	}
	authzCases["PUT /api/v1/partnerships/{id}/activities/{aid}"] = func(f *authzFixture, r role) authzCase {
		p, a, x := activity(f)
		return authzCase{Path: fmt.Sprintf("/api/v1/partnerships/%d/activities/%d", p.ID, x.ID), Header: ifMatch(x.Version), Record: &a,
			Body: activityBody(12), Allow: coordOrAdmin, OK: http.StatusOK}
	}
	authzCases["DELETE /api/v1/partnerships/{id}/activities/{aid}"] = func(f *authzFixture, r role) authzCase {
		p, a, x := activity(f)
		return authzCase{Path: fmt.Sprintf("/api/v1/partnerships/%d/activities/%d", p.ID, x.ID), Header: ifMatch(x.Version), Record: &a,
			Allow: coordOrAdmin, OK: http.StatusNoContent}
	}
}
