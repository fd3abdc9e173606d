package http_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

// The library on the web: anyone reads and filters it, a signed-in person
// adds a resource and edits it (never over a newer version), and nobody
// else is offered the edit.
func TestLibraryPagesListFilterAddAndEdit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		ctx := storetest.As(context.Background(), ps.Admin)
		if _, _, err := db.Training().ImportResources(ctx, []wikicities.TrainingResource{
			{Source: "dashboard:wiki_ed/modules/commons", Title: "About Wikimedia Commons", Titles: map[string]string{"de": "Über Wikimedia Commons"},
				Link: "https://dashboard.wikiedu.org/training/a/commons", Languages: []string{"en", "de"}, Topic: "Commons", Format: wikicities.FormatDashboardModule, Slides: 2, Quizzes: 1,
				SlideTexts: []wikicities.TrainingSlide{
					{Title: "What is Commons?", Content: "The **media** repository.\n\n<b>not bold</b>", Translations: map[string]wikicities.SlideTranslation{"de": {Title: "Was ist Commons?", Content: "Das Medienarchiv."}}},
					{Title: "Licensing quiz", Quiz: &wikicities.SlideQuiz{Question: "Which licence?", Correct: 2,
						Answers: []wikicities.QuizAnswer{{ID: 1, Text: "All rights reserved"}, {ID: 2, Text: "CC BY-SA 4.0", Explanation: "A free licence."}}}},
				}},
			{Source: "meta:toolkit", Title: "Edit-a-thon <toolkit>", Link: "https://meta.wikimedia.org/wiki/Toolkit", Languages: []string{"en"}, Topic: "Events", Format: wikicities.FormatToolkit},
		}); err != nil {
			t.Fatal(err)
		}
		anon := ps.get(t, nil, "/library").body
		mustContain(t, "the library", anon, "About Wikimedia Commons", "Edit-a-thon &lt;toolkit&gt;", "2 resources", `aria-current="page">Library`)
		mustNotContain(t, "the library for visitors", anon, `href="/library/new"`, "<toolkit>")
		mustContain(t, "the library for a member", ps.get(t, ps.Member, "/library").body, `href="/library/new"`)
		toolkits := ps.get(t, nil, "/library?kind=toolkit").body
		mustContain(t, "filtered by kind", toolkits, "1 of 2 resources", "Edit-a-thon")
		mustNotContain(t, "filtered by kind", toolkits, "About Wikimedia Commons")
		mustContain(t, "German titles", ps.get(t, nil, "/library?lang=de&uselang=de").body, "Über Wikimedia Commons")

		// The imported module is read on the site, slide by slide.
		all, _ := db.Training().Resources(ctx, wikicities.ResourceFilter{Query: "commons"})
		module := fmt.Sprintf("/library/%d", all[0].ID)
		mustContain(t, "the module's page", ps.get(t, nil, module).body, "Read it here", module+"/slides/1", module+"/slides/2", "What is Commons?")
		first := ps.get(t, nil, module+"/slides/1").body
		mustContain(t, "the first slide", first, "<strong>media</strong>", "&lt;b&gt;not bold&lt;/b&gt;", "slide 1 of 2", module+"/slides/2", "not translated into your language")
		mustContain(t, "the first slide in German", ps.get(t, nil, module+"/slides/1?uselang=de").body, "Was ist Commons?", "Das Medienarchiv.", `lang="de"`)
		quiz := ps.get(t, nil, module+"/slides/2").body
		mustContain(t, "the quiz", quiz, "Which licence?", "CC BY-SA 4.0", "A free licence.", "Show the answer", module+"/slides/1")
		if r := ps.get(t, nil, module+"/slides/3"); r.code != http.StatusNotFound {
			t.Errorf("a slide past the end: %d", r.code)
		}

		bad := ps.post(t, ps.Member, "/library", url.Values{"title": {"Club kit"}, "link": {"javascript:alert(1)"}, "format": {"toolkit"}})
		if bad.code != http.StatusUnprocessableEntity {
			t.Fatalf("bad resource: %d", bad.code)
		}
		mustContain(t, "the refused form", bad.body, `id="f-link-error"`, `value="Club kit"`)
		bad = ps.post(t, ps.Member, "/library", url.Values{"title": {"Club kit"}, "link": {"https://x.org"}, "format": {"toolkit"}, "minutes": {"ten"}})
		mustContain(t, "the refused length", bad.body, `id="f-minutes-error"`, `value="ten"`)
		id := location(t, ps.post(t, ps.Member, "/library", url.Values{"title": {"Wiki Club kit"}, "link": {"https://meta.wikimedia.org/wiki/Wiki_Club"},
			"format": {"toolkit"}, "languages": {"en, de"}, "topic": {"Clubs"}, "minutes": {"30"}}), "/library/")
		page := fmt.Sprintf("/library/%d", id)
		mine := ps.get(t, ps.Member, page+"?done=created").body
		mustContain(t, "the new resource", mine, "The resource is in the library.", "Wiki Club kit", "30 minutes", "not checked yet", page+"/edit", "Not attached")
		mustNotContain(t, "someone else's view", ps.get(t, ps.CoordA, page).body, page+"/edit")
		if r := ps.get(t, ps.CoordA, page+"/edit"); r.code != http.StatusForbidden {
			t.Errorf("a stranger opens the edit form: %d", r.code)
		}
		edit := url.Values{"title": {"Wiki Club kit, 2nd ed."}, "link": {"https://meta.wikimedia.org/wiki/Wiki_Club"}, "format": {"toolkit"},
			"languages": {"en"}, "version": {"1"}}
		location(t, ps.post(t, ps.Member, page+"/edit", edit), "/library/")
		if stale := ps.post(t, ps.Member, page+"/edit", edit); stale.code != http.StatusConflict || !strings.Contains(stale.body, "2nd ed.") {
			t.Errorf("a stale edit: %d", stale.code)
		}
	})
}

