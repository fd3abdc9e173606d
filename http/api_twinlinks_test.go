package http_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
	"github.com/wikicities/wikicities/twins"
)

// actorHeader lets the tests act as someone until the accounts work adds
// real sessions: the middleware hook is the one sessions will use.
const actorHeader = "X-Test-Actor"

func twinLinkServer(t *testing.T, db *store.DB) (*httptest.Server, *twins.Graph, []int64) {
	t.Helper()
	ctx := context.Background()
	var ids []int64
	for _, c := range []*wikicities.City{
		{Name: "Augsburg", Country: "Germany"}, {Name: "Jinan", Country: "China"}, {Name: "Dayton", Country: "United States"},
	} {
		if err := db.Cities().CreateCity(ctx, c); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, c.ID)
	}
	cs, _ := db.Cities().AllCities(ctx)
	g := twins.New(cs, nil)
	s := newServer(db, g)
	s.Middleware = append(s.Middleware, func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			switch r.Header.Get(actorHeader) {
			case "writer":
				r = r.WithContext(wikicities.NewContext(r.Context(), &wikicities.Actor{UserID: 7, Username: "Anna", Role: wikicities.RoleMember}))
			case "reader":
				r = r.WithContext(wikicities.NewContext(r.Context(), &wikicities.Actor{UserID: 8, Username: "Ben", Role: wikicities.RoleMember, Scope: "read"}))
			}
			h.ServeHTTP(w, r)
		})
	})
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return srv, g, ids
}

func post(t *testing.T, url, actor, body string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, url+"/api/v1/twin-links", bytes.NewBufferString(body))
	req.Header.Set("Content-Type", "application/json")
	if actor != "" {
		req.Header.Set(actorHeader, actor)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

func TestCreateTwinLinkUpdatesStoreAndGraph(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		srv, g, ids := twinLinkServer(t, db)
		body := `{"a": ` + itoa(ids[1]) + `, "b": ` + itoa(ids[0]) + `, "year": 2004, "provenance": "Jinan city council"}`
		code, out := post(t, srv.URL, "writer", body)
		if code != http.StatusCreated || out["created"] != true {
			t.Fatalf("POST: %d %v", code, out)
		}
		if tw := g.Twins(ids[0]); len(tw) != 1 || tw[0] != ids[1] {
			t.Errorf("graph twins of Augsburg %v, want Jinan", tw)
		}
		resp, err := http.Get(srv.URL + "/api/v1/cities/" + itoa(ids[0]) + "/twins")
		if err != nil {
			t.Fatal(err)
		}
		var twinsOut struct{ Twins []wikicities.City }
		json.NewDecoder(resp.Body).Decode(&twinsOut)
		resp.Body.Close()
		if len(twinsOut.Twins) != 1 || twinsOut.Twins[0].Name != "Jinan" {
			t.Errorf("GET twins after POST: %+v", twinsOut)
		}
		links, _ := db.Cities().AllTwinLinks(context.Background())
		if len(links) != 1 || links[0].Source != wikicities.SourceManual || links[0].Year != 2004 || links[0].Provenance != "Jinan city council" {
			t.Errorf("stored links %+v", links)
		}
		audit, _ := db.AuditLog(context.Background(), "twin_link", 0, 10)
		if len(audit) != 1 || audit[0].ActorName != "Anna" {
			t.Errorf("audit %+v, want one entry by Anna", audit)
		}

		// The same pair again, either way round: nothing changes.
		code, out = post(t, srv.URL, "writer", `{"a": `+itoa(ids[0])+`, "b": `+itoa(ids[1])+`}`)
		if code != http.StatusOK || out["created"] != false {
			t.Errorf("repeated POST: %d %v", code, out)
		}
		if _, n := g.Len(); n != 1 {
			t.Errorf("graph has %d links, want 1", n)
		}
	})
}

