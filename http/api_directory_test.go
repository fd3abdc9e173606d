package http_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wikicities/wikicities"
	wchttp "github.com/wikicities/wikicities/http"
	"github.com/wikicities/wikicities/matchmaking"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
	"github.com/wikicities/wikicities/twins"
)

// dirWorld is a store with a few real cities and twin links, served over
// loopback. Requests carry the acting account in the X-Test-User header (a
// user id, or "admin"); the test middleware loads its coordinator grants
// from the store, as the accounts work's session middleware does.
type dirWorld struct {
	t      *testing.T
	db     *store.DB
	srv    *wchttp.Server
	cities map[string]int64
	users  map[string]int64
}

func newDirWorld(t *testing.T, db *store.DB) *dirWorld {
	t.Helper()
	ctx := wikicities.NewContext(context.Background(), wikicities.System)
	w := &dirWorld{t: t, db: db, cities: map[string]int64{}, users: map[string]int64{}}
	for _, c := range []*wikicities.City{
		{Name: "Munich", Country: "Germany", Lat: 48.1372, Lng: 11.5755, HasCoords: true},
		{Name: "Edinburgh", Country: "United Kingdom", Lat: 55.9533, Lng: -3.1883, HasCoords: true},
		{Name: "Harare", Country: "Zimbabwe", Lat: -17.8292, Lng: 31.0522, HasCoords: true},
		{Name: "Verona", Country: "Italy", Lat: 45.4384, Lng: 10.9916, HasCoords: true},
		{Name: "Vicenza", Country: "Italy", Lat: 45.5455, Lng: 11.5354, HasCoords: true},
		{Name: "Bordeaux", Country: "France", Lat: 44.8378, Lng: -0.5792, HasCoords: true},
	} {
		if err := db.Cities().CreateCity(ctx, c); err != nil {
			t.Fatal(err)
		}
		w.cities[c.Name] = c.ID
	}
	for _, p := range [][2]string{{"Munich", "Edinburgh"}, {"Munich", "Harare"}, {"Munich", "Verona"}, {"Munich", "Bordeaux"}, {"Edinburgh", "Bordeaux"}} {
		if _, err := db.Cities().AddTwinLink(ctx, &wikicities.TwinLink{A: w.cities[p[0]], B: w.cities[p[1]], Source: wikicities.SourceManual}); err != nil {
			t.Fatal(err)
		}
	}
	for _, u := range []string{"anna", "bob", "root"} {
		role := "member"
		if u == "root" {
			role = "admin"
		}
		err := db.Update(ctx, func(tx *store.Tx) error {
			id, err := tx.InsertID(ctx, `INSERT INTO users (username, role, created_at, updated_at) VALUES (?, ?, 0, 0)`, u, role)
			w.users[u] = id
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	cities, _ := db.Cities().AllCities(ctx)
	links, _ := db.Cities().AllTwinLinks(ctx)
	w.srv = newServer(db, twins.New(cities, links))
	w.srv.Middleware = append(w.srv.Middleware, w.actorMiddleware)
	if err := w.srv.Open("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.srv.Close(context.Background()) })
	return w
}

func (w *dirWorld) actorMiddleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		name := r.Header.Get("X-Test-User")
		if name == "" {
			next.ServeHTTP(rw, r)
			return
		}
		a := &wikicities.Actor{UserID: w.users[name], Username: name, Role: wikicities.RoleMember}
		if name == "root" {
			a.Role = wikicities.RoleAdmin
		}
		rows, err := w.db.Query(r.Context(), `SELECT party_kind, party_id FROM coordinators WHERE user_id = ?`, a.UserID)
		if err != nil {
			http.Error(rw, err.Error(), 500)
			return
		}
		for rows.Next() {
			var p wikicities.PartyRef
			rows.Scan(&p.Kind, &p.ID)
			a.Coordinates = append(a.Coordinates, p)
		}
		rows.Close()
		next.ServeHTTP(rw, r.WithContext(wikicities.NewContext(r.Context(), a)))
	})
}

type resp struct {
	code int
	hdr  http.Header
	body []byte
}

func (r resp) json(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decode %s: %v", r.body, err)
	}
}

func (w *dirWorld) do(method, path, user string, body any, hdr ...string) resp {
	w.t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, w.srv.URL()+path, rd)
	if user != "" {
		req.Header.Set("X-Test-User", user)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		w.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	checkDocumented(w.t, req, res.StatusCode, res.Header, b)
	return resp{res.StatusCode, res.Header, b}
}

func (w *dirWorld) community(user, name, city string, langs, offered, wanted []string) int64 {
	w.t.Helper()
	r := w.do("POST", "/api/v1/communities", user, map[string]any{
		"kind": "user_group", "name": name, "city_id": w.cities[city], "languages": langs,
		"skills_offered": offered, "skills_wanted": wanted, "projects": []string{"wikipedia"},
	})
	if r.code != 201 {
		w.t.Fatalf("create %s: %d %s", name, r.code, r.body)
	}
	var c wikicities.Community
	r.json(w.t, &c)
	return c.ID
}

func fieldsOf(t *testing.T, r resp) map[string]string {
	t.Helper()
	var e struct {
		Error  string `json:"error"`
		Fields []struct{ Field, Message string }
	}
	r.json(t, &e)
	out := map[string]string{}
	for _, f := range e.Fields {
		out[f.Field] = f.Message
	}
	return out
}

func TestCreateCommunityValidationNamesEveryField(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newDirWorld(t, db)
		r := w.do("POST", "/api/v1/communities", "anna", map[string]any{
			"kind": "club", "name": " ", "city_id": 9999, "languages": []string{"de", "klingon"},
			"projects": []string{"wikipedia", "myspace"}, "website": "javascript:alert(1)",
			"skills_offered": []string{"juggling"}, "status": "sleeping",
		})
		if r.code != http.StatusUnprocessableEntity {
			t.Fatalf("status %d, want 422: %s", r.code, r.body)
		}
		want := map[string]string{
			"kind":              `"club" is not one of chapter, user_group, local_group, wiki_club, thematic_organization`,
			"name":              "is empty",
			"city_id":           "there is no city 9999",
			"languages[1]":      `"klingon" is not a Wikimedia language code`,
			"projects[1]":       `"myspace" is not a Wikimedia project code`,
			"website":           `"javascript:alert(1)" is not an http(s) address`,
			"skills_offered[0]": `"juggling" is not in the skills vocabulary (an admin can add it)`,
			"status":            `"sleeping" is not one of active, dormant, closed`,
		}
		got := fieldsOf(t, r)
		for f, msg := range want {
			if !strings.HasPrefix(got[f], msg) {
				t.Errorf("field %s: message %q, want it to start %q", f, got[f], msg)
			}
		}
		if len(got) != len(want) {
			t.Errorf("fields %v, want exactly %d", got, len(want))
		}
	})
}