// The library's form refuses bad input in the reader's language, next to
// each field, keeping what was typed: the store's own checks (an empty
// title or link, a script address, a too long topic, maintainer or
// licence, a made-up language) were said in English on German pages.
func TestLibraryFormRefusesInTheReadersLanguage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		long := strings.Repeat("A", 5000)
		r := ps.post(t, ps.Member, "/library?uselang=de", url.Values{"title": {""}, "link": {""}, "format": {"toolkit"}, "topic": {long},
			"maintainer": {long}, "languages": {"de, klingonisch"}})
		if r.code != http.StatusUnprocessableEntity {
			t.Fatalf("an empty resource: %d", r.code)
		}
		mustContain(t, "the refused form", r.body, `id="f-title-error"`, `id="f-link-error"`, `id="f-topic-error"`, `id="f-maintainer-error"`,
			`id="f-languages-error"`, "Dieses Feld ist erforderlich.", "Zu lang: höchstens 100 Bytes", "Zu lang: höchstens 200 Bytes",
			"„klingonisch“ ist kein Wikimedia-Sprachcode", `value="`+long+`"`)
		mustNotContain(t, "the refused form", r.body, "must be", "is not an http(s) URL", "is not a language code", "Bitte prüfe dieses Feld")
		r = ps.post(t, ps.Member, "/library?uselang=de", url.Values{"title": {"Kit"}, "link": {"javascript:alert(1)"}, "format": {"toolkit"}})
		mustContain(t, "a script address", r.body, `id="f-link-error"`, "„javascript:alert(1)“ ist keine Webadresse")
	})
}

