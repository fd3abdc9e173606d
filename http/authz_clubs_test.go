package http_test

import (
	"fmt"
	"net/http"

	"github.com/wikicities/wikicities"
)

// club starts a Wiki Club hosted by a fresh institution and returns its
// community.
func (f *authzFixture) club() wikicities.PartyRef {
	f.T.Helper()
	host := f.Party(wikicities.PartyInstitution)
	c := &wikicities.WikiClub{Name: f.Unique("Matrix Wiki Club"), HostID: host.ID}
	if err := f.DB.Clubs().StartClub(f.Ctx(), c); err != nil {
		f.T.Fatal(err)
	}
	return wikicities.PartyRef{Kind: wikicities.PartyCommunity, ID: c.CommunityID}
}

// Wiki Clubs and the library's writes: a club is started by a coordinator
// of its host institution and updated by the club's coordinators (admins
// count as coordinators of everything); a resource is added by any account
// that may write and edited by whoever added it and admins.
func init() {
	authzCases["POST /api/v1/clubs"] = func(f *authzFixture, r role) authzCase {
		host := f.Party(wikicities.PartyInstitution)
		return authzCase{Path: "/api/v1/clubs", Record: &host, Allow: []role{coordinator, admin}, OK: http.StatusCreated,
			Body: map[string]any{"name": f.Unique("Museum Wiki Club"), "host_id": host.ID, "meeting_schedule": "Wednesdays 16:00"}}
	}
	authzCases["PUT /api/v1/clubs/{id}"] = func(f *authzFixture, r role) authzCase {
		c := f.club()
		return authzCase{Path: fmt.Sprintf("/api/v1/clubs/%d", c.ID), Record: &c, Allow: []role{coordinator, admin}, OK: http.StatusOK,
			Header: map[string]string{"If-Match": `"1"`},
			Body:   map[string]any{"meeting_schedule": "Thursdays 15:00", "members": 12, "regular_editors": 4}}
	}
	authzCases["POST /api/v1/training/resources"] = func(f *authzFixture, r role) authzCase {
		return authzCase{Path: "/api/v1/training/resources", Allow: signedIn, OK: http.StatusCreated,
			Body: map[string]any{"title": "Wiki Club handbook", "link": "https://meta.wikimedia.org/wiki/Wiki_Club", "format": "handbook"}}
	}
	authzCases["PUT /api/v1/training/resources/{id}"] = func(f *authzFixture, r role) authzCase {
		var id int64
		if err := f.DB.QueryRow(f.Ctx(), `INSERT INTO training_resources (source, title, link, format, created_by, created_at, updated_at)
			VALUES (?, 'Kit', 'https://meta.wikimedia.org/wiki/Kit', 'toolkit', ?, 0, 0) RETURNING id`, f.Unique("site:matrix"), f.Users[member].ID).Scan(&id); err != nil {
			f.T.Fatal(err)
		}
		return authzCase{Path: fmt.Sprintf("/api/v1/training/resources/%d", id), Allow: []role{member, admin}, OK: http.StatusOK,
			Header: map[string]string{"If-Match": `"1"`},
			Body:   map[string]any{"title": "Kit, revised", "link": "https://meta.wikimedia.org/wiki/Kit", "format": "toolkit"}}
	}
}

func init() {
	// The record organises the event the resource is attached to.
	authzCases["POST /api/v1/training/resources/{id}/uses"] = func(f *authzFixture, r role) authzCase {
		c := f.Party(wikicities.PartyCommunity)
		e := f.event(c)
		var id int64
		if err := f.DB.QueryRow(f.Ctx(), `INSERT INTO training_resources (source, title, link, format, created_by, created_at, updated_at)
			VALUES (?, 'Kit', 'https://meta.wikimedia.org/wiki/Kit', 'toolkit', 0, 0, 0) RETURNING id`, f.Unique("site:matrix")).Scan(&id); err != nil {
			f.T.Fatal(err)
		}
		return authzCase{Path: fmt.Sprintf("/api/v1/training/resources/%d/uses", id), Record: &c, Allow: []role{coordinator, admin},
			OK: http.StatusCreated, Body: map[string]any{"kind": "event", "id": e.ID}}
	}
	// The record organises the event the resource is removed from.
	authzCases["DELETE /api/v1/training/resources/{id}/uses/{kind}/{target}"] = func(f *authzFixture, r role) authzCase {
		c := f.Party(wikicities.PartyCommunity)
		e := f.event(c)
		var id int64
		if err := f.DB.QueryRow(f.Ctx(), `INSERT INTO training_resources (source, title, link, format, created_by, created_at, updated_at, uses)
			VALUES (?, 'Kit', 'https://meta.wikimedia.org/wiki/Kit', 'toolkit', 0, 0, 0, 1) RETURNING id`, f.Unique("site:matrix")).Scan(&id); err != nil {
			f.T.Fatal(err)
		}
		if _, err := f.DB.Exec(f.Ctx(), `INSERT INTO resource_attachments (resource_id, target_kind, target_id, created_by, created_at)
			VALUES (?, 'event', ?, 0, 0)`, id, e.ID); err != nil {
			f.T.Fatal(err)
		}
		return authzCase{Path: fmt.Sprintf("/api/v1/training/resources/%d/uses/event/%d", id, e.ID), Record: &c, Allow: []role{coordinator, admin},
			OK: http.StatusOK}
	}
}