func TestCreateInstitutionValidation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newDirWorld(t, db)
		r := w.do("POST", "/api/v1/institutions", "anna", map[string]any{"kind": "zoo", "name": "X", "city_id": w.cities["Munich"], "qid": "Q0"})
		got := fieldsOf(t, r)
		if r.code != 422 || !strings.Contains(got["kind"], `"zoo" is not one of museum`) || !strings.Contains(got["qid"], "Wikidata item id") {
			t.Fatalf("%d %s", r.code, r.body)
		}
	})
}

func TestCommunityWritesNeedAnAccountAndCoordination(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newDirWorld(t, db)
		if r := w.do("POST", "/api/v1/communities", "", map[string]any{"kind": "chapter", "name": "X", "city_id": w.cities["Munich"]}); r.code != 401 {
			t.Errorf("anonymous create: %d, want 401", r.code)
		}
		id := w.community("anna", "WikiMUC", "Munich", []string{"de"}, nil, nil)
		path := fmt.Sprintf("/api/v1/communities/%d", id)
		body := map[string]any{"kind": "user_group", "name": "WikiMUC e.V.", "city_id": w.cities["Munich"], "version": 1}
		if r := w.do("PUT", path, "bob", body); r.code != 403 {
			t.Errorf("update by a non-coordinator: %d, want 403", r.code)
		}
		if r := w.do("DELETE", path, "bob", nil); r.code != 403 {
			t.Errorf("delete by a non-coordinator: %d, want 403", r.code)
		}
		if r := w.do("PUT", path, "root", body); r.code != 200 {
			t.Errorf("update by an admin: %d %s", r.code, r.body)
		}
	})
}

// Institutions share the community routes' scaffolding: created with
// Location and ETag, read with ETag, updated against a version (428 without
// one, 412 when stale), deleted.
func TestInstitutionLifecycleUsesTheVersion(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newDirWorld(t, db)
		body := map[string]any{"kind": "museum", "name": "Deutsches Museum", "city_id": w.cities["Munich"]}
		r := w.do("POST", "/api/v1/institutions", "anna", body)
		var inst wikicities.Institution
		r.json(t, &inst)
		path := fmt.Sprintf("/api/v1/institutions/%d", inst.ID)
		if r.code != 201 || r.hdr.Get("Location") != path || r.hdr.Get("ETag") != `"1"` {
			t.Fatalf("POST: %d Location %q ETag %q %s", r.code, r.hdr.Get("Location"), r.hdr.Get("ETag"), r.body)
		}
		if r := w.do("GET", path, "", nil); r.code != 200 || r.hdr.Get("ETag") != `"1"` {
			t.Fatalf("GET: %d ETag %q", r.code, r.hdr.Get("ETag"))
		}
		body["name"] = "Deutsches Museum München"
		if r := w.do("PUT", path, "anna", body); r.code != http.StatusPreconditionRequired {
			t.Errorf("PUT without a version: %d, want 428: %s", r.code, r.body)
		}
		if r := w.do("PUT", path, "anna", body, "If-Match", `"1"`); r.code != 200 || r.hdr.Get("ETag") != `"2"` {
			t.Fatalf("PUT If-Match 1: %d ETag %q %s", r.code, r.hdr.Get("ETag"), r.body)
		}
		body["name"] = "Overwritten"
		if r := w.do("PUT", path, "anna", body, "If-Match", `"1"`); r.code != http.StatusPreconditionFailed {
			t.Errorf("stale If-Match: %d %s, want 412", r.code, r.body)
		}
		var got wikicities.Institution
		w.do("GET", path, "", nil).json(t, &got)
		if got.Name != "Deutsches Museum München" || got.Version != 2 {
			t.Errorf("stored %q at version %d", got.Name, got.Version)
		}
		var list struct {
			Institutions []wikicities.Institution `json:"institutions"`
			Total        int                      `json:"total"`
		}
		w.do("GET", "/api/v1/institutions?q=Deutsches", "", nil).json(t, &list)
		if list.Total != 1 || len(list.Institutions) != 1 || list.Institutions[0].ID != inst.ID {
			t.Errorf("listing: %+v", list)
		}
		// A delete honours If-Match: one based on the read before the edit
		// is refused and deletes nothing, where it was carried out.
		if r := w.do("DELETE", path, "anna", nil, "If-Match", `"1"`); r.code != http.StatusPreconditionFailed {
			t.Errorf("DELETE with a stale If-Match: %d %s, want 412", r.code, r.body)
		}
		if r := w.do("GET", path, "", nil); r.code != 200 {
			t.Fatalf("GET after a stale DELETE: %d, want 200", r.code)
		}
		if r := w.do("DELETE", path, "anna", nil, "If-Match", `"2"`); r.code != http.StatusNoContent {
			t.Fatalf("DELETE: %d %s", r.code, r.body)
		}
		if r := w.do("GET", path, "", nil); r.code != http.StatusNotFound {
			t.Errorf("GET after DELETE: %d, want 404", r.code)
		}
	})
}