// Capacities on a group's page, edited by its coordinators, and listed in
// the directory of who offers what.
func TestCapacitiesAreEditedByTheirOwnerAndListed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		form := fmt.Sprintf("/capacities/group/%d/edit", ps.B.ID)
		mustNotContain(t, "the group's page for others", ps.get(t, ps.CoordA, fmt.Sprintf("/communities/%d", ps.B.ID)).body, form)
		if r := ps.get(t, ps.CoordA, form); r.code != http.StatusForbidden {
			t.Errorf("another group's coordinator opens the form: %d", r.code)
		}
		version := versionOf(t, ps.get(t, ps.CoordB, form).body, form)
		if r := ps.post(t, ps.CoordB, form, url.Values{"version": {version}, "cap.content.photography": {"available"}, "mentee_limit": {"-2"}}); r.code != http.StatusUnprocessableEntity {
			t.Errorf("a negative limit: %d", r.code)
		}
		r := ps.post(t, ps.CoordB, form, url.Values{"version": {version}, "cap.content.photography": {"available"}, "cap.content.wikidata": {"wanted"},
			"cap.communication.translation": {"known"}, "mentee_limit": {"2"}, "away_until": {""}})
		if r.code != http.StatusSeeOther {
			t.Fatalf("saving: %d %s", r.code, r.body)
		}
		// Another coordinator saves from the same version: refused with the
		// form kept, not written over the first save.
		r = ps.post(t, ps.CoordB, form, url.Values{"version": {version}, "cap.content.editing": {"known"}})
		if r.code != http.StatusConflict {
			t.Fatalf("a stale save: %d, want 409", r.code)
		}
		mustContain(t, "the stale form", r.body, "Someone else saved this record while you were editing it")
		if hc, _ := db.Capacities().HolderCapacities(context.Background(), wikicities.Holder{Kind: wikicities.HolderGroup, ID: ps.B.ID}); len(hc.Known) != 1 || hc.Known[0] != "communication.translation" {
			t.Errorf("the stale save was written: %+v", hc)
		}
		page := ps.get(t, ps.CoordB, fmt.Sprintf("/communities/%d?done=capacities", ps.B.ID)).body
		mustContain(t, "the group's page", page, "The capacities are saved.", "Available to share", "Photography", "Wikidata", "takes 2 mentees at a time", form)
		dir := ps.get(t, nil, "/capacities").body
		mustContain(t, "the directory", dir, fmt.Sprintf(`<a href="/communities/%d"><bdi>%s</bdi></a>`, ps.B.ID, ps.B.Name))
		mustContain(t, "the Arabic directory", ps.get(t, nil, "/capacities?uselang=ar").body, `dir="rtl"`, "التصوير")
	})
}

// A group's page links to its mentoring dashboard next to the capacities;
// the dashboard itself, which shows the same capacities, does not link to
// itself.
func TestMentoringDashboardDoesNotLinkToItself(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		dash := fmt.Sprintf("/mentoring/group/%d", ps.A.ID)
		mustContain(t, "the group's page", ps.get(t, ps.CoordA, fmt.Sprintf("/communities/%d", ps.A.ID)).body, fmt.Sprintf(`<a href="%s">Mentoring dashboard</a>`, dash))
		d := ps.get(t, ps.CoordA, dash).body
		mustContain(t, "the dashboard", d, fmt.Sprintf(`href="/capacities/group/%d/edit"`, ps.A.ID))
		mustNotContain(t, "the dashboard", d, fmt.Sprintf(`<a href="%s">`, dash))
	})
}

