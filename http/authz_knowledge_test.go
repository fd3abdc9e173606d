package http_test

import (
	"fmt"
	"net/http"

	"github.com/wikicities/wikicities"
)

// mentorship creates a mentorship between two fresh groups, the mentor
// offering content.photography, in state; it returns the mentee group,
// the mentor group and the mentorship's id.
func (f *authzFixture) mentorship(state wikicities.MentorshipState) (mentee, mentor wikicities.PartyRef, id int64) {
	f.T.Helper()
	mentee, mentor = f.Party(wikicities.PartyCommunity), f.Party(wikicities.PartyCommunity)
	f.offerPhotography(mentor)
	m := &wikicities.Mentorship{Kind: wikicities.HolderGroup, Mentor: mentor.ID, Mentee: mentee.ID, Capacity: "content.photography", Goals: "Photograph monuments"}
	if err := f.DB.Mentorships().RequestMentorship(f.Ctx(), m); err != nil {
		f.T.Fatal(err)
	}
	if state != wikicities.MentorshipRequested {
		if _, err := f.DB.Exec(f.Ctx(), `UPDATE mentorships SET state = ? WHERE id = ?`, string(state), m.ID); err != nil {
			f.T.Fatal(err)
		}
	}
	return mentee, mentor, m.ID
}

// offerPhotography makes group g offer content.photography as a mentor.
func (f *authzFixture) offerPhotography(g wikicities.PartyRef) {
	f.T.Helper()
	hc := &wikicities.HolderCapacities{Holder: wikicities.Holder{Kind: wikicities.HolderGroup, ID: g.ID}, Available: []string{"content.photography"}, MenteeLimit: 5}
	if err := f.DB.Capacities().SetHolderCapacities(f.Ctx(), hc); err != nil {
		f.T.Fatal(err)
	}
}

// Capacities and mentorships of groups: a group's coordinators (and
// admins) act for it; a mentorship is asked for by the mentee's side,
// accepted by the mentor's side (admins act as the mentor), and either
// side logs check-ins.
func init() {
	coordOrAdmin := []role{coordinator, admin}
	authzCases["PUT /api/v1/capacities/{kind}/{id}"] = func(f *authzFixture, r role) authzCase {
		g := f.Party(wikicities.PartyCommunity)
		return authzCase{Path: fmt.Sprintf("/api/v1/capacities/group/%d", g.ID), Record: &g, Allow: coordOrAdmin, OK: http.StatusOK,
			Header: map[string]string{"If-Match": `"1"`}, Body: map[string]any{"available": []string{"content.photography"}, "wanted": []string{}}}
	}
	authzCases["POST /api/v1/mentorships"] = func(f *authzFixture, r role) authzCase {
		mentee, mentor := f.Party(wikicities.PartyCommunity), f.Party(wikicities.PartyCommunity)
		f.offerPhotography(mentor)
		return authzCase{Path: "/api/v1/mentorships", Record: &mentee, Allow: coordOrAdmin, OK: http.StatusCreated,
			Body: map[string]any{"kind": "group", "mentor": mentor.ID, "mentee": mentee.ID, "capacity": "content.photography", "goals": "Photograph monuments"}}
	}
	authzCases["POST /api/v1/mentorships/{id}/transitions"] = func(f *authzFixture, r role) authzCase {
		_, mentor, id := f.mentorship(wikicities.MentorshipRequested)
		return authzCase{Path: fmt.Sprintf("/api/v1/mentorships/%d/transitions", id), Record: &mentor, Allow: coordOrAdmin, OK: http.StatusOK,
			Body: map[string]string{"action": "accept"}}
	}
	authzCases["POST /api/v1/mentorships/{id}/check-ins"] = func(f *authzFixture, r role) authzCase {
		mentee, _, id := f.mentorship(wikicities.MentorshipActive)
		return authzCase{Path: fmt.Sprintf("/api/v1/mentorships/%d/check-ins", id), Record: &mentee, Allow: coordOrAdmin, OK: http.StatusCreated,
			Body: map[string]string{"note": "first walk: 40 photos"}}
	}
}