func TestUpdateCommunityUsesTheVersion(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newDirWorld(t, db)
		id := w.community("anna", "WikiMUC", "Munich", []string{"de"}, nil, nil)
		path := fmt.Sprintf("/api/v1/communities/%d", id)
		get := w.do("GET", path, "", nil)
		if get.code != 200 || get.hdr.Get("ETag") != `"1"` {
			t.Fatalf("GET: %d ETag %q", get.code, get.hdr.Get("ETag"))
		}
		body := map[string]any{"kind": "user_group", "name": "WikiMUC", "city_id": w.cities["Munich"], "languages": []string{"de", "en"}}
		if r := w.do("PUT", path, "anna", body); r.code != http.StatusPreconditionRequired {
			t.Errorf("PUT without a version: %d, want 428: %s", r.code, r.body)
		}
		r := w.do("PUT", path, "anna", body, "If-Match", `"1"`)
		if r.code != 200 || r.hdr.Get("ETag") != `"2"` {
			t.Fatalf("PUT If-Match 1: %d ETag %q %s", r.code, r.hdr.Get("ETag"), r.body)
		}
		// A second writer still holding version 1 is refused, not merged.
		body["name"] = "Overwritten"
		r = w.do("PUT", path, "anna", body, "If-Match", `"1"`)
		if r.code != http.StatusPreconditionFailed || !strings.Contains(string(r.body), "is at version 2, not 1") {
			t.Errorf("stale If-Match: %d %s, want 412 naming the versions", r.code, r.body)
		}
		body["version"] = 1
		if r := w.do("PUT", path, "anna", body); r.code != http.StatusPreconditionFailed {
			t.Errorf("stale body version: %d, want 412", r.code)
		}
		body["version"] = 3
		if r := w.do("PUT", path, "anna", body, "If-Match", `"2"`); r.code != 422 {
			t.Errorf("If-Match and version disagreeing: %d, want 422", r.code)
		}
		var c wikicities.Community
		w.do("GET", path, "", nil).json(t, &c)
		if c.Name != "WikiMUC" || c.Version != 2 || strings.Join(c.Languages, ",") != "de,en" {
			t.Errorf("stored %+v", c)
		}
	})
}

func TestDeleteCommunityInAPartnershipIsRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newDirWorld(t, db)
		a := w.community("anna", "WikiMUC", "Munich", []string{"de"}, nil, nil)
		b := w.community("bob", "Edinburgh Wikimedians", "Edinburgh", []string{"en"}, nil, nil)
		// The partnerships work's table (its migration 00030), reduced to
		// the columns this test writes; with that migration merged the
		// real table is used.
		ctx := context.Background()
		id := "INTEGER PRIMARY KEY"
		if db.Dialect() == store.Postgres {
			id = "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"
		}
		if _, err := db.Exec(ctx, `CREATE TABLE IF NOT EXISTS partnerships (id `+id+`, a_community_id BIGINT NOT NULL REFERENCES communities (id),
			b_community_id BIGINT REFERENCES communities (id), b_institution_id BIGINT REFERENCES institutions (id), pair_key TEXT NOT NULL,
			kind TEXT NOT NULL, level TEXT NOT NULL, state TEXT NOT NULL, state_changed_at BIGINT NOT NULL, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)`); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(ctx, `INSERT INTO partnerships (a_community_id, b_community_id, pair_key, kind, level, state, state_changed_at, created_at, updated_at)
			VALUES (?, ?, ?, 'twinning', 'local', 'active', 0, 0, 0)`, a, b, fmt.Sprintf("community:%d|community:%d", a, b)); err != nil {
			t.Fatal(err)
		}
		r := w.do("DELETE", fmt.Sprintf("/api/v1/communities/%d", a), "anna", nil)
		if r.code != http.StatusConflict || !strings.Contains(string(r.body), `community \"WikiMUC\" is a party to 1 partnership(s); archive it instead of deleting it`) {
			t.Fatalf("delete of a partner: %d %s", r.code, r.body)
		}
		if r := w.do("GET", fmt.Sprintf("/api/v1/communities/%d", a), "", nil); r.code != 200 {
			t.Fatalf("refused delete removed it anyway: %d", r.code)
		}
		// Existing partners are never suggested to each other.
		var s struct{ Suggestions []struct{ Kind, Name string } }
		w.do("GET", fmt.Sprintf("/api/v1/communities/%d/suggestions", a), "", nil).json(t, &s)
		for _, x := range s.Suggestions {
			if x.Name == "Edinburgh Wikimedians" {
				t.Errorf("existing partner suggested")
			}
		}
		// Archiving is the way out.
		r = w.do("PUT", fmt.Sprintf("/api/v1/communities/%d", a), "anna", map[string]any{"kind": "user_group", "name": "WikiMUC", "city_id": w.cities["Munich"], "archived": true, "version": 1})
		if r.code != 200 {
			t.Fatalf("archive: %d %s", r.code, r.body)
		}
		var list struct{ Total int }
		w.do("GET", "/api/v1/communities?city="+strconv.FormatInt(w.cities["Munich"], 10), "", nil).json(t, &list)
		if list.Total != 0 {
			t.Errorf("archived community still listed")
		}
		// Institutions likewise.
		r = w.do("POST", "/api/v1/institutions", "bob", map[string]any{"kind": "university", "name": "University of Edinburgh", "city_id": w.cities["Edinburgh"]})
		var inst wikicities.Institution
		r.json(t, &inst)
		if _, err := db.Exec(ctx, `INSERT INTO partnerships (a_community_id, b_institution_id, pair_key, kind, level, state, state_changed_at, created_at, updated_at)
			VALUES (?, ?, ?, 'institutional', 'local', 'ended', 0, 0, 0)`, b, inst.ID, fmt.Sprintf("community:%d|institution:%d", b, inst.ID)); err != nil {
			t.Fatal(err)
		}
		r = w.do("DELETE", fmt.Sprintf("/api/v1/institutions/%d", inst.ID), "bob", nil)
		if r.code != http.StatusConflict || !strings.Contains(string(r.body), `institution \"University of Edinburgh\" is a party to 1 partnership(s)`) {
			t.Errorf("delete of an institution in an ended partnership: %d %s", r.code, r.body)
		}
		// Without the partnership the delete goes through and takes the
		// coordinator grant with it.
		db.Exec(ctx, `DELETE FROM partnerships`)
		if r := w.do("DELETE", fmt.Sprintf("/api/v1/communities/%d", a), "anna", nil); r.code != 204 {
			t.Fatalf("delete: %d %s", r.code, r.body)
		}
		var n int
		db.QueryRow(ctx, `SELECT COUNT(*) FROM coordinators WHERE party_kind = 'community' AND party_id = ?`, a).Scan(&n)
		if n != 0 {
			t.Errorf("%d coordinator grants left dangling", n)
		}
	})
}

func TestDeleteCityUsedByACommunityIsRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newDirWorld(t, db)
		w.community("anna", "WikiMUC", "Munich", []string{"de"}, nil, nil)
		admin := wikicities.NewContext(context.Background(), &wikicities.Actor{UserID: w.users["root"], Role: wikicities.RoleAdmin})
		err := db.Cities().DeleteCity(admin, w.cities["Munich"])
		if err == nil || !strings.Contains(err.Error(), "city "+strconv.FormatInt(w.cities["Munich"], 10)+" (Munich, Germany) is the home of 1 communities and 0 institutions") {
			t.Fatalf("err %v", err)
		}
		if err := db.Cities().DeleteCity(admin, w.cities["Vicenza"]); err != nil {
			t.Errorf("deleting an unused city: %v", err)
		}
		member := wikicities.NewContext(context.Background(), &wikicities.Actor{UserID: w.users["anna"], Role: wikicities.RoleMember})
		if err := db.Cities().DeleteCity(member, w.cities["Verona"]); err == nil {
			t.Errorf("a member deleted a city")
		}
	})
}

func TestListCommunitiesFiltersAndPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newDirWorld(t, db)
		w.community("anna", "WikiMUC", "Munich", []string{"de"}, []string{"photography"}, nil)
		w.community("anna", "Wikipedia-Stammtisch München", "Munich", []string{"de", "bar"}, nil, []string{"glam"})
		w.community("bob", "Edinburgh Wikimedians", "Edinburgh", []string{"en"}, nil, nil)
		w.community("bob", "Wikimedians of Zimbabwe", "Harare", []string{"en", "sn"}, []string{"photography"}, nil)
		tests := []struct {
			query string
			total int
			first string
		}{
			{"", 4, "Edinburgh Wikimedians"},
			{"q=wiki", 4, "Edinburgh Wikimedians"},
			{"q=MÜNCHEN", 1, "Wikipedia-Stammtisch München"},
			{"city=" + strconv.FormatInt(w.cities["Munich"], 10), 2, "WikiMUC"},
			{"country=germany", 2, "WikiMUC"},
			{"language=en", 2, "Edinburgh Wikimedians"},
			{"skill=photography", 2, "Wikimedians of Zimbabwe"},
			{"skill=glam", 1, "Wikipedia-Stammtisch München"},
			{"kind=chapter", 0, ""},
			{"limit=1&offset=1", 4, "Wikimedians of Zimbabwe"},
		}
		for _, tt := range tests {
			var out struct {
				Communities []wikicities.Community
				Total       int
			}
			r := w.do("GET", "/api/v1/communities?"+tt.query, "", nil)
			r.json(t, &out)
			first := ""
			if len(out.Communities) > 0 {
				first = out.Communities[0].Name
			}
			if r.code != 200 || out.Total != tt.total || first != tt.first {
				t.Errorf("?%s: %d total %d first %q, want total %d first %q", tt.query, r.code, out.Total, first, tt.total, tt.first)
			}
		}
		if r := w.do("GET", "/api/v1/communities?limit=0", "", nil); r.code != 422 || fieldsOf(t, r)["limit"] == "" {
			t.Errorf("limit=0: %d %s", r.code, r.body)
		}
	})
}

// A query parameter an operation does not take is refused with 400 naming
// it, on lists and single records alike: a misspelt ?citty= listed every
// community as if no filter had been asked for.
func TestUnknownQueryParametersAreRefusedByName(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newDirWorld(t, db)
		id := w.community("anna", "WikiMUC", "Munich", []string{"de"}, nil, nil)
		for _, c := range []struct{ path, want string }{
			{"/api/v1/communities?citty=Munich", "citty"},
			{"/api/v1/communities?q=wiki&Country=Germany", "Country"},
			{"/api/v1/institutions?langauge=de", "langauge"},
			{"/api/v1/cities?name=Munich", "name"},
			{"/api/v1/twins?city=Munich&limit=3", "limit"},
			{fmt.Sprintf("/api/v1/communities/%d?expand=city", id), "expand"},
			{"/api/v1/partnerships?status=active", "status"},
			{"/api/v1/events?contry=de", "contry"},
		} {
			r := w.do("GET", c.path, "", nil)
			fields := fieldsOf(t, r)
			if r.code != http.StatusBadRequest || len(fields) != 1 || !strings.HasPrefix(fields[c.want], "is not a query parameter of GET ") {
				t.Errorf("%s: %d %s, want 400 naming %s", c.path, r.code, r.body, c.want)
			}
		}
		r := w.do("GET", "/api/v1/communities?citty=Munich&q=x&languages=de", "", nil)
		if fields := fieldsOf(t, r); r.code != 400 || len(fields) != 2 || fields["citty"] == "" || fields["languages"] == "" ||
			!strings.Contains(fields["citty"], "it takes q, city, country") {
			t.Errorf("two unknown parameters: %d %s, want both named with what the list takes", r.code, r.body)
		}
		for _, path := range []string{"/api/v1/communities?city=" + strconv.FormatInt(w.cities["Munich"], 10) + "&limit=5",
			"/api/v1/twins?city=Munich", "/api/v1/cities?q=mun", fmt.Sprintf("/api/v1/communities/%d", id)} {
			if r := w.do("GET", path, "", nil); r.code != 200 {
				t.Errorf("%s: %d %s, want 200", path, r.code, r.body)
			}
		}
	})
}

