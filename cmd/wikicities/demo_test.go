package main

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"maps"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/demo"
	"github.com/wikicities/wikicities/password"
	"github.com/wikicities/wikicities/resolve"
	"github.com/wikicities/wikicities/store/storetest"
	"github.com/wikicities/wikicities/twins"
)

// A fresh server loads the demo data and answers twin lookups from its
// in-memory graph; writes need an account.
func TestServeLoadsDemoDataIntoAnEmptyStore(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			m := MustRunMain(t, d, true)
			aug := lookupAll(t, m.Graph, "Q2749")
			if len(aug) != 1 {
				t.Fatalf("Q2749 resolves to %v", aug)
			}
			resp, err := http.Get(m.Server.URL() + "/api/v1/cities/" + strconv.FormatInt(aug[0].ID, 10) + "/twins")
			if err != nil {
				t.Fatal(err)
			}
			var body struct{ Twins []struct{ Name string } }
			json.NewDecoder(resp.Body).Decode(&body)
			resp.Body.Close()
			if len(body.Twins) != 7 {
				t.Errorf("Augsburg has %d twins over HTTP, want 7", len(body.Twins))
			}
			resp, err = http.Post(m.Server.URL()+"/api/v1/twin-links", "application/json", strings.NewReader(`{"a":1,"b":2}`))
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusUnauthorized {
				t.Errorf("anonymous POST twin-links: %d, want 401", resp.StatusCode)
			}
		})
	}
}

func TestServeWithoutDemoStaysEmpty(t *testing.T) {
	m := MustRunMain(t, "sqlite", false)
	if c, l := m.Graph.Len(); c != 0 || l != 0 {
		t.Errorf("--no-demo store has %d cities, %d links", c, l)
	}
}

// lookupAll is what a query names in g, by the one resolver: its city, or
// the candidates when it is ambiguous.
func lookupAll(tb testing.TB, g *twins.Graph, q string) []*wikicities.City {
	tb.Helper()
	cs, err := resolve.Matches(context.Background(), resolve.InGraph(g), q)
	if err != nil {
		tb.Fatal(err)
	}
	return cs
}

// A fresh server's demo is alive: partnerships in every state the demo
// lists, each marked as demo, open requests, and a demo account whose
// password the start prints and that signs in as a coordinator.
func TestServeDemoHasPartnershipsRequestsAndAnAccount(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			m := MustRunMain(t, d, true)
			ctx := context.Background()
			svc := m.DB.Services()
			svc.Passwords = password.Default
			ps, _, err := svc.Partnerships.Partnerships(ctx, wikicities.PartnershipFilter{Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			got := map[wikicities.State]int{}
			for _, p := range ps {
				got[p.State]++
				if !strings.HasPrefix(p.Message, demo.Marker) {
					t.Errorf("partnership %d's message %q is not marked as demo", p.ID, p.Message)
				}
			}
			want := map[wikicities.State]int{}
			for _, p := range demo.Partnerships {
				want[p.State]++
			}
			if len(ps) != len(demo.Partnerships) || !maps.Equal(got, want) {
				t.Errorf("demo partnerships by state: %v, want %v", got, want)
			}
			rs, _, err := svc.Requests.Requests(ctx, wikicities.RequestFilter{Open: true, Limit: 100})
			if err != nil || len(rs) != len(demo.Requests) {
				t.Errorf("open demo requests: %d, %v; want %d", len(rs), err, len(demo.Requests))
			}
			pw, err := demo.DemoPassword(ctx, svc)
			if err != nil || len(pw) < 12 {
				t.Fatalf("demo password %q, %v", pw, err)
			}
			body := fmt.Sprintf(`{"username":%q,"password":%q}`, demo.DemoUser, pw)
			resp, err := http.Post(m.Server.URL()+"/api/v1/auth/login", "application/json", strings.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("demo sign-in: %d", resp.StatusCode)
			}
			u, err := svc.Accounts.UserByName(ctx, demo.DemoUser)
			if err != nil {
				t.Fatal(err)
			}
			refs, err := svc.Accounts.Coordinates(wikicities.NewContext(ctx, wikicities.System), u.ID)
			if err != nil || len(refs) != 1 {
				t.Errorf("demo account coordinates %v, %v; want %s alone", refs, err, demo.DemoCommunity)
			}
		})
	}
}

// A German or Arabic visitor of a fresh demo sees the demo cities' names
// in their language, before any Wikidata label sync.
func TestServeDemoNamesCitiesInThePagesLanguage(t *testing.T) {
	m := MustRunMain(t, "sqlite", true)
	c, err := m.DB.Services().Cities.LookupCity(context.Background(), "Q1726")
	if err != nil {
		t.Fatal(err)
	}
	for lang, want := range map[string]string{"de": "München", "ar": "ميونخ", "en": "Munich"} {
		resp, err := http.Get(fmt.Sprintf("%s/cities/%d?uselang=%s", m.Server.URL(), c.ID, lang))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		page := string(b)
		if !strings.Contains(page, "<h1") {
			t.Fatalf("%s city page has no heading: %d", lang, resp.StatusCode)
		}
		h1 := page[strings.Index(page, "<h1"):]
		h1 = h1[:strings.Index(h1, "</h1>")]
		if !strings.Contains(h1, want) {
			t.Errorf("%s city page heading %q, want %q", lang, h1, want)
		}
	}
}

// A newcomer to a fresh demo finds the Knowledge Park alive: the pages the
// header opens list the demo's events, campaign, library, clubs and
// capacities, in every language without a missing message.
func TestServeDemoShowsTheKnowledgePark(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			m := MustRunMain(t, d, true)
			missing := regexp.MustCompile(`⧼[^⧽]*⧽`)
			for path, want := range map[string][]string{
				"/events":     {demo.EventWorkshop, demo.EventPhotoWalk, demo.EventTraining},
				"/campaigns":  {demo.Campaign},
				"/library":    {"How to run an edit-a-thon", "Bildertutorial"},
				"/clubs":      {demo.Clubs[0].Name, demo.Clubs[1].Name},
				"/capacities": {demo.DemoCommunity},
			} {
				for _, lang := range []string{"en", "de", "ar"} {
					resp, err := http.Get(m.Server.URL() + path + "?uselang=" + lang)
					if err != nil {
						t.Fatal(err)
					}
					b, _ := io.ReadAll(resp.Body)
					resp.Body.Close()
					page := html.UnescapeString(string(b))
					if resp.StatusCode != http.StatusOK {
						t.Errorf("%s (%s): status %d", path, lang, resp.StatusCode)
					}
					if s := missing.FindString(page); s != "" {
						t.Errorf("%s (%s) shows a missing message %s", path, lang, s)
					}
					for _, w := range want {
						if !strings.Contains(page, w) {
							t.Errorf("%s (%s) does not show %q", path, lang, w)
						}
					}
				}
			}
		})
	}
}
