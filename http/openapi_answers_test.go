package http_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

// Answers the OpenAPI document did not describe, or described otherwise,
// found by reading the handlers against it: each request below goes
// through checkDocumented (in a.do), which fails on a status the operation
// does not list, and the test checks the status the document gives.
func TestAPIAnswersAsDocumented(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newEventAPI(t, db)
		// An unknown worklist kind or format is input read but wrong: 422,
		// not the 400 the document said.
		a.must(422, "anonymous", "GET", "/api/v1/twin-links/worklist?kind=bogus", nil, "", nil)
		a.must(422, "anonymous", "GET", "/api/v1/twin-links/worklist?format=pdf", nil, "", nil)
		// A partnership's activities with from/to that are not dates.
		p := a.propose("coordA", a.w.B, "twinning")
		a.must(422, "anonymous", "GET", fmt.Sprintf("/api/v1/partnerships/%d/activities?from=yesterday", p.ID), nil, "", nil)
		a.must(200, "anonymous", "GET", fmt.Sprintf("/api/v1/partnerships/%d/activities?from=2026-01-01&to=2026-12-31", p.ID), nil, "", nil)
		// A campaign in an unknown format was answered as JSON.
		var c wikicities.Campaign
		a.must(201, "member", "POST", "/api/v1/campaigns", map[string]any{"name": "Wiki Loves Earth"}, "", &c)
		a.must(422, "anonymous", "GET", fmt.Sprintf("/api/v1/campaigns/%d?format=pdf", c.ID), nil, "", nil)
		a.must(200, "anonymous", "GET", fmt.Sprintf("/api/v1/campaigns/%d?format=json", c.ID), nil, "", nil)

		// The host's offer belongs to accept only: a decline that sends one
		// was taken and the offer silently dropped.
		a.must(200, "coordB", "POST", fmt.Sprintf("/api/v1/partnerships/%d/accept", p.ID), nil, "", nil)
		start := a.db.Now().Add(48 * time.Hour).Truncate(24 * time.Hour)
		var v wikicities.Visit
		a.must(201, "coordA", "POST", "/api/v1/visits", map[string]any{"visitor": map[string]any{"id": a.w.A.ID},
			"host": map[string]any{"id": a.w.B.ID}, "start": start.Format(time.RFC3339),
			"end": start.Add(48 * time.Hour).Format(time.RFC3339), "people": 2, "purpose": "Photo walk"}, "", &v)
		offer := map[string]any{"offer": map[string]any{"capacity": 10}}
		if code, _, b := a.do("coordB", "POST", fmt.Sprintf("/api/v1/visits/%d/decline", v.ID), offer, ""); code != 422 || !fieldNamed(b, "offer") {
			t.Errorf("decline with an offer: %d %s, want 422 naming offer", code, b)
		}
		a.must(200, "coordB", "POST", fmt.Sprintf("/api/v1/visits/%d/decline", v.ID), nil, "", nil)

		// ?country= names a country as the cities do ("Germany"), in any
		// case; it was upper-cased and so matched only upper-case codes.
		if _, err := db.Exec(context.Background(), `UPDATE cities SET country = 'Germany' WHERE id = ?`, a.w.Berlin); err != nil {
			t.Fatal(err)
		}
		var ev wikicities.Event
		a.must(201, "coordA", "POST", "/api/v1/events", eventBody(a, 5, false, a.w.A), "", &ev)
		for q, want := range map[string]int{"Germany": 1, "germany": 1, "France": 0} {
			var out struct {
				Events []wikicities.Event `json:"events"`
			}
			a.must(200, "anonymous", "GET", "/api/v1/events?country="+q, nil, "", &out)
			if len(out.Events) != want {
				t.Errorf("?country=%s: %d events, want %d", q, len(out.Events), want)
			}
		}
	})
}

// fieldNamed reports whether an API error body names field.
func fieldNamed(body []byte, field string) bool {
	var e struct {
		Fields []struct{ Field string } `json:"fields"`
	}
	json.Unmarshal(body, &e)
	for _, f := range e.Fields {
		if f.Field == field {
			return true
		}
	}
	return false
}