// A filter value that is none of its parameter's values is refused naming
// it: "kind=chapters" listed nothing, "archived=1" and "open=yes" were read
// as false, as if the filter had worked.
func TestListFilterValuesAreCheckedByName(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newDirWorld(t, db)
		for path, field := range map[string]string{
			"/api/v1/communities?kind=chapters":  "kind",
			"/api/v1/communities?kind=museum":    "kind",
			"/api/v1/institutions?kind=chapter":  "kind",
			"/api/v1/communities?status=asleep":  "status",
			"/api/v1/communities?archived=yes":   "archived",
			"/api/v1/institutions?archived=all":  "archived",
			"/api/v1/requests?open=yes":          "open",
			"/api/v1/export/twins.csv?bom=maybe": "bom",
		} {
			if r := w.do("GET", path, "", nil); r.code != http.StatusUnprocessableEntity || fieldsOf(t, r)[field] == "" {
				t.Errorf("%s: %d %s, want 422 naming %s", path, r.code, r.body, field)
			}
		}
		for _, path := range []string{"/api/v1/communities?kind=chapter&status=active&archived=1", "/api/v1/institutions?kind=museum&archived=false",
			"/api/v1/requests?open=true", "/api/v1/requests?open=0"} {
			if r := w.do("GET", path, "", nil); r.code != 200 {
				t.Errorf("%s: %d %s, want 200", path, r.code, r.body)
			}
		}
	})
}

func TestSuggestionsThroughTheAPIStayCurrent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newDirWorld(t, db)
		muc := w.community("anna", "WikiMUC", "Munich", []string{"de", "en"}, []string{"photography"}, nil)
		w.community("bob", "Edinburgh Wikimedians", "Edinburgh", []string{"en"}, nil, []string{"photography"})
		vic := w.community("bob", "Wikimedia Vicenza", "Vicenza", []string{"it"}, nil, nil)
		type sug struct {
			Kind    string
			ID      int64
			Name    string
			Score   float64
			Reasons []struct{ Code, Text string }
		}
		get := func() []sug {
			var out struct{ Suggestions []sug }
			r := w.do("GET", fmt.Sprintf("/api/v1/communities/%d/suggestions", muc), "", nil)
			if r.code != 200 {
				t.Fatalf("suggestions: %d %s", r.code, r.body)
			}
			r.json(t, &out)
			return out.Suggestions
		}
		s := get()
		if len(s) < 2 || s[0].Name != "Edinburgh Wikimedians" || s[0].Reasons[0].Code != "twin_city" {
			t.Fatalf("first suggestion: %+v", s)
		}
		var near *sug
		for i := range s {
			if s[i].ID == vic && s[i].Kind == "community" {
				near = &s[i]
			}
		}
		if near == nil || near.Reasons[0].Text != "no group in Verona yet; nearest: Wikimedia Vicenza (44 km)" {
			t.Fatalf("nearest fallback: %+v", near)
		}
		// A group founded in Harare through the API is suggested at once.
		w.community("bob", "Wikimedians of Zimbabwe", "Harare", []string{"en", "sn"}, nil, nil)
		found := false
		for _, x := range get() {
			found = found || x.Name == "Wikimedians of Zimbabwe"
		}
		if !found {
			t.Errorf("new community not suggested")
		}
		// A community written behind the API's back (the CLI, an import)
		// shows once the index checks the store again.
		sys := wikicities.NewContext(context.Background(), wikicities.System)
		if err := db.Communities().CreateCommunity(sys, &wikicities.Community{Kind: wikicities.KindWikiClub, Name: "Bordeaux Wiki Club",
			CityID: w.cities["Bordeaux"]}); err != nil {
			t.Fatal(err)
		}
		has := func() bool {
			for _, x := range get() {
				if x.Name == "Bordeaux Wiki Club" {
					return true
				}
			}
			return false
		}
		if has() {
			t.Errorf("index checked the store before RefreshEvery passed")
		}
		w.srv.Suggestions.(*matchmaking.Index).RefreshEvery = 0
		if !has() {
			t.Errorf("community created through the store not suggested after a refresh")
		}
		if r := w.do("GET", "/api/v1/communities/9999/suggestions", "", nil); r.code != 404 {
			t.Errorf("unknown community: %d", r.code)
		}
	})
}

