package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

// The directory commands end to end, on each store: add, list, show,
// update, suggest, recruit, export, delete.
func TestDirectoryCommands(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			var storeArgs []string
			var dsn string
			if d == store.Postgres {
				dsn = storetest.MustDSN(t, d)
				storeArgs = []string{"--database-url", dsn}
			} else {
				dir := t.TempDir()
				dsn = filepath.Join(dir, "wikicities.db")
				storeArgs = []string{"--data-dir", dir}
			}
			db, err := store.Open(context.Background(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.Migrate(context.Background()); err != nil {
				t.Fatal(err)
			}
			ctx := wikicities.NewContext(context.Background(), wikicities.System)
			ids := map[string]int64{}
			for _, c := range []*wikicities.City{
				{Name: "Munich", Country: "Germany", Lat: 48.1372, Lng: 11.5755, HasCoords: true},
				{Name: "Edinburgh", Country: "United Kingdom", Lat: 55.9533, Lng: -3.1883, HasCoords: true},
				{Name: "Harare", Country: "Zimbabwe", Lat: -17.8292, Lng: 31.0522, HasCoords: true},
			} {
				if err := db.Cities().CreateCity(ctx, c); err != nil {
					t.Fatal(err)
				}
				ids[c.Name] = c.ID
			}
			db.Cities().AddTwinLink(ctx, &wikicities.TwinLink{A: ids["Munich"], B: ids["Edinburgh"], Source: wikicities.SourceManual})
			db.Cities().AddTwinLink(ctx, &wikicities.TwinLink{A: ids["Munich"], B: ids["Harare"], Source: wikicities.SourceManual})
			db.Close()

			run := func(args ...string) (string, error) {
				var out, errb bytes.Buffer
				err := Run(context.Background(), append(args, storeArgs...), strings.NewReader(""), &out, &errb)
				return out.String() + errb.String(), err
			}
			must := func(want string, args ...string) string {
				t.Helper()
				out, err := run(args...)
				if err != nil || !strings.Contains(out, want) {
					t.Fatalf("wikicities %s: %v\n%s\nwant it to contain %q", strings.Join(args, " "), err, out, want)
				}
				return out
			}
			must("added community 1: WikiMUC (Munich, Germany)", "community", "add", "--kind", "user_group", "--name", "WikiMUC",
				"--city", "Munich", "--languages", "de,en", "--offers", "photography", "--website", "https://wikimuc.de")
			must("added community 2", "community", "add", "--kind", "chapter", "--name", "Edinburgh group", "--city", "Edinburgh, Scotland", "--languages", "en", "--wants", "photography")
			if out, err := run("community", "add", "--kind", "club", "--name", "X", "--city", "Munich", "--languages", "xx-bogus"); err == nil ||
				!strings.Contains(err.Error(), `--kind: "club" is not one of`) || !strings.Contains(err.Error(), `--languages: "xx-bogus" is not a Wikimedia language code`) {
				t.Errorf("bad add: %v %s", err, out)
			}
			must("2 of 2", "community", "list")
			must("1 of 1", "community", "list", "--language", "de")
			must("https://wikimuc.de", "community", "show", "WikiMUC")
			must("updated community 1: WikiMUC (version 2)", "community", "update", "1", "--status", "dormant")
			if _, err := run("community", "update", "1", "--version", "1", "--status", "active"); err == nil || !strings.Contains(err.Error(), "is at version 2, not 1") {
				t.Errorf("stale CLI update: %v", err)
			}
			out := must("1. Edinburgh group (Edinburgh, United Kingdom)", "suggest", "WikiMUC")
			for _, reason := range []string{"based in Edinburgh, a twin city", "works in English as we do", "wants photography, which we offer", "Harare is a twin city of Munich with no Wikimedia group yet"} {
				if !strings.Contains(out, reason) {
					t.Errorf("suggest output lacks %q:\n%s", reason, out)
				}
			}
			must("Harare, Zimbabwe", "recruit", "--city", "Munich")
			must("Harare, Zimbabwe", "recruit", "--country", "Germany")
			must("1,user_group,WikiMUC,", "export", "communities", "--format", "csv")
			must(`"FeatureCollection"`, "export", "twins", "--format", "geojson")
			must("added skill oral_history", "skill", "add", "oral_history", "Oral history")
			must("oral_history", "skill", "list")
			must("added institution 1: Deutsches Museum (Munich, Germany)", "institution", "add", "--kind", "museum", "--name", "Deutsches Museum", "--city", "Munich", "--qid", "Q32450", "--wants", "photography")
			must("Q32450", "institution", "list", "--city", "Munich")
			must("wikimedian in residence  false", "institution", "show", "1")
			must(`"qid": "Q32450"`, "institution", "show", "1", "--json")
			must("posted request 1: a photo contest partner", "request", "add", "--party", "Edinburgh group", "--title", "a photo contest partner",
				"--cities", "Munich", "--skills", "photography")
			must("1 open", "request", "list", "--city", "Munich")
			must("we answer their request", "suggest", "WikiMUC")
			must("answered request 1 as community:1", "request", "answer", "1", "--party", "community:1", "--message", "Servus")
			if _, err := run("request", "add", "--party", "community:1", "--title", "", "--expires", "2001-01-01"); err == nil ||
				!strings.Contains(err.Error(), "title: is empty") || !strings.Contains(err.Error(), "expires: 2001-01-01 is not in the future") {
				t.Errorf("bad request: %v", err)
			}
			must("deleted community 2: Edinburgh group", "community", "delete", "2")
			if _, err := run("community", "show", "2"); err == nil {
				t.Errorf("deleted community still shown")
			}
		})
	}
}

