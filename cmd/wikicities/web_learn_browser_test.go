package main

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/http/webtest"
)

// learnWorld adds to the Knowledge Park's world what issue 18's story
// needs: a toolkit in the library, Frankfurt's group offering capacities as
// a mentor, a museum in Lyon coordinated by Ines, and a Wiki Club in
// Frankfurt, the twin city.
type learnWorld struct {
	*kpWorld
	Museum, Toolkit, FrankfurtClub int64
}

func addLearnWorld(t *testing.T, m *Main, cities []*wikicities.City) *learnWorld {
	t.Helper()
	ctx := wikicities.NewContext(context.Background(), wikicities.System)
	w := &learnWorld{kpWorld: addKPWorld(t, m, cities)}
	ines := account(t, m, "Ines", "ines's long password")
	var school int64
	for _, in := range []struct {
		name, kind string
		city       int64
		dest       *int64
	}{{"Musée des Confluences", "museum", cities[0].ID, &w.Museum}, {"Goethe-Gymnasium", "school", cities[2].ID, &school}} {
		if err := m.DB.QueryRow(ctx, `INSERT INTO institutions (kind, name, name_key, city_id, created_at, updated_at) VALUES (?, ?, ?, ?, 0, 0) RETURNING id`,
			in.kind, in.name, wikicities.NameKey(in.name), in.city).Scan(in.dest); err != nil {
			t.Fatal(err)
		}
	}
	if err := m.DB.Accounts().Grant(ctx, ines.ID, wikicities.PartyRef{Kind: wikicities.PartyInstitution, ID: w.Museum}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := m.DB.Training().ImportResources(ctx, []wikicities.TrainingResource{
		{Source: "meta:Wiki Club toolkit", Title: "Wiki Club toolkit", Titles: map[string]string{"de": "Wiki-Club-Toolkit", "ar": "حقيبة أدوات نادي ويكي"},
			Link: "https://meta.wikimedia.org/wiki/Wiki_Club", Languages: []string{"en", "de", "ar"}, Topic: "Wiki Clubs", Format: wikicities.FormatToolkit,
			Level: wikicities.LevelBeginner, Minutes: 30, Licence: "CC-BY-SA-4.0"},
		{Source: "meta:Photo walk handbook", Title: "Photo walk handbook", Link: "https://commons.wikimedia.org/wiki/Commons:Photo_walks",
			Languages: []string{"en"}, Topic: "Commons", Format: wikicities.FormatHandbook, Skill: "photography"},
	}); err != nil {
		t.Fatal(err)
	}
	all, err := m.DB.Training().Resources(ctx, wikicities.ResourceFilter{Query: "club"})
	if err != nil || len(all) != 1 {
		t.Fatalf("toolkit: %v", err)
	}
	w.Toolkit = all[0].ID
	if err := m.DB.Capacities().SetHolderCapacities(ctx, &wikicities.HolderCapacities{Holder: wikicities.Holder{Kind: wikicities.HolderGroup, ID: w.Frankfurt},
		Available: []string{"content.photography", "content.wikidata", "content.commons"}, MenteeLimit: 5}); err != nil {
		t.Fatal(err)
	}
	club := &wikicities.WikiClub{Name: "Wiki-Club Goethe-Gymnasium", HostID: school, MeetingSchedule: "Donnerstags 15 Uhr", Members: 9}
	if err := m.DB.Clubs().StartClub(ctx, club); err != nil {
		t.Fatal(err)
	}
	w.FrankfurtClub = club.CommunityID
	return w
}

// The story of issue 18 in a real browser, in English, German and Arabic:
// a newcomer finds a toolkit in the library; Anna records what her group
// wants to learn, is offered Frankfurt's group as a mentor with its
// reasons, and asks for mentoring; Bertrand finds the request in his inbox
// and accepts; the mentorship starts and a check-in is logged; Ines starts
// a Wiki Club in her museum with the toolkit, and its sister club in the
// twin city Frankfurt is shown. Every page passes axe; screenshots at
// 1366 px and 390 px.
func TestBrowserLearningScenario(t *testing.T) {
	browser := webtest.Browser(t)
	m, cities := runWebMain(t)
	w := addLearnWorld(t, m, cities)
	base := m.Server.URL()
	shots := map[string]bool{}
	capacity := map[string]string{"en": "content.photography", "de": "content.wikidata", "ar": "content.commons"}
	for _, lang := range []string{"en", "de", "ar"} {
		t.Run(lang, func(t *testing.T) {
			tab := func() *kpBrowser {
				ctx := webtest.Tab(t, browser)
				webtest.Screen(t, ctx, 1366, 900, 1)
				return &kpBrowser{t: t, ctx: ctx, base: base, lang: lang, shotsDone: shots}
			}
			learnLibrary(tab(), w)
			mentorship := learnMentoring(tab(), w, capacity[lang])
			club := learnClub(tab(), w, lang)
			kpPhone(tab(), map[string]string{"library": "/library", "toolkit": fmt.Sprintf("/library/%d", w.Toolkit), "clubs": "/clubs",
				"club": club, "capacities": "/capacities"})
			b := tab()
			b.as("Anna", mentorship)
			learnPhoneSignedIn(b, map[string]string{"mentorship": mentorship, "mentoring": fmt.Sprintf("/mentoring/group/%d", w.Lyon)})
		})
	}
}

// learnLibrary: a visitor filters the library to toolkits and opens the
// Wiki Club toolkit, which is named in the reader's language.
func learnLibrary(b *kpBrowser, w *learnWorld) {
	t := b.t
	b.open("/")
	// The library is under the header's "More" menu.
	do(t, b.ctx, chromedp.Click(chromedp.CSS(".wc-nav-more > summary")))
	b.submit(`.wc-nav a[href="/library"]`, "form.wc-filters")
	b.check("library")
	do(t, b.ctx, chromedp.SetValue(chromedp.CSS("#f-kind"), "toolkit"))
	b.submit(`form.wc-filters button`, "form.wc-filters")
	if n := eval[int](t, b.ctx, `document.querySelectorAll('main .wc-results li').length`); n != 1 {
		t.Errorf("toolkits: %d listed, want 1", n)
	}
	b.submit(fmt.Sprintf(`a[href="/library/%d"]`, w.Toolkit), ".wc-facts")
	title := map[string]string{"en": "Wiki Club toolkit", "de": "Wiki-Club-Toolkit", "ar": "حقيبة أدوات نادي ويكي"}[b.lang]
	if h := b.text("h1"); h != title {
		t.Errorf("the toolkit's heading %q, want %q", h, title)
	}
	if eval[bool](t, b.ctx, `!!document.querySelector('a[href$="/edit"]')`) {
		t.Error("a visitor is offered to edit the toolkit")
	}
	b.check("toolkit")
}

// learnMentoring: Anna marks a capacity wanted for her group, asks the
// suggested mentor, Bertrand accepts from his inbox, Anna starts and
// Bertrand logs a check-in. It returns the mentorship's path.
func learnMentoring(b *kpBrowser, w *learnWorld, capacity string) string {
	t := b.t
	b.as("Anna", fmt.Sprintf("/communities/%d", w.Lyon))
	b.submit(fmt.Sprintf(`a[href="/capacities/group/%d/edit"]`, w.Lyon), "fieldset.wc-capacity-group")
	b.check("capacities-form")
	do(t, b.ctx, chromedp.SetValue(chromedp.CSS(`select[name="cap.`+capacity+`"]`), "wanted"))
	b.submit(`form.wc-form button[type="submit"]`, ".cdx-message--success")
	b.submit(fmt.Sprintf(`section[aria-labelledby="wc-capacities"] a[href="/mentoring/group/%d"]`, w.Lyon), "#wc-mentors")
	sugg := b.text(".wc-suggestions li")
	if !strings.Contains(sugg, "Wikipedia-Stammtisch Frankfurt") || eval[int](t, b.ctx, `document.querySelectorAll('.wc-suggestions .wc-reasons li').length`) < 2 {
		t.Fatalf("Frankfurt's group is not suggested with its reasons: %q", sugg)
	}
	b.check("mentoring")
	do(t, b.ctx, chromedp.Click(chromedp.CSS(".wc-suggestions summary")),
		chromedp.SetValue(chromedp.CSS(".wc-suggestions select[name=capacity]"), capacity),
		chromedp.SendKeys(chromedp.CSS(".wc-suggestions textarea[name=goals]"), "Run our first photo walk"))
	b.submit(`.wc-suggestions form button[type="submit"]`, ".cdx-message--success")
	mentorship := eval[string](t, b.ctx, `location.pathname`)
	b.check("mentorship-requested")

	b.as("Bertrand", "/inbox")
	b.submit(`main a[href="`+mentorship+`"]`, ".wc-facts")
	if eval[bool](t, b.ctx, `!!document.querySelector('input[value=start]')`) {
		t.Error("a requested mentorship offers to start it")
	}
	b.submit(`form[action$="/action"] input[value=accept] + button`, ".cdx-message--success")

	b.as("Anna", mentorship)
	if eval[bool](t, b.ctx, `!!document.querySelector('input[value=accept]')`) {
		t.Error("the mentee is offered to accept")
	}
	b.submit(`form[action$="/action"] input[value=start] + button`, ".cdx-message--success")

	b.as("Bertrand", mentorship)
	do(t, b.ctx, chromedp.SendKeys(chromedp.CSS("#f-note"), "First photo walk: 40 photos of Fourvière"))
	b.submit(`form[action$="/check-ins"] button`, ".cdx-message--success")
	if !strings.Contains(b.text(`section[aria-labelledby="wc-checkins"]`), "40 photos of Fourvière") {
		t.Error("the check-in is not on the mentorship's page")
	}
	b.check("mentorship")
	// Completing it frees the pair for the next language's story.
	b.submit(`form[action$="/action"] input[value=complete] + button`, ".cdx-message--success")
	if eval[bool](t, b.ctx, `!!document.querySelector('form[action$="/check-ins"]')`) {
		t.Error("a completed mentorship still takes check-ins")
	}
	return mentorship
}

// learnClub: Ines starts a Wiki Club at her museum with the toolkit; the
// club's page shows its host, the toolkit and the sister club in
// Frankfurt. It returns the club's path.
func learnClub(b *kpBrowser, w *learnWorld, lang string) string {
	t := b.t
	b.as("Ines", fmt.Sprintf("/institutions/%d", w.Museum))
	b.submit(fmt.Sprintf(`a[href="/clubs/new?host=%d"]`, w.Museum), "#f-name")
	b.check("club-form")
	do(t, b.ctx, chromedp.SendKeys(chromedp.CSS("#f-name"), "Wiki Club des Confluences "+lang),
		chromedp.SendKeys(chromedp.CSS("#f-meeting_schedule"), "Mercredi 16 h"),
		chromedp.SendKeys(chromedp.CSS("#f-host_agreement"), "La salle de médiation, le mercredi"),
		chromedp.SetValue(chromedp.CSS("#f-toolkit"), fmt.Sprint(w.Toolkit)),
		chromedp.SetValue(chromedp.CSS("#f-members"), "8"))
	b.submit(`form.wc-form button[type="submit"]`, ".cdx-message--success")
	club := eval[string](t, b.ctx, `location.pathname`)
	main := b.text("main")
	for _, want := range []string{"Musée des Confluences", "Mercredi 16 h", "Wiki-Club Goethe-Gymnasium"} {
		if !strings.Contains(main, want) {
			t.Errorf("the club's page lacks %q", want)
		}
	}
	if !eval[bool](t, b.ctx, fmt.Sprintf(`!!document.querySelector('section[aria-labelledby="wc-sisters"] a[href="/clubs/%d"]')`, w.FrankfurtClub)) ||
		!eval[bool](t, b.ctx, `!!document.querySelector('section[aria-labelledby="wc-sisters"] a[href^="/partnerships/new?"]')`) {
		t.Error("the sister club in Frankfurt is not shown with a proposal for the club's coordinator")
	}
	b.check("club")
	return club
}

// learnPhoneSignedIn: the signed-in pages fit a 390 px phone.
func learnPhoneSignedIn(b *kpBrowser, paths map[string]string) {
	kpPhone(b, paths)
}