func TestPartnerRequestsAndAnswers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newDirWorld(t, db)
		muc := w.community("anna", "WikiMUC", "Munich", []string{"de"}, []string{"photography"}, nil)
		edi := w.community("bob", "Edinburgh Wikimedians", "Edinburgh", []string{"en"}, nil, nil)
		expires := time.Now().AddDate(0, 2, 0).UTC().Format(time.RFC3339)
		req := map[string]any{"party": map[string]any{"kind": "community", "id": edi}, "title": "a partner in one of our twin cities for a joint photo contest",
			"partner_kinds": []string{"user_group", "chapter"}, "city_ids": []int64{w.cities["Munich"]}, "skills": []string{"photography"}, "expires": expires}
		if r := w.do("POST", "/api/v1/requests", "anna", req); r.code != 403 {
			t.Errorf("posting for a community one does not coordinate: %d", r.code)
		}
		bad := map[string]any{"party": map[string]any{"kind": "community", "id": edi}, "title": "", "partner_kinds": []string{"pub"}, "expires": "2001-01-01T00:00:00Z"}
		r := w.do("POST", "/api/v1/requests", "bob", bad)
		got := fieldsOf(t, r)
		if r.code != 422 || got["title"] != "is empty" || !strings.Contains(got["partner_kinds[0]"], `"pub"`) || !strings.Contains(got["expires"], "is not in the future") {
			t.Errorf("bad request: %d %s", r.code, r.body)
		}
		r = w.do("POST", "/api/v1/requests", "bob", req)
		if r.code != 201 {
			t.Fatalf("post request: %d %s", r.code, r.body)
		}
		var posted wikicities.PartnerRequest
		r.json(t, &posted)
		// Listed on Munich's city page (it seeks a partner there) and on Edinburgh's (posted from there).
		for _, city := range []string{"Munich", "Edinburgh"} {
			var l struct{ Total int }
			w.do("GET", fmt.Sprintf("/api/v1/cities/%d/requests", w.cities[city]), "", nil).json(t, &l)
			if l.Total != 1 {
				t.Errorf("%s requests: %d, want 1", city, l.Total)
			}
		}
		var l struct{ Total int }
		w.do("GET", fmt.Sprintf("/api/v1/cities/%d/requests", w.cities["Harare"]), "", nil).json(t, &l)
		if l.Total != 0 {
			t.Errorf("Harare lists a request that does not concern it")
		}
		// A request for a country shows on the pages of its cities, however
		// the country is written.
		uk := map[string]any{"party": map[string]any{"kind": "community", "id": muc}, "title": "an English-speaking group in Britain",
			"countries": []string{"UK"}, "languages": []string{"en"}, "expires": expires}
		if r := w.do("POST", "/api/v1/requests", "anna", uk); r.code != 201 {
			t.Fatalf("post request: %d %s", r.code, r.body)
		}
		w.do("GET", fmt.Sprintf("/api/v1/cities/%d/requests", w.cities["Edinburgh"]), "", nil).json(t, &l)
		if l.Total != 2 {
			t.Errorf("Edinburgh lists %d requests, want 2 (its own and one for the UK)", l.Total)
		}
		if r := w.do("GET", "/api/v1/cities/9999/requests", "", nil); r.code != 404 {
			t.Errorf("requests of an unknown city: %d", r.code)
		}
		// WikiMUC answers the request: it ranks Edinburgh higher and says so.
		var s struct {
			Suggestions []struct {
				Name    string
				Reasons []struct{ Code string }
			}
		}
		w.do("GET", fmt.Sprintf("/api/v1/communities/%d/suggestions", muc), "", nil).json(t, &s)
		codes := ""
		for _, r := range s.Suggestions[0].Reasons {
			codes += r.Code + " "
		}
		if s.Suggestions[0].Name != "Edinburgh Wikimedians" || !strings.Contains(codes, "answers_their_request") {
			t.Errorf("request not in the ranking: %+v", s.Suggestions)
		}
		// Answering with a proposal starts a partnership (the partnerships
		// work's Propose) and records it on the answer.
		ans := map[string]any{"party": map[string]any{"kind": "community", "id": muc}, "message": "Servus! We have photographers.",
			"propose": map[string]any{"type": "twinning", "level": "global"}}
		path := fmt.Sprintf("/api/v1/requests/%d/answers", posted.ID)
		r = w.do("POST", path, "anna", ans)
		var a wikicities.RequestAnswer
		r.json(t, &a)
		if r.code != 201 || a.PartnershipID == 0 {
			t.Fatalf("answer: %d %s", r.code, r.body)
		}
		var p wikicities.Partnership
		w.do("GET", fmt.Sprintf("/api/v1/partnerships/%d", a.PartnershipID), "anna", nil).json(t, &p) // the message is for the parties
		if p.A.ID != muc || p.B.ID != edi || p.State != wikicities.StateProposed || p.Message != "Servus! We have photographers." {
			t.Errorf("proposal %+v", p)
		}
		// Partners now, they are no longer suggested to each other.
		w.do("GET", fmt.Sprintf("/api/v1/communities/%d/suggestions", muc), "", nil).json(t, &s)
		for _, x := range s.Suggestions {
			if x.Name == "Edinburgh Wikimedians" {
				t.Errorf("a community with a proposed partnership is still suggested")
			}
		}
		if r := w.do("POST", path, "anna", ans); r.code != 409 || !strings.Contains(string(r.body), "has already answered") {
			t.Errorf("second answer: %d %s", r.code, r.body)
		}
		if r := w.do("POST", path, "bob", map[string]any{"party": map[string]any{"kind": "institution", "id": 1}, "propose": map[string]any{"type": "institutional", "level": "local"}}); r.code != 422 ||
			!strings.Contains(fieldsOf(t, r)["propose"], "only a community proposes") {
			t.Errorf("institution proposing: %d %s", r.code, r.body)
		}
		own := map[string]any{"party": map[string]any{"kind": "community", "id": edi}}
		if r := w.do("POST", path, "bob", own); r.code != 422 || !strings.Contains(fieldsOf(t, r)["party"], "its own request") {
			t.Errorf("answering one's own request: %d %s", r.code, r.body)
		}
		var detail struct {
			Answers []wikicities.RequestAnswer
		}
		// Answers are for the request's coordinators and the answering party's.
		w.do("GET", fmt.Sprintf("/api/v1/requests/%d", posted.ID), "", nil).json(t, &detail)
		if len(detail.Answers) != 0 {
			t.Errorf("an anonymous reader sees the answers: %+v", detail.Answers)
		}
		w.do("GET", fmt.Sprintf("/api/v1/requests/%d", posted.ID), "bob", nil).json(t, &detail)
		if len(detail.Answers) != 1 || detail.Answers[0].PartnershipID != a.PartnershipID || detail.Answers[0].Message != "Servus! We have photographers." {
			t.Errorf("answers: %+v", detail.Answers)
		}
	})
}

func TestRecruitAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newDirWorld(t, db)
		w.community("anna", "WikiMUC", "Munich", []string{"de"}, nil, nil)
		w.community("bob", "Edinburgh Wikimedians", "Edinburgh", []string{"en"}, nil, nil)
		var out struct {
			Places []struct {
				City     wikicities.City
				Connects int
			}
			Total int
		}
		r := w.do("GET", fmt.Sprintf("/api/v1/recruit?city=%d", w.cities["Munich"]), "", nil)
		r.json(t, &out)
		// Bordeaux is a twin of Munich and Edinburgh: a group there connects two.
		if r.code != 200 || out.Total != 3 || out.Places[0].City.Name != "Bordeaux" || out.Places[0].Connects != 2 {
			t.Fatalf("recruit: %d %s", r.code, r.body)
		}
		w.do("GET", "/api/v1/recruit?country=United%20Kingdom", "", nil).json(t, &out)
		if out.Total != 1 || out.Places[0].City.Name != "Bordeaux" {
			t.Errorf("recruit by country: %+v", out)
		}
		if r := w.do("GET", "/api/v1/recruit?country=Atlantis", "", nil); r.code != 422 || fieldsOf(t, r)["country"] == "" {
			t.Errorf("unknown country: %d %s", r.code, r.body)
		}
	})
}

