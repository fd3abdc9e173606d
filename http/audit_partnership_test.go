package http_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

// Coordinators of either party read the history of their partnership's
// activities and responsibilities (as the README promises), also after the
// record was deleted; coordinators of other records and members do not.
func TestCoordinatorsReadTheHistoryOfTheirPartnershipsRecords(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newPartnershipAPI(t, db)
		p := a.propose("coordA", a.w.B, "twinning")
		path := fmt.Sprintf("/api/v1/partnerships/%d", p.ID)
		a.must(200, "coordB", "POST", path+"/accept", nil, "", nil)
		var act, resp struct{ ID int64 }
		a.must(201, "coordA", "POST", path+"/activities", map[string]any{"kind": "workshop", "title": "W", "start": "2026-03-01T10:00:00Z"}, "", &act)
		a.must(201, "coordB", "POST", path+"/responsibilities", map[string]any{"owner": "a", "description": "Scan"}, "", &resp)
		records := map[string]int64{"partnership_activity": act.ID, "partnership_responsibility": resp.ID}
		check := func(when string) {
			for entity, id := range records {
				q := fmt.Sprintf("/api/v1/audit?entity=%s&id=%d", entity, id)
				for role, want := range map[string]int{"coordA": 200, "coordB": 200, "admin": 200, "coordC": 403, "member": 403, "anonymous": 401} {
					code, _, b := a.do(role, "GET", q, nil, "")
					if code != want {
						t.Errorf("%s: %s history as %s: %d %s, want %d", when, entity, role, code, b, want)
						continue
					}
					if code == 200 {
						var out struct{ Entries []json.RawMessage }
						if json.Unmarshal(b, &out) != nil || len(out.Entries) == 0 {
							t.Errorf("%s: %s history as %s is empty: %s", when, entity, role, b)
						}
					}
				}
			}
		}
		check("live records")
		a.must(http.StatusNoContent, "coordA", "DELETE", fmt.Sprintf("%s/activities/%d", path, act.ID), nil, `"1"`, nil)
		a.must(http.StatusNoContent, "coordA", "DELETE", fmt.Sprintf("%s/responsibilities/%d", path, resp.ID), nil, `"1"`, nil)
		check("deleted records")
	})
}
