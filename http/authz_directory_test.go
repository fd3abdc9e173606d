package http_test

import (
	"fmt"
	"net/http"
	"time"

	"github.com/wikicities/wikicities"
)

// The directory routes in the authorization matrix: any account with write
// rights adds communities and institutions; their coordinators (and admins)
// change, delete and speak for them (partner requests, answers); only
// admins extend the skills vocabulary.

// City creates a city row and returns its id.
func (f *authzFixture) City() int64 {
	f.T.Helper()
	name := f.Unique("Matrix city")
	var id int64
	if err := f.DB.QueryRow(f.Ctx(), `INSERT INTO cities (name, name_key, created_at, updated_at) VALUES (?, ?, 0, 0) RETURNING id`, name, name).Scan(&id); err != nil {
		f.T.Fatal(err)
	}
	return id
}

// cityOf returns the city of a community or institution.
func (f *authzFixture) cityOf(p wikicities.PartyRef) int64 {
	f.T.Helper()
	table := map[wikicities.PartyKind]string{wikicities.PartyCommunity: "communities", wikicities.PartyInstitution: "institutions"}[p.Kind]
	var id int64
	if err := f.DB.QueryRow(f.Ctx(), `SELECT city_id FROM `+table+` WHERE id = ?`, p.ID).Scan(&id); err != nil {
		f.T.Fatal(err)
	}
	return id
}

// partnerRequest posts a partner request of a new community, as the system.
func (f *authzFixture) partnerRequest() (*wikicities.PartnerRequest, wikicities.PartyRef) {
	f.T.Helper()
	p := f.Party(wikicities.PartyCommunity)
	req := &wikicities.PartnerRequest{Party: p, Title: "a partner for a photo contest", Expires: time.Now().AddDate(0, 2, 0).UTC().Truncate(time.Second)}
	if err := f.DB.Requests().CreateRequest(f.Ctx(), req); err != nil {
		f.T.Fatal(err)
	}
	return req, p
}

func init() {
	coordOrAdmin := []role{coordinator, admin}
	authzCases["POST /api/v1/communities"] = func(f *authzFixture, r role) authzCase {
		return authzCase{Path: "/api/v1/communities", Body: map[string]any{"kind": "user_group", "name": f.Unique("Matrix Wikimedians"), "city_id": f.City()},
			Allow: signedIn, OK: http.StatusCreated}
	}
	authzCases["POST /api/v1/institutions"] = func(f *authzFixture, r role) authzCase {
		return authzCase{Path: "/api/v1/institutions", Body: map[string]any{"kind": "museum", "name": f.Unique("Matrix Museum"), "city_id": f.City()},
			Allow: signedIn, OK: http.StatusCreated}
	}
	update := func(kind wikicities.PartyKind, collection string, body func(f *authzFixture, p wikicities.PartyRef) map[string]any) func(*authzFixture, role) authzCase {
		return func(f *authzFixture, r role) authzCase {
			p := f.Party(kind)
			return authzCase{Path: fmt.Sprintf("/api/v1/%s/%d", collection, p.ID), Body: body(f, p), Header: ifMatch(1), Record: &p,
				Allow: coordOrAdmin, OK: http.StatusOK}
		}
	}
	authzCases["PUT /api/v1/communities/{id}"] = update(wikicities.PartyCommunity, "communities", func(f *authzFixture, p wikicities.PartyRef) map[string]any {
		return map[string]any{"kind": "chapter", "name": f.Unique("Renamed Wikimedians"), "city_id": f.cityOf(p)}
	})
	authzCases["PUT /api/v1/institutions/{id}"] = update(wikicities.PartyInstitution, "institutions", func(f *authzFixture, p wikicities.PartyRef) map[string]any {
		return map[string]any{"kind": "library", "name": f.Unique("Renamed Library"), "city_id": f.cityOf(p)}
	})
	remove := func(kind wikicities.PartyKind, collection string) func(*authzFixture, role) authzCase {
		return func(f *authzFixture, r role) authzCase {
			p := f.Party(kind)
			return authzCase{Path: fmt.Sprintf("/api/v1/%s/%d", collection, p.ID), Record: &p, Allow: coordOrAdmin, OK: http.StatusNoContent}
		}
	}
	authzCases["DELETE /api/v1/communities/{id}"] = remove(wikicities.PartyCommunity, "communities")
	authzCases["DELETE /api/v1/institutions/{id}"] = remove(wikicities.PartyInstitution, "institutions")
	authzCases["POST /api/v1/skills"] = func(f *authzFixture, r role) authzCase {
		f.seq++
		return authzCase{Path: "/api/v1/skills", Body: map[string]any{"code": fmt.Sprintf("matrix_skill_%d", f.seq), "label": "Matrix skill"},
			Allow: []role{admin}, OK: http.StatusCreated}
	}
	authzCases["POST /api/v1/requests"] = func(f *authzFixture, r role) authzCase {
		p := f.Party(wikicities.PartyCommunity)
		return authzCase{Path: "/api/v1/requests", Record: &p, Allow: coordOrAdmin, OK: http.StatusCreated,
			Body: map[string]any{"party": p, "title": "a partner for a photo contest", "expires": time.Now().AddDate(0, 2, 0).UTC().Format(time.RFC3339)}}
	}
	authzCases["DELETE /api/v1/requests/{id}"] = func(f *authzFixture, r role) authzCase {
		req, p := f.partnerRequest()
		return authzCase{Path: fmt.Sprintf("/api/v1/requests/%d", req.ID), Record: &p, Allow: coordOrAdmin, OK: http.StatusNoContent}
	}
	// An answer speaks for the answering party: its coordinators (or an admin).
	authzCases["POST /api/v1/requests/{id}/answers"] = func(f *authzFixture, r role) authzCase {
		req, _ := f.partnerRequest()
		answering := f.Party(wikicities.PartyCommunity)
		return authzCase{Path: fmt.Sprintf("/api/v1/requests/%d/answers", req.ID), Record: &answering, Allow: coordOrAdmin, OK: http.StatusCreated,
			Body: map[string]any{"party": answering, "message": "We have photographers."}}
	}
}