func TestExportAPINeutralisesFormulas(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newDirWorld(t, db)
		w.community("anna", "=HYPERLINK(\"http://evil.example\")", "Munich", []string{"de"}, nil, nil)
		r := w.do("GET", "/api/v1/export/communities.csv", "", nil)
		if r.code != 200 || !strings.HasPrefix(r.hdr.Get("Content-Type"), "text/csv") {
			t.Fatalf("%d %s", r.code, r.hdr.Get("Content-Type"))
		}
		recs, err := csv.NewReader(bytes.NewReader(r.body)).ReadAll()
		if err != nil || len(recs) != 2 || recs[1][2] != `'=HYPERLINK("http://evil.example")` || recs[1][4] != "Munich" {
			t.Fatalf("csv %v %v", recs, err)
		}
		r = w.do("GET", "/api/v1/export/twins.geojson", "", nil)
		var fc struct{ Features []any }
		r.json(t, &fc)
		if r.code != 200 || len(fc.Features) != 5 {
			t.Errorf("twins geojson: %d %d features", r.code, len(fc.Features))
		}
		if r := w.do("GET", "/api/v1/export/communities.xlsx", "", nil); r.code != 422 {
			t.Errorf("unknown format: %d", r.code)
		}
	})
}

// ?bom=true starts a CSV download with a UTF-8 byte-order mark, so that
// Excel on Windows shows "Düsseldorf" rather than "DÃ¼sseldorf"; without
// it the file is plain RFC 4180 for tools. Only CSV takes one, and the
// directory pages' CSV links, followed by people with spreadsheets, ask for
// it.
func TestCSVDownloadsStartWithAByteOrderMarkWhenAsked(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newDirWorld(t, db)
		w.community("anna", "Wikimedia Düsseldorf", "Munich", []string{"de"}, nil, nil)
		const bom = "\uFEFF"
		for _, path := range []string{"/api/v1/export/communities.csv", "/api/v1/export/twins.csv", "/api/v1/twin-links/worklist?format=csv"} {
			sep := "?"
			if strings.Contains(path, "?") {
				sep = "&"
			}
			for _, on := range []string{"true", "1"} {
				r := w.do("GET", path+sep+"bom="+on, "", nil)
				if r.code != 200 || !bytes.HasPrefix(r.body, []byte(bom)) || bytes.Count(r.body, []byte(bom)) != 1 {
					t.Errorf("%s bom=%s: %d %.40q, want one BOM first", path, on, r.code, r.body)
				}
			}
			for _, off := range []string{"", sep + "bom=false"} {
				if r := w.do("GET", path+off, "", nil); r.code != 200 || bytes.HasPrefix(r.body, []byte(bom)) {
					t.Errorf("%s%s: %d %.40q, want no BOM", path, off, r.code, r.body)
				}
			}
		}
		r := w.do("GET", "/api/v1/export/communities.csv?bom=true", "", nil)
		if recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(r.body, []byte(bom)))).ReadAll(); err != nil || len(recs) != 2 || recs[1][2] != "Wikimedia Düsseldorf" {
			t.Errorf("the CSV after the BOM: %q %v", recs, err)
		}
		for path, field := range map[string]string{
			"/api/v1/export/communities.geojson?bom=true": "bom",
			"/api/v1/export/communities.csv?bom=yes":      "bom",
			"/api/v1/twin-links/worklist?bom=true":        "bom",
		} {
			if r := w.do("GET", path, "", nil); r.code != 422 || fieldsOf(t, r)[field] == "" {
				t.Errorf("%s: %d %s, want 422 naming %s", path, r.code, r.body, field)
			}
		}
		for _, list := range []string{"/communities", "/institutions"} {
			page := w.do("GET", list, "", nil)
			if want := `href="/api/v1/export` + list + `.csv?bom=true"`; !strings.Contains(string(page.body), want) {
				t.Errorf("%s: no link %s", list, want)
			}
		}
	})
}

func TestAddSkillIsForAdmins(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newDirWorld(t, db)
		k := map[string]any{"code": "oral_history", "label": "Oral history"}
		if r := w.do("POST", "/api/v1/skills", "anna", k); r.code != 403 {
			t.Errorf("member adds a skill: %d", r.code)
		}
		if r := w.do("POST", "/api/v1/skills", "root", k); r.code != 201 {
			t.Fatalf("admin adds a skill: %d %s", r.code, r.body)
		}
		if r := w.do("POST", "/api/v1/skills", "root", k); r.code != 409 {
			t.Errorf("duplicate skill: %d", r.code)
		}
		if r := w.do("POST", "/api/v1/skills", "root", map[string]any{"code": "Bad Code", "label": ""}); r.code != 422 || len(fieldsOf(t, r)) != 2 {
			t.Errorf("bad skill: %d %s", r.code, r.body)
		}
		// The new skill can be used at once.
		w.community("anna", "Oral historians", "Munich", []string{"de"}, []string{"oral_history"}, nil)
	})
}

// The city page shows the communities and institutions based in the city,
// the partner requests that concern it and where to recruit, names escaped.
func TestCityPageShowsTheDirectory(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newDirWorld(t, db)
		w.community("anna", "WikiMUC", "Munich", []string{"de"}, nil, nil)
		w.community("anna", "<script>alert(1)</script>", "Munich", []string{"de"}, nil, nil)
		edi := w.community("bob", "Edinburgh Wikimedians", "Edinburgh", []string{"en"}, nil, nil)
		if r := w.do("POST", "/api/v1/institutions", "anna", map[string]any{"kind": "museum", "name": "Deutsches Museum",
			"city_id": w.cities["Munich"], "has_wikimedian_in_residence": true}); r.code != 201 {
			t.Fatalf("institution: %d %s", r.code, r.body)
		}
		expires := time.Now().AddDate(0, 1, 0).UTC()
		req := map[string]any{"party": map[string]any{"kind": "community", "id": edi}, "title": "a partner for a joint photo contest",
			"city_ids": []int64{w.cities["Munich"]}, "expires": expires.Format(time.RFC3339)}
		if r := w.do("POST", "/api/v1/requests", "bob", req); r.code != 201 {
			t.Fatalf("request: %d %s", r.code, r.body)
		}
		r := w.do("GET", fmt.Sprintf("/cities/%d", w.cities["Munich"]), "", nil)
		if r.code != 200 {
			t.Fatalf("Munich's page: %d", r.code)
		}
		page := string(r.body)
		for _, want := range []string{
			`id="directory-communities"`, "Wikimedia communities in Munich", "<bdi>WikiMUC</bdi>", "user group",
			"&lt;script&gt;alert(1)&lt;/script&gt;", "Partner institutions", "Deutsches Museum", "museum, Wikimedian in Residence",
			`id="directory-requests"`, "a partner for a joint photo contest", "by Edinburgh Wikimedians, open until " + expires.Format("2 January 2006"),
			`id="directory-recruit"`, "<bdi>Bordeaux</bdi>", "would connect 2 communities",
		} {
			if !strings.Contains(page, want) {
				t.Errorf("Munich's page lacks %q", want)
			}
		}
		if strings.Contains(page, "<script>alert(1)") {
			t.Error("a community name is not escaped")
		}
		page = string(w.do("GET", fmt.Sprintf("/cities/%d", w.cities["Vicenza"]), "", nil).body)
		if strings.Contains(page, `id="directory-`) {
			t.Error("a city with no directory entries shows directory sections")
		}
	})
}