func TestCreateTwinLinkRefusals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		srv, g, ids := twinLinkServer(t, db)
		a, b := itoa(ids[0]), itoa(ids[1])
		tests := []struct {
			name, actor, body string
			code              int
			field             string
		}{
			{"anonymous", "", `{"a": ` + a + `, "b": ` + b + `}`, http.StatusUnauthorized, ""},
			{"read-only token", "reader", `{"a": ` + a + `, "b": ` + b + `}`, http.StatusForbidden, ""},
			{"self-twin", "writer", `{"a": ` + a + `, "b": ` + a + `}`, http.StatusUnprocessableEntity, "b"},
			{"unknown city", "writer", `{"a": ` + a + `, "b": 999999}`, http.StatusUnprocessableEntity, "b"},
			{"implausible year", "writer", `{"a": ` + a + `, "b": ` + b + `, "year": 20004}`, http.StatusUnprocessableEntity, "year"},
			// Unreadable bodies are 400 (ErrBadRequest), naming the field to
			// fix when there is one.
			{"unknown field", "writer", `{"a": ` + a + `, "b": ` + b + `, "source": "wikidata"}`, http.StatusBadRequest, "source"},
			{"a name for an id", "writer", `{"a": "Munich", "b": ` + b + `}`, http.StatusBadRequest, "a"},
			{"a fraction for a year", "writer", `{"a": ` + a + `, "b": ` + b + `, "year": 1957.5}`, http.StatusBadRequest, "year"},
			{"not JSON", "writer", `a=1&b=2`, http.StatusBadRequest, "body"},
			{"cut short", "writer", `{"a": ` + a, http.StatusBadRequest, "body"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				code, out := post(t, srv.URL, tt.actor, tt.body)
				if code != tt.code {
					t.Fatalf("status %d (%v), want %d", code, out, tt.code)
				}
				if tt.field != "" {
					fields, _ := out["fields"].([]any)
					if len(fields) == 0 || fields[0].(map[string]any)["field"] != tt.field {
						t.Errorf("fields %v, want %q named", out["fields"], tt.field)
					}
				}
			})
		}
		if _, n := g.Len(); n != 0 {
			t.Errorf("refused requests left %d links in the graph", n)
		}
		if links, _ := db.Cities().AllTwinLinks(context.Background()); len(links) != 0 {
			t.Errorf("refused requests stored %v", links)
		}
	})
}

func itoa(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}

func TestTwinsOfResolvesInTheGraph(t *testing.T) {
	db := storetest.MustOpen(t, store.SQLite)
	ctx := context.Background()
	for _, c := range []*wikicities.City{
		{Name: "Boston", Country: "United States", QID: "Q100"}, {Name: "Boston", Country: "England"}, {Name: "Pune", Country: "India"},
	} {
		if err := db.Cities().CreateCity(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	cs, _ := db.Cities().AllCities(ctx)
	g := twins.New(cs, []*wikicities.TwinLink{{A: cs[0].ID, B: cs[2].ID}})
	srv := httptest.NewServer(newServer(db, g))
	defer srv.Close()
	tests := []struct {
		query      string
		code       int
		city       string
		candidates int
	}{
		{"Q100", http.StatusOK, "Boston", 0},
		{"Boston, United States", http.StatusOK, "Boston", 0},
		{"Boston", http.StatusConflict, "", 2},
		{"Atlantis", http.StatusNotFound, "", 0},
		{"", http.StatusUnprocessableEntity, "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			resp, err := http.Get(srv.URL + "/api/v1/twins?city=" + url.QueryEscape(tt.query))
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var body struct {
				City       *wikicities.City
				Twins      []*wikicities.City
				Candidates []*wikicities.City
			}
			json.NewDecoder(resp.Body).Decode(&body)
			if resp.StatusCode != tt.code || len(body.Candidates) != tt.candidates {
				t.Fatalf("status %d, %d candidates; want %d, %d", resp.StatusCode, len(body.Candidates), tt.code, tt.candidates)
			}
			if tt.city != "" && (body.City == nil || body.City.Name != tt.city || len(body.Twins) != 1 || body.Twins[0].Name != "Pune") {
				t.Errorf("body %+v", body)
			}
		})
	}
}
