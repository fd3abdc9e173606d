package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/http/webtest"
)

// partnerWorld is what runPartnersMain adds to webtest's cities: two
// communities in the twin cities Lyon and Frankfurt, each with its
// coordinator, a museum in Birmingham, and a partnership between the two
// communities with one activity.
type partnerWorld struct {
	Lyon, Frankfurt, Museum int64
	Partnership             int64
}

// addPartnerWorld registers the partner world in m's store through its
// services, as its coordinators.
func addPartnerWorld(t *testing.T, m *Main, cities []*wikicities.City) *partnerWorld {
	t.Helper()
	ctx := context.Background()
	user := func(name string) *wikicities.Actor {
		var id int64
		now := time.Now().Unix()
		if err := m.DB.QueryRow(ctx, `INSERT INTO users (username, created_at, updated_at) VALUES (?, ?, ?) RETURNING id`, name, now, now).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return &wikicities.Actor{UserID: id, Username: name, Role: wikicities.RoleMember}
	}
	community := func(a *wikicities.Actor, c *wikicities.Community) int64 {
		if err := m.DB.Communities().CreateCommunity(wikicities.NewContext(ctx, a), c); err != nil {
			t.Fatal(err)
		}
		a.Coordinates = append(a.Coordinates, c.Ref())
		return c.ID
	}
	anna, bertrand := user("Anna"), user("Bertrand")
	w := &partnerWorld{}
	w.Lyon = community(anna, &wikicities.Community{Kind: wikicities.KindUserGroup, Name: "Wikimédiens de Lyon", CityID: cities[0].ID,
		Languages: []string{"fr", "en"}, SkillsOffered: []string{"photography"}, SkillsWanted: []string{"glam"}})
	w.Frankfurt = community(bertrand, &wikicities.Community{Kind: wikicities.KindLocalGroup, Name: "Wikipedia-Stammtisch Frankfurt", CityID: cities[2].ID,
		Languages: []string{"de", "en"}, SkillsOffered: []string{"glam"}, SkillsWanted: []string{"photography"}})
	museum := &wikicities.Institution{Kind: wikicities.InstMuseum, Name: "Birmingham Museum", CityID: cities[1].ID, SkillsWanted: []string{"photography"}}
	if err := m.DB.Institutions().CreateInstitution(wikicities.NewContext(ctx, anna), museum); err != nil {
		t.Fatal(err)
	}
	w.Museum = museum.ID
	p := &wikicities.Partnership{A: wikicities.Party{Kind: wikicities.PartyCommunity, ID: w.Lyon}, B: wikicities.Party{Kind: wikicities.PartyCommunity, ID: w.Frankfurt},
		Type: wikicities.TypeTwinning, Level: wikicities.LevelLocal, Message: "Photographions nos deux villes jumelles !",
		Agreement: wikicities.Agreement{Goals: []string{"Photograph 100 monuments", "Translate 20 articles"}, Languages: []string{"fr", "de"}}}
	ps := m.DB.Partnerships()
	if err := ps.Propose(wikicities.NewContext(ctx, anna), p, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := ps.Transition(wikicities.NewContext(ctx, bertrand), p.ID, wikicities.ActionAccept, 0, "Gerne!"); err != nil {
		t.Fatal(err)
	}
	act := &wikicities.Activity{PartnershipID: p.ID, Kind: wikicities.ActivityPhotoWalk, Title: "Photo walk in Vieux Lyon",
		Start: time.Now().AddDate(0, 0, -10), Place: "Lyon", OrganizersA: []string{"Anna"}, Participants: 12,
		Outcomes: wikicities.Outcomes{MediaUploaded: 230, Links: []string{"https://commons.wikimedia.org/wiki/Category:Vieux_Lyon"}}}
	if err := ps.LogActivity(wikicities.NewContext(ctx, anna), act); err != nil {
		t.Fatal(err)
	}
	w.Partnership = p.ID
	m.Server.Directory.Invalidate()
	return w
}

// The directory's and partnerships' pages in a real browser, in English
// and Arabic: direction, axe-core's rules, the home map featuring the
// communities' cities, and screenshots.
func TestBrowserPartnerPages(t *testing.T) {
	browser := webtest.Browser(t)
	m, cities := runWebMain(t)
	w := addPartnerWorld(t, m, cities)
	base := m.Server.URL()
	pages := []struct{ name, path string }{
		{"community", fmt.Sprintf("/communities/%d", w.Lyon)},
		{"partnership", fmt.Sprintf("/partnerships/%d", w.Partnership)},
		{"institution", fmt.Sprintf("/institutions/%d", w.Museum)},
	}

	t.Run("pages are right to left in Arabic and pass axe", func(t *testing.T) {
		for _, lang := range []struct{ code, dir string }{{"en", "ltr"}, {"ar", "rtl"}} {
			for _, pg := range pages {
				ctx := webtest.Tab(t, browser)
				do(t, ctx, chromedp.Navigate(base+pg.path+"?uselang="+lang.code), chromedp.WaitVisible(chromedp.CSS("h1")))
				if d := eval[string](t, ctx, `document.documentElement.lang + ' ' + document.dir`); d != lang.code+" "+lang.dir {
					t.Errorf("%s (%s): %q", pg.name, lang.code, d)
				}
				for _, v := range webtest.Axe(t, ctx) {
					if v.Impact == "serious" || v.Impact == "critical" {
						t.Errorf("%s (%s): %s", pg.name, lang.code, v)
					} else {
						t.Logf("%s (%s): %s", pg.name, lang.code, v)
					}
				}
				if pg.name != "institution" {
					webtest.Screenshot(t, ctx, pg.name+"-"+lang.code)
				}
			}
		}
	})

	t.Run("the community page explains its suggestions and links to the partnership", func(t *testing.T) {
		ctx := webtest.Tab(t, browser)
		do(t, ctx, chromedp.Navigate(base+pages[0].path+"?uselang=en"), chromedp.WaitVisible(chromedp.CSS("h1")))
		reasons := eval[string](t, ctx, `[...document.querySelectorAll('.wc-suggestions li')].map(li => li.textContent).join(' | ')`)
		if !strings.Contains(reasons, "Birmingham Museum") || !strings.Contains(reasons, "an institution in Birmingham, a twin city") {
			t.Errorf("suggestions %q do not explain the museum", reasons)
		}
		do(t, ctx, chromedp.Click(chromedp.CSS(fmt.Sprintf(`a[href="/partnerships/%d"]`, w.Partnership))), chromedp.WaitVisible(chromedp.CSS("#wc-health")))
		health := eval[string](t, ctx, `document.querySelector('.wc-health').textContent`)
		if !strings.Contains(health, "Health score") {
			t.Errorf("partnership page health %q", health)
		}
		if got := eval[string](t, ctx, `document.querySelector('.wc-timeline').textContent`); !strings.Contains(got, "230 files uploaded") {
			t.Errorf("the timeline %q lacks the activity's outcome", got)
		}
	})

	t.Run("the home map features the communities' cities", func(t *testing.T) {
		ctx := webtest.Tab(t, browser)
		do(t, ctx, chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS("#wc-map[data-ready]")))
		onMap := eval[int](t, ctx, `[...document.querySelectorAll('.wc-marker')].length +
			[...document.querySelectorAll('.marker-cluster span')].reduce((n, s) => n + Number(s.textContent), 0)`)
		if onMap < 2 {
			t.Errorf("%d cities on the home map", onMap)
		}
		feat, err := chromedp.Run(ctx, chromedp.Evaluate[string](`fetch('/map/cities.geojson').then(r => r.json()).then(j => j.features.slice(0, 2).map(f => f.properties.name).sort().join(','))`, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatal(err)
		}
		if feat != "Frankfurt am Main,Lyon" {
			t.Errorf("the map's first cities are %q, want the communities' cities", feat)
		}
	})
}