// A group asks a mentor from its suggestions; the mentor's side accepts,
// either side starts it and logs check-ins; nobody else sees it, and each
// side sees only the buttons that work for it.
func TestMentoringFromSuggestionToCheckIn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		set := func(a *wikicities.Actor, g int64, v url.Values) {
			t.Helper()
			form := fmt.Sprintf("/capacities/group/%d/edit", g)
			v.Set("version", versionOf(t, ps.get(t, a, form).body, form))
			if r := ps.post(t, a, form, v); r.code != http.StatusSeeOther {
				t.Fatalf("capacities of %d: %d", g, r.code)
			}
		}
		set(ps.CoordB, ps.B.ID, url.Values{"cap.content.photography": {"available"}})
		set(ps.CoordA, ps.A.ID, url.Values{"cap.content.photography": {"wanted"}})
		dash := fmt.Sprintf("/mentoring/group/%d", ps.A.ID)
		if r := ps.get(t, ps.CoordB, dash); r.code != http.StatusForbidden {
			t.Errorf("another group's dashboard: %d", r.code)
		}
		d := ps.get(t, ps.CoordA, dash).body
		mustContain(t, "the mentee's dashboard", d, ps.B.Name, "can share Photography", "in a twin city of yours", `action="/mentorships"`,
			fmt.Sprintf(`name="mentor" value="%d"`, ps.B.ID))
		id := location(t, ps.post(t, ps.CoordA, "/mentorships", url.Values{"kind": {"group"}, "mentor": {fmt.Sprint(ps.B.ID)},
			"mentee": {fmt.Sprint(ps.A.ID)}, "capacity": {"content.photography"}, "months": {"2"}, "goals": {"Photograph <monuments>"}}), "/mentorships/")
		page := fmt.Sprintf("/mentorships/%d", id)
		mentee := ps.get(t, ps.CoordA, page+"?done=requested").body
		mustContain(t, "the mentee's view", mentee, "Your request is sent", "requested", "Photograph &lt;monuments&gt;", `value="cancel"`)
		mustNotContain(t, "the mentee's view", mentee, `value="accept"`, `action="/mentorships/`+fmt.Sprint(id)+`/check-ins"`)
		mustContain(t, "the mentor's view", ps.get(t, ps.CoordB, page).body, `value="accept"`, `value="cancel"`, "You are the mentor.")
		mustContain(t, "the mentor's dashboard", ps.get(t, ps.CoordB, fmt.Sprintf("/mentoring/group/%d", ps.B.ID)).body, "waits for your answer")
		mustContain(t, "the mentor's inbox", ps.get(t, ps.CoordB, "/inbox").body, fmt.Sprintf(`href="%s"`, page),
			fmt.Sprintf("%s asks %s for mentoring in Photography", ps.A.Name, ps.B.Name))
		if r := ps.get(t, ps.CoordC, page); r.code != http.StatusForbidden {
			t.Errorf("an outsider reads the mentorship: %d", r.code)
		}
		if r := ps.post(t, ps.CoordA, page+"/action", url.Values{"action": {"accept"}}); r.code != http.StatusForbidden {
			t.Errorf("the mentee accepts: %d", r.code)
		}
		if r := ps.post(t, ps.CoordB, page+"/action", url.Values{"action": {"accept"}}); r.code != http.StatusSeeOther {
			t.Fatalf("accept: %d %s", r.code, r.body)
		}
		mustContain(t, "the mentee's inbox after the answer", ps.get(t, ps.CoordA, "/inbox").body, fmt.Sprintf(`href="%s"`, page),
			fmt.Sprintf("%s accepted to mentor %s in Photography", ps.B.Name, ps.A.Name))
		for _, step := range []struct {
			who    *wikicities.Actor
			action string
		}{{ps.CoordA, "start"}} {
			if r := ps.post(t, step.who, page+"/action", url.Values{"action": {step.action}}); r.code != http.StatusSeeOther {
				t.Fatalf("%s: %d %s", step.action, r.code, r.body)
			}
		}
		if r := ps.post(t, ps.CoordB, page+"/action", url.Values{"action": {"accept"}}); r.code != http.StatusConflict {
			t.Errorf("accepting an active mentorship: %d", r.code)
		}
		if r := ps.post(t, ps.CoordB, page+"/check-ins", url.Values{"note": {"  "}}); r.code != http.StatusUnprocessableEntity {
			t.Errorf("an empty check-in: %d", r.code)
		}
		if r := ps.post(t, ps.CoordB, page+"/check-ins", url.Values{"note": {"First walk: 40 photos"}}); r.code != http.StatusSeeOther {
			t.Fatalf("check-in: %d", r.code)
		}
		mustContain(t, "after the check-in", ps.get(t, ps.CoordA, page).body, "active", "First walk: 40 photos", "ends on", `value="complete"`)
	})
}

// A refused mentoring request (the pair has it open already, the mentor is
// away) is said inside the request form, in the reader's language, with
// what was typed kept; it used to be an error page.
func TestMentoringRequestRefusedInTheForm(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		edit := fmt.Sprintf("/capacities/group/%d/edit", ps.B.ID)
		if r := ps.post(t, ps.CoordB, edit, url.Values{"version": {"1"}, "cap.content.photography": {"available"}}); r.code != http.StatusSeeOther {
			t.Fatalf("capacities: %d", r.code)
		}
		if r := ps.post(t, ps.CoordA, fmt.Sprintf("/capacities/group/%d/edit", ps.A.ID), url.Values{"version": {"1"}, "cap.content.photography": {"wanted"}}); r.code != http.StatusSeeOther {
			t.Fatalf("capacities: %d", r.code)
		}
		ask := func(lang, months, goals string) response {
			return ps.post(t, ps.CoordA, "/mentorships?uselang="+lang, url.Values{"kind": {"group"}, "mentor": {fmt.Sprint(ps.B.ID)},
				"mentee": {fmt.Sprint(ps.A.ID)}, "capacity": {"content.photography"}, "months": {months}, "goals": {goals}})
		}
		location(t, ask("en", "2", "Photograph monuments"), "/mentorships/")
		r := ask("en", "4", "Again <please>")
		if r.code != http.StatusConflict {
			t.Fatalf("asking again: %d, want 409", r.code)
		}
		mustContain(t, "the refused request", r.body, "The mentoring request was not sent:",
			"You already have an open mentorship with "+ps.B.Name+" in this capacity",
			`<details class="wc-claim" open>`, `<option value="4" selected>`, `<option value="content.photography" selected>`,
			`name="goals" rows="3">Again &lt;please&gt;</textarea>`, "<h1>Mentoring: "+ps.A.Name)
		mustContain(t, "the refused request in German", ask("de", "4", "Noch einmal").body,
			"Die Mentoring-Anfrage wurde nicht gesendet:", "Du hast mit "+ps.B.Name+" schon ein offenes Mentoring", ">Noch einmal</textarea>")

		// The mentor goes away: the request is refused with the date in words.
		back := db.Now().AddDate(0, 1, 0)
		if r := ps.post(t, ps.CoordB, edit, url.Values{"version": {versionOf(t, ps.get(t, ps.CoordB, edit).body, edit)},
			"cap.content.photography": {"available"}, "cap.content.wikidata": {"available"},
			"away_until": {back.Format("2006-01-02")}}); r.code != http.StatusSeeOther {
			t.Fatalf("away: %d %s", r.code, r.body)
		}
		r = ps.post(t, ps.CoordA, "/mentorships", url.Values{"kind": {"group"}, "mentor": {fmt.Sprint(ps.B.ID)},
			"mentee": {fmt.Sprint(ps.A.ID)}, "capacity": {"content.wikidata"}, "months": {"3"}, "goals": {"Queries"}})
		if r.code != http.StatusUnprocessableEntity {
			t.Fatalf("asking a mentor who is away: %d, want 422", r.code)
		}
		mustContain(t, "the request to a mentor away", r.body, "The mentoring request was not sent:",
			ps.B.Name+" is away until "+back.Format("2 January 2006")+" and takes no requests until then.")
	})
}