// serve reads the match weights at start and refuses to start with bad ones.
func TestServeLoadsMatchWeights(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "weights.json")
	if err := os.WriteFile(bad, []byte(`{"radius_km": -5}`), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("WIKICITIES_MATCH_WEIGHTS", bad)
	m := NewMain()
	m.Addr = "127.0.0.1:0"
	m.NoDemo = true
	m.Store.dataDir = t.TempDir()
	err := m.Run(context.Background())
	m.Close()
	if err == nil || !strings.Contains(err.Error(), "radius_km") {
		t.Fatalf("bad weights: %v, want an error naming radius_km", err)
	}
	good := filepath.Join(t.TempDir(), "weights.json")
	os.WriteFile(good, []byte(`{"radius_km": 80}`), 0o644)
	t.Setenv("WIKICITIES_MATCH_WEIGHTS", good)
	m = MustRunMain(t, store.SQLite, false)
	if r := m.Matchmaking.Weights().RadiusKm; r != 80 {
		t.Errorf("radius %g, want 80 from the file", r)
	}
}

// On the demo data, WikiMUC is suggested the group in Harare (a twin city)
// and the University of Edinburgh (a twin city's institution wanting a
// skill WikiMUC offers).
func TestDemoDirectorySuggestions(t *testing.T) {
	m := MustRunMain(t, store.SQLite, true)
	get := func(path string, v any) {
		t.Helper()
		resp, err := http.Get(m.Server.URL() + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d", path, resp.StatusCode)
		}
		json.NewDecoder(resp.Body).Decode(v)
	}
	var list struct {
		Communities []wikicities.Community
		Total       int
	}
	get("/api/v1/communities?q=WikiMUC", &list)
	if list.Total != 1 {
		t.Fatalf("WikiMUC found %d times in the demo data", list.Total)
	}
	var s struct {
		Suggestions []struct {
			Kind, Name string
			Reasons    []struct{ Code string }
		}
	}
	get("/api/v1/communities/"+strconv.FormatInt(list.Communities[0].ID, 10)+"/suggestions", &s)
	found := map[string]string{}
	for _, x := range s.Suggestions {
		found[x.Name] = x.Reasons[0].Code
	}
	if found["Wikimedians of Zimbabwe"] != "twin_city" || found["University of Edinburgh"] != "institution_in_twin_city" {
		t.Errorf("demo suggestions for WikiMUC: %v", found)
	}
}
