package http_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

// A PUT whose body names another record than its address (a body read
// from one record and sent to another's address) is refused with 422
// naming the field, and writes nothing: it silently wrote over the record
// of the address whenever the two versions agreed. A record read, changed
// and sent back with its read-only fields (id, created_at, ...) is
// accepted.
func TestPutOfAnotherRecordsBodyIsRefusedNamingTheField(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newEventAPI(t, db)
		ev, res := eventAndResource(a)
		var camp wikicities.Campaign
		a.must(201, "member", "POST", "/api/v1/campaigns", map[string]any{"name": "Wiki Loves Monuments"}, "", &camp)
		read := func(path string) map[string]any {
			t.Helper()
			var m map[string]any
			a.must(200, "anonymous", "GET", path, nil, "", &m)
			return m
		}
		for _, c := range []struct {
			role, path, field string
			other             any
		}{
			{"coordA", fmt.Sprintf("/api/v1/communities/%d", a.w.A.ID), "id", a.w.B.ID},
			{"coordA", fmt.Sprintf("/api/v1/events/%d", ev.ID), "id", ev.ID + 1},
			{"member", fmt.Sprintf("/api/v1/campaigns/%d", camp.ID), "id", camp.ID + 1},
			{"member", fmt.Sprintf("/api/v1/training/resources/%d", res.ID), "id", res.ID + 1},
		} {
			before := read(c.path)
			for _, k := range []string{"editions", "participants", "twins", "totals"} {
				delete(before, k) // a campaign's view around it, not a field of its PUT
			}
			body := maps.Clone(before)
			body[c.field] = c.other
			code, _, b := a.do(c.role, "PUT", c.path, body, fmt.Sprintf(`"%v"`, before["version"]))
			var e struct {
				Fields []wikicities.FieldError `json:"fields"`
			}
			if code != 422 || json.Unmarshal(b, &e) != nil || len(e.Fields) != 1 || e.Fields[0].Field != c.field {
				t.Errorf("PUT %s with %s %v: %d %s, want 422 naming %s", c.path, c.field, c.other, code, b, c.field)
			}
			if after := read(c.path); after["version"] != before["version"] {
				t.Errorf("%s was written: %v", c.path, after)
			}
			// Sent back as read, with its own id: accepted.
			if code, _, b := a.do(c.role, "PUT", c.path, before, fmt.Sprintf(`"%v"`, before["version"])); code != 200 {
				t.Errorf("PUT %s as read: %d %s", c.path, code, b)
			}
		}
		// A club's record is its community's; capacities are their holder's.
		for _, c := range []struct {
			role, path, field string
			body              map[string]any
		}{
			{"coordA", fmt.Sprintf("/api/v1/clubs/%d", a.w.A.ID), "community_id", map[string]any{"community_id": a.w.B.ID, "members": 3, "version": 1}},
			{"coordA", fmt.Sprintf("/api/v1/capacities/group/%d", a.w.A.ID), "holder.id", map[string]any{"holder": map[string]any{"kind": "group", "id": a.w.B.ID}, "version": 1}},
			{"coordA", fmt.Sprintf("/api/v1/capacities/group/%d", a.w.A.ID), "holder.kind", map[string]any{"holder": map[string]any{"kind": "person", "id": a.w.A.ID}, "version": 1}},
		} {
			code, _, b := a.do(c.role, "PUT", c.path, c.body, "")
			var e struct {
				Fields []wikicities.FieldError `json:"fields"`
			}
			if code != 422 || json.Unmarshal(b, &e) != nil || len(e.Fields) != 1 || e.Fields[0].Field != c.field {
				t.Errorf("PUT %s with %v: %d %s, want 422 naming %s", c.path, c.body, code, b, c.field)
			}
		}
	})
}