// A coordinator of an institution starts a Wiki Club there with a toolkit;
// the club shows on the list, its host's page and its city's page, and a
// club in a twin city is offered as its sister.
// The club form says the store's refusals in the reader's language next to
// their field: more regular editors than members and a too long meeting
// schedule were "Bitte prüfe dieses Feld: 5 is more than the 3 members".
func TestWikiClubFormRefusesInTheReadersLanguage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		id := location(t, ps.post(t, ps.CoordInst, "/clubs", url.Values{"host": {fmt.Sprint(ps.Inst.ID)}, "name": {"Musée Wiki Club"}}), "/clubs/")
		coord := refreshed(t, db, ps.CoordInst)
		edit := fmt.Sprintf("/clubs/%d/edit", id)
		schedule := strings.Repeat("ص", 150)
		form := url.Values{"version": {versionOf(t, ps.get(t, coord, edit).body, edit)}, "name": {"Musée Wiki Club"}, "meeting_schedule": {schedule},
			"members": {"3"}, "regular_editors": {"5"}}
		r := ps.post(t, coord, edit+"?uselang=de", form)
		if r.code != http.StatusUnprocessableEntity {
			t.Fatalf("more editors than members: %d, want 422", r.code)
		}
		mustContain(t, "the refused club", r.body, `id="f-regular_editors-error"`, `id="f-meeting_schedule-error"`,
			"Zu lang: höchstens 200 Bytes", "ganze Zahl von 0 bis 3", schedule)
		mustNotContain(t, "the refused club", r.body, "is more than the", "must be at most", "Bitte prüfe dieses Feld")
	})
}