// The heading of a city's directory section names the city as the rest of
// its page does: in the reader's language where Wikidata gives a label.
func TestCityDirectoryHeadingNamesTheCityInTheReadersLanguage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newDirWorld(t, db)
		w.community("anna", "WikiMUC", "Munich", []string{"de"}, nil, nil)
		names := map[string]string{"de": "München", "ar": "ميونخ"}
		ctx := wikicities.NewContext(context.Background(), wikicities.System)
		if _, _, _, err := db.Cities().SetCityNames(ctx, map[int64]map[string]string{w.cities["Munich"]: names}); err != nil {
			t.Fatal(err)
		}
		munich := *w.srv.Graph.City(w.cities["Munich"])
		munich.Names = names
		w.srv.Graph.AddCity(&munich)
		heading := regexp.MustCompile(`<h2 id="directory-communities-heading">([^<]*)</h2>`)
		for _, lang := range []string{"en", "de", "ar"} {
			r := w.do("GET", fmt.Sprintf("/cities/%d?uselang=%s", w.cities["Munich"], lang), "", nil)
			m := heading.FindSubmatch(r.body)
			if r.code != 200 || m == nil {
				t.Fatalf("%s: %d, no directory heading", lang, r.code)
			}
			want := munich.NameIn(lang)
			if got := strings.NewReplacer("\u2068", "", "\u2069", "").Replace(string(m[1])); !strings.Contains(got, want) {
				t.Errorf("%s: the directory heading is %q, want it to name %q", lang, got, want)
			}
		}
	})
}

// Registering a community that looks like one of its city's asks first: 409
// with the candidates (as documented), unless confirm_duplicate is true; a
// similar name in another city is no duplicate.
func TestCreateCommunityLikeAnExistingOneAsksFirst(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newDirWorld(t, db)
		first := w.community("anna", "Wikimedians of Munich", "Munich", []string{"de"}, nil, nil)
		other := w.community("anna", "Verona Wiki Club", "Verona", []string{"it"}, nil, nil)
		body := func(name, city string, confirm ...bool) map[string]any {
			b := map[string]any{"kind": "user_group", "name": name, "city_id": w.cities[city], "languages": []string{"de"}}
			if len(confirm) > 0 {
				b["confirm_duplicate"] = confirm[0]
			}
			return b
		}
		for _, tc := range []struct {
			name, city string
			want       int64
			match      string
		}{
			{"Wikimedians of Munich", "Munich", first, "exact"},
			{"Wikimedians Munich User Group", "Munich", first, "normalised"},
			{"VERONA wiki club", "Verona", other, "exact"},
		} {
			r := w.do("POST", "/api/v1/communities", "bob", body(tc.name, tc.city))
			if r.code != http.StatusConflict {
				t.Fatalf("%s in %s: %d, want 409: %s", tc.name, tc.city, r.code, r.body)
			}
			var got struct {
				Error      string
				Candidates []struct {
					ID        int64
					Name, URL string
					Match     string
				}
			}
			r.json(t, &got)
			if len(got.Candidates) != 1 || got.Candidates[0].ID != tc.want || got.Candidates[0].URL != fmt.Sprintf("/communities/%d", tc.want) {
				t.Errorf("%s: candidates %+v, want only community %d", tc.name, got.Candidates, tc.want)
			}
			if len(got.Candidates) == 1 && got.Candidates[0].Match != tc.match {
				t.Errorf("%s: match %q", tc.name, got.Candidates[0].Match)
			}
		}
		if r := w.do("POST", "/api/v1/communities", "", body("Wikimedians of Munich", "Munich")); r.code != 401 {
			t.Errorf("anonymous duplicate: %d, want 401 before any candidate is shown: %s", r.code, r.body)
		}
		if r := w.do("POST", "/api/v1/communities", "bob", body("Wikimedians of Munich", "Edinburgh")); r.code != 201 {
			t.Errorf("the same name in another city: %d, want 201: %s", r.code, r.body)
		}
		if r := w.do("POST", "/api/v1/communities", "bob", body("Wikimedians Munich User Group", "Munich", false)); r.code != 409 {
			t.Errorf("confirm_duplicate false: %d, want 409", r.code)
		}
		if r := w.do("POST", "/api/v1/communities", "bob", body("Wikimedians Munich User Group", "Munich", true)); r.code != 201 {
			t.Errorf("confirmed: %d, want 201: %s", r.code, r.body)
		}
		if r := w.do("POST", "/api/v1/communities", "bob", map[string]any{"kind": "user_group", "name": "X", "city_id": w.cities["Munich"], "confirm_duplicate": "yes"}); r.code != 400 {
			t.Errorf("confirm_duplicate not a boolean: %d, want 400: %s", r.code, r.body)
		}
		if r := w.do("POST", "/api/v1/institutions", "bob", map[string]any{"kind": "museum", "name": "X", "city_id": w.cities["Munich"], "confirm_duplicate": "yes"}); r.code != 400 {
			t.Errorf("confirm_duplicate on an institution not a boolean: %d, want 400: %s", r.code, r.body)
		}
	})
}