func TestWikiClubStartedAtAnInstitutionFindsItsSister(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		sys := wikicities.NewContext(context.Background(), wikicities.System)
		if _, _, err := db.Training().ImportResources(sys, []wikicities.TrainingResource{{Source: "meta:club", Title: "Wiki Club toolkit",
			Link: "https://meta.wikimedia.org/wiki/Wiki_Club", Languages: []string{"en"}, Format: wikicities.FormatToolkit}}); err != nil {
			t.Fatal(err)
		}
		kit, _ := db.Training().Resources(sys, wikicities.ResourceFilter{})
		inst := fmt.Sprintf("/institutions/%d", ps.Inst.ID)
		mustNotContain(t, "the host's page for others", ps.get(t, ps.CoordA, inst).body, "/clubs/new")
		mustContain(t, "the host's page for its coordinator", ps.get(t, ps.CoordInst, inst).body, fmt.Sprintf("/clubs/new?host=%d", ps.Inst.ID))
		mustNotContain(t, "the clubs for a visitor", ps.get(t, nil, "/clubs").body, `href="/clubs/new"`)
		if r := ps.get(t, ps.CoordA, "/clubs/new"); r.code != http.StatusForbidden {
			t.Errorf("starting a club without a host: %d", r.code)
		}
		form := url.Values{"host": {fmt.Sprint(ps.Inst.ID)}, "name": {"Musée <Wiki> Club"}, "meeting_schedule": {"Wednesdays 16:00"},
			"first_meeting": {"2030-02-30"}, "toolkit": {fmt.Sprint(kit[0].ID)}, "members": {"12"}}
		if r := ps.post(t, ps.CoordInst, "/clubs", form); r.code != http.StatusUnprocessableEntity || !strings.Contains(r.body, `id="f-first_meeting-error"`) {
			t.Fatalf("a bad date: %d", r.code)
		}
		form.Set("first_meeting", "2030-02-06")
		id := location(t, ps.post(t, ps.CoordInst, "/clubs", form), "/clubs/")
		// A club in Berlin, the twin city of Paris where the museum is.
		berlin := &wikicities.WikiClub{Name: "Gymnasium Wiki Club", HostID: ps.Inst.ID}
		if _, err := db.Exec(sys, `UPDATE communities SET city_id = ? WHERE id = ?`, ps.Paris, id); err != nil {
			t.Fatal(err)
		}
		if err := db.Clubs().StartClub(sys, berlin); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(sys, `UPDATE communities SET city_id = ? WHERE id = ?`, ps.Berlin, berlin.CommunityID); err != nil {
			t.Fatal(err)
		}
		coord := refreshed(t, db, ps.CoordInst)
		club := ps.get(t, coord, fmt.Sprintf("/clubs/%d?done=started", id)).body
		mustContain(t, "the club's page", club, "The Wiki Club is started", "Musée &lt;Wiki&gt; Club", "Wednesdays 16:00", "Wiki Club toolkit",
			"Gymnasium Wiki Club", "/partnerships/new?", fmt.Sprintf("/clubs/%d/edit", id))
		mustNotContain(t, "the club for a visitor", ps.get(t, nil, fmt.Sprintf("/clubs/%d", id)).body, "/partnerships/new?", "/edit")
		mustContain(t, "the list", ps.get(t, nil, "/clubs").body, "Musée &lt;Wiki&gt; Club", "12 members")
		mustContain(t, "the city's page", ps.get(t, nil, fmt.Sprintf("/cities/%d", ps.Paris)).body, `id="wc-clubs"`, fmt.Sprintf(`/clubs/%d"`, id))
		mustContain(t, "the club's community page", ps.get(t, nil, fmt.Sprintf("/communities/%d", id)).body, fmt.Sprintf(`href="/clubs/%d"`, id))
		edit := fmt.Sprintf("/clubs/%d/edit", id)
		version := versionOf(t, ps.get(t, coord, edit).body, edit)
		r := ps.post(t, coord, edit, url.Values{"version": {version}, "members": {"3"}, "regular_editors": {"5"}, "meeting_schedule": {"Fridays"}})
		if r.code != http.StatusUnprocessableEntity || !strings.Contains(r.body, `id="f-regular_editors-error"`) {
			t.Errorf("more regular editors than members: %d", r.code)
		}
		// Two coordinators edit the club from the same version: the second
		// save is refused with the form kept, not written over the first.
		if r := ps.post(t, coord, edit, url.Values{"version": {version}, "members": {"15"}, "meeting_schedule": {"Fridays"}}); r.code != http.StatusSeeOther {
			t.Fatalf("first save: %d %s", r.code, r.body)
		}
		r = ps.post(t, coord, edit, url.Values{"version": {version}, "members": {"9"}, "meeting_schedule": {"Mondays"}})
		if r.code != http.StatusConflict {
			t.Fatalf("stale save: %d, want 409", r.code)
		}
		mustContain(t, "stale club form", r.body, "Someone else saved this record while you were editing it", `value="Mondays"`)
		if got, _ := db.Clubs().Club(sys, id); got.Members != 15 || got.MeetingSchedule != "Fridays" {
			t.Errorf("the stale save overwrote the club: %+v", got)
		}
		r = ps.post(t, coord, edit, url.Values{"version": {versionOf(t, r.body, edit)}, "members": {"9"}, "meeting_schedule": {"Mondays"}})
		if got, _ := db.Clubs().Club(sys, id); r.code != http.StatusSeeOther || got.Members != 9 {
			t.Errorf("save after the stale notice: %d, %+v", r.code, got)
		}
	})
}
