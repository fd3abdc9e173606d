package http_test

import (
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/wikicities/wikicities"
	wchttp "github.com/wikicities/wikicities/http"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
	"github.com/wikicities/wikicities/twins"
)

// partnersSite is a server over storetest's Partners world (Berlin and
// Paris, twinned; communities A in Berlin, B and C in Paris; a museum in
// Paris), with one account per role.
type partnersSite struct {
	*storetest.Partners
	s  *wchttp.Server
	db *store.DB
}

func newPartnersSite(t *testing.T, db *store.DB) *partnersSite {
	t.Helper()
	w := storetest.MustPartners(t, db)
	ctx := wikicities.NewContext(context.Background(), wikicities.System)
	for _, c := range []struct {
		id       int64
		lat, lng float64
	}{{w.Berlin, 52.52, 13.4}, {w.Paris, 48.86, 2.35}} {
		if _, err := db.Exec(ctx, `UPDATE cities SET lat = ?, lng = ?, has_coords = 1 WHERE id = ?`, c.lat, c.lng, c.id); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Cities().AddTwinLink(ctx, &wikicities.TwinLink{A: w.Berlin, B: w.Paris, Source: wikicities.SourceManual}); err != nil {
		t.Fatal(err)
	}
	all, err := db.Cities().AllCities(ctx)
	if err != nil {
		t.Fatal(err)
	}
	links, err := db.Cities().AllTwinLinks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	s := newServer(db, twins.New(all, links))
	s.TileURL = ""
	return &partnersSite{Partners: w, s: s, db: db}
}

// do serves one request as actor a (nil: anonymous); form, when not nil,
// is POSTed.
func (ps *partnersSite) do(t *testing.T, a *wikicities.Actor, method, target string, form url.Values) response {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	r := httptest.NewRequest(method, target, body)
	if form != nil {
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	r.Header.Set("Accept-Encoding", "gzip")
	if a != nil {
		r = r.WithContext(wikicities.NewContext(r.Context(), a))
	}
	w := httptest.NewRecorder()
	ps.s.ServeHTTP(w, r)
	b := w.Body.Bytes()
	if w.Header().Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(w.Body)
		if err != nil {
			t.Fatal(err)
		}
		b, _ = io.ReadAll(zr)
	}
	return response{w.Code, w.Header(), string(b)}
}

func (ps *partnersSite) get(t *testing.T, a *wikicities.Actor, target string) response {
	t.Helper()
	return ps.do(t, a, "GET", target, nil)
}

func (ps *partnersSite) post(t *testing.T, a *wikicities.Actor, target string, form url.Values) response {
	t.Helper()
	return ps.do(t, a, "POST", target, form)
}

func mustNotContain(t *testing.T, what, body string, unwanted ...string) {
	t.Helper()
	for _, u := range unwanted {
		if strings.Contains(body, u) {
			t.Errorf("%s contains %q", what, u)
		}
	}
}

// propose makes A propose a partnership to B through the form and returns
// its id.
func (ps *partnersSite) propose(t *testing.T) int64 {
	t.Helper()
	r := ps.post(t, ps.CoordA, "/partnerships", url.Values{"a": {fmt.Sprint(ps.A.ID)}, "b": {fmt.Sprintf("community:%d", ps.B.ID)},
		"type": {"twinning"}, "level": {"local"}, "message": {"Let us photograph both cities."},
		"goals": {"Photograph 100 monuments\nTranslate 20 articles"}, "languages": {"de, fr"}})
	if r.code != http.StatusSeeOther {
		t.Fatalf("propose: %d %s", r.code, r.body)
	}
	var id int64
	if _, err := fmt.Sscanf(r.head.Get("Location"), "/partnerships/%d", &id); err != nil {
		t.Fatalf("propose: Location %q", r.head.Get("Location"))
	}
	return id
}

func TestPartnerPagesRenderInEveryLanguage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		id := ps.propose(t)
		pages := []struct {
			path string
			as   *wikicities.Actor
		}{
			{fmt.Sprintf("/communities/%d", ps.A.ID), ps.CoordA},
			{fmt.Sprintf("/communities/%d", ps.B.ID), nil},
			{fmt.Sprintf("/institutions/%d", ps.Inst.ID), nil},
			{fmt.Sprintf("/partnerships/%d", id), ps.CoordB},
			{fmt.Sprintf("/partnerships/%d", id), ps.CoordA},
			{"/communities/new", ps.Member},
			{fmt.Sprintf("/communities/%d/edit", ps.A.ID), ps.CoordA},
			{fmt.Sprintf("/partnerships/new?a=%d&b=institution:%d", ps.A.ID, ps.Inst.ID), ps.CoordA},
		}
		for _, lang := range []struct{ code, dir string }{{"en", "ltr"}, {"de", "ltr"}, {"ar", "rtl"}} {
			for _, pg := range pages {
				sep := "?"
				if strings.Contains(pg.path, "?") {
					sep = "&"
				}
				r := ps.get(t, pg.as, pg.path+sep+"uselang="+lang.code)
				what := lang.code + " " + pg.path
				if r.code != http.StatusOK {
					t.Errorf("%s: status %d", what, r.code)
				}
				mustContain(t, what, r.body, `<html lang="`+lang.code+`" dir="`+lang.dir+`">`)
				if m := regexp.MustCompile(`⧼[^⧽]*⧽`).FindString(r.body); m != "" {
					t.Errorf("%s shows a missing message: %s", what, m)
				}
			}
		}
	})
}

func TestCommunityPageShowsSuggestionsWithTranslatedReasons(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		path := fmt.Sprintf("/communities/%d", ps.A.ID)
		tests := []struct{ lang, reason string }{
			{"en", "based in Paris, a twin city"},
			{"de", "ansässig in Paris, einer Partnerstadt"},
			{"ar", "مقرّه في \u2068Paris\u2069، وهي مدينة توأم"},
		}
		for _, tt := range tests {
			r := ps.get(t, ps.CoordA, path+"?uselang="+tt.lang)
			mustContain(t, tt.lang+" community page", r.body, tt.reason, "Wikimedia Paris", "Paris Photo Walkers",
				fmt.Sprintf(`href="/communities/%d"`, ps.B.ID))
		}
		// The coordinator may propose, from the suggestion; others may not.
		propose := fmt.Sprintf(`href="/partnerships/new?a=%d&amp;b=community%%3A%d&amp;type=twinning"`, ps.A.ID, ps.B.ID)
		mustContain(t, "coordinator's view", ps.get(t, ps.CoordA, path).body, propose, fmt.Sprintf(`href="/communities/%d/edit"`, ps.A.ID))
		for name, a := range map[string]*wikicities.Actor{"anonymous": nil, "member": ps.Member, "other coordinator": ps.CoordB} {
			mustNotContain(t, name+"'s view", ps.get(t, a, path).body, fmt.Sprintf("/partnerships/new?a=%d&", ps.A.ID), "/edit")
		}
	})
}

func TestRegisterCommunityShowsErrorsNextToFieldsAndKeepsInput(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		bad := url.Values{"name": {"Wiki <Loves> Berlin"}, "kind": {"local_group"}, "city": {"Atlantis"},
			"website": {"ftp://example.org"}, "languages": {"de, xx-nonsense"}, "skills_offered": {"photography"}}
		r := ps.post(t, ps.Member, "/communities", bad)
		if r.code != http.StatusUnprocessableEntity {
			t.Fatalf("status %d, want 422", r.code)
		}
		// Each error sits in its field's block, and what was typed is kept.
		for _, field := range []string{"city", "website", "languages"} {
			block := regexp.MustCompile(`(?s)<div class="cdx-field cdx-field--status-error">\s*<div class="cdx-label"><label class="cdx-label__label" for="f-` + field + `">.*?</div>\s*</div>\s*</div>`).FindString(r.body)
			if !strings.Contains(block, `id="f-`+field+`-error"`) {
				t.Errorf("no error shown in the %s field", field)
			}
		}
		mustContain(t, "form", r.body, `No city called &#34;Atlantis&#34; is known`, `value="Wiki &lt;Loves&gt; Berlin"`,
			`value="ftp://example.org"`, `value="de, xx-nonsense"`, `value="photography" checked`)
		mustNotContain(t, "form", r.body, `id="f-name-error"`)
		if _, n, _ := db.Communities().Communities(context.Background(), wikicities.DirectoryFilter{Query: "Loves"}); n != 0 {
			t.Fatalf("a refused form created %d communities", n)
		}

		good := url.Values{"name": {"Wiki <Loves> Berlin"}, "kind": {"local_group"}, "city": {"Berlin"},
			"languages": {"de, en"}, "skills_offered": {"photography", "events"}}
		r = ps.post(t, ps.Member, "/communities", good)
		if r.code != http.StatusSeeOther {
			t.Fatalf("status %d, want 303: %s", r.code, r.body)
		}
		var id int64
		fmt.Sscanf(r.head.Get("Location"), "/communities/%d", &id)
		c, err := db.Communities().Community(context.Background(), id)
		if err != nil || c.Name != "Wiki <Loves> Berlin" || c.CityID != ps.Berlin || len(c.SkillsOffered) != 2 {
			t.Fatalf("registered %+v, %v", c, err)
		}
		page := ps.get(t, nil, fmt.Sprintf("/communities/%d?done=created", id))
		mustContain(t, "new community's page", page.body, "<bdi>Wiki &lt;Loves&gt; Berlin</bdi>", "The community is registered.", "photography", "German")
		mustNotContain(t, "new community's page", page.body, "<Loves>")
	})
}

func TestRegisterCommunityNeedsAnAccount(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		r := ps.post(t, nil, "/communities", url.Values{"name": {"X"}, "kind": {"local_group"}, "city": {"Berlin"}})
		if r.code != http.StatusUnauthorized {
			t.Errorf("anonymous registration: %d, want 401", r.code)
		}
		mustContain(t, "anonymous registration", r.body, "Please sign in")
	})
}

func TestStaleCommunityEditShowsMessageAndNeverOverwrites(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		path := fmt.Sprintf("/communities/%d/edit", ps.A.ID)
		form := ps.get(t, ps.CoordA, path)
		m := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(form.body)
		if m == nil {
			t.Fatalf("edit form has no version field:\n%s", form.body)
		}
		edit := url.Values{"version": {m[1]}, "name": {"Wikimedians of Berlin"}, "kind": {"user_group"}, "city": {"Berlin"},
			"status": {"active"}, "website": {"https://berlin.example.org"}, "languages": {"de"}}
		// Someone else saves first.
		other := url.Values{}
		for k, v := range edit {
			other[k] = v
		}
		other.Set("website", "https://first.example.org")
		if r := ps.post(t, ps.CoordA, path, other); r.code != http.StatusSeeOther {
			t.Fatalf("first save: %d", r.code)
		}
		r := ps.post(t, ps.CoordA, path, edit)
		if r.code != http.StatusConflict {
			t.Fatalf("stale save: %d, want 409", r.code)
		}
		mustContain(t, "stale form", r.body, "Someone else saved this record while you were editing it", "https://first.example.org",
			`value="https://berlin.example.org"`)
		c, _ := db.Communities().Community(context.Background(), ps.A.ID)
		if c.Website != "https://first.example.org" {
			t.Errorf("the stale save overwrote the record: website %q", c.Website)
		}
		// The form now carries the current version: saving again works.
		m = regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(r.body)
		edit.Set("version", m[1])
		if r := ps.post(t, ps.CoordA, path, edit); r.code != http.StatusSeeOther {
			t.Fatalf("save after the stale notice: %d", r.code)
		}
	})
}

func TestOnlyCoordinatorsEditACommunity(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		path := fmt.Sprintf("/communities/%d/edit", ps.A.ID)
		form := url.Values{"version": {"1"}, "name": {"Taken over"}, "kind": {"user_group"}, "city": {"Berlin"}, "status": {"active"}}
		for name, tt := range map[string]struct {
			a    *wikicities.Actor
			code int
		}{"member": {ps.Member, 403}, "coordinator of another community": {ps.CoordB, 403}, "anonymous": {nil, 401}} {
			if r := ps.post(t, tt.a, path, form); r.code != tt.code {
				t.Errorf("%s saves: %d, want %d", name, r.code, tt.code)
			}
			if tt.a != nil {
				if r := ps.get(t, tt.a, path); r.code != tt.code {
					t.Errorf("%s opens the form: %d, want %d", name, r.code, tt.code)
				}
			}
		}
		c, _ := db.Communities().Community(context.Background(), ps.A.ID)
		if c.Name != ps.A.Name {
			t.Errorf("refused edits renamed the community to %q", c.Name)
		}
	})
}

func TestProposeAcceptAndLogAnActivity(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		id := ps.propose(t)
		path := fmt.Sprintf("/partnerships/%d", id)

		// Only B's coordinator is asked to answer; A may withdraw.
		accept := `name="action" value="accept"`
		mustContain(t, "B's view", ps.get(t, ps.CoordB, path).body, accept, "Wikimedians of Berlin proposes this partnership to you",
			"Photograph 100 monuments", "French", "proposed")
		mustContain(t, "A's view", ps.get(t, ps.CoordA, path).body, `value="withdraw"`)
		for name, a := range map[string]*wikicities.Actor{"A's coordinator": ps.CoordA, "admin": ps.Admin, "C's coordinator": ps.CoordC, "anonymous": nil} {
			mustNotContain(t, name+"'s view", ps.get(t, a, path).body, accept)
		}
		// Refused answers change nothing.
		for name, tt := range map[string]struct {
			a    *wikicities.Actor
			code int
		}{"C's coordinator": {ps.CoordC, 403}, "A's coordinator": {ps.CoordA, 403}, "anonymous": {nil, 401}} {
			if r := ps.post(t, tt.a, path+"/answer", url.Values{"action": {"accept"}, "version": {"1"}}); r.code != tt.code {
				t.Errorf("%s accepts: %d, want %d", name, r.code, tt.code)
			}
		}
		if r := ps.post(t, ps.CoordB, path+"/answer", url.Values{"action": {"accept"}, "version": {"1"}, "note": {"Avec plaisir"}}); r.code != http.StatusSeeOther {
			t.Fatalf("B accepts: %d %s", r.code, r.body)
		}
		page := ps.get(t, ps.CoordB, path+"?done=accept")
		mustContain(t, "accepted partnership", page.body, "You accepted the partnership.", "accepted", "Avec plaisir", "by bertrand",
			"no activity yet", "Log an activity")
		// A second, stale answer is told so.
		r := ps.post(t, ps.CoordB, path+"/answer", url.Values{"action": {"decline"}, "version": {"1"}})
		if r.code != http.StatusConflict {
			t.Errorf("stale answer: %d, want 409", r.code)
		}
		mustContain(t, "stale answer", r.body, "Someone answered this proposal meanwhile")

		// Log an activity: errors next to fields first, then success.
		act := path + "/activities"
		r = ps.post(t, ps.CoordB, act, url.Values{"kind": {"photo_walk"}, "title": {""}, "start": {"30/06/2025"}, "participants": {"many"}, "place": {"Paris <Marais>"}})
		if r.code != http.StatusUnprocessableEntity {
			t.Fatalf("bad activity: %d", r.code)
		}
		for _, f := range []string{"title", "start", "participants"} {
			mustContain(t, "activity form", r.body, `id="f-`+f+`-error"`)
		}
		mustContain(t, "activity form", r.body, `value="Paris &lt;Marais&gt;"`, `&#34;30/06/2025&#34; is not a date`)
		before := ps.get(t, nil, path).body
		r = ps.post(t, ps.CoordB, act, url.Values{"kind": {"photo_walk"}, "title": {"Photo walk in the Marais"}, "start": {db.Now().AddDate(0, 0, -3).Format("2006-01-02")},
			"place": {"Paris"}, "participants": {"14"}, "media_uploaded": {"230"}, "organizers_a": {"anna"}, "organizers_b": {"bertrand"}})
		if r.code != http.StatusSeeOther {
			t.Fatalf("log activity: %d %s", r.code, r.body)
		}
		after := ps.get(t, nil, path+"?uselang=de").body
		mustContain(t, "partnership after the activity", after, "Photo walk in the Marais", "230 Dateien hochgeladen", "14 Teilnehmende", "aktiv",
			"Mit der ersten Aktivität aktiv geworden")
		score := regexp.MustCompile(`Health score (\d+)/100`)
		scoreDE := regexp.MustCompile(`Zustandswert (\d+)/100`)
		b, a := score.FindStringSubmatch(before), scoreDE.FindStringSubmatch(after)
		if b == nil || a == nil || b[1] == a[1] {
			t.Errorf("health score before %v, after %v: want a change", b, a)
		}
	})
}

// An activity held online says so in the reader's language: the place
// "online" (as the API documents it, in any case) is the interface's word,
// a place name stays as it was written.
func TestOnlineActivityIsSaidInTheReadersLanguage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		path := fmt.Sprintf("/partnerships/%d", ps.accepted(t))
		day := db.Now().AddDate(0, 0, -3).Format("2006-01-02")
		for _, a := range [][2]string{{"Kick-off call", " Online "}, {"Photo walk in the Marais", "Paris"}} {
			if r := ps.post(t, ps.CoordB, path+"/activities", url.Values{"kind": {"photo_walk"}, "title": {a[0]}, "start": {day}, "place": {a[1]}}); r.code != http.StatusSeeOther {
				t.Fatalf("log %s: %d %s", a[0], r.code, r.body)
			}
		}
		for lang, want := range map[string]string{"en": "online", "de": "online", "ar": "عبر الإنترنت"} {
			page := ps.get(t, nil, path+"?uselang="+lang).body
			mustContain(t, lang+" activities", page, "<bdi>"+want+"</bdi>", "<bdi>Paris</bdi>")
			mustNotContain(t, lang+" activities", page, "Online")
		}
	})
}

// The history's activation says "became active with its first activity"
// in the reader's language and names the activity, without an English
// "first activity: " before it (which older entries carry in the store).
func TestActivationNamesTheFirstActivityInTheReadersLanguage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		id := ps.accepted(t)
		path := fmt.Sprintf("/partnerships/%d", id)
		day := db.Now().AddDate(0, 0, -3).Format("2006-01-02")
		if r := ps.post(t, ps.CoordB, path+"/activities", url.Values{"kind": {"photo_walk"}, "title": {"Kiez walk"}, "start": {day}}); r.code != http.StatusSeeOther {
			t.Fatalf("log the activity: %d %s", r.code, r.body)
		}
		if _, err := db.Exec(context.Background(), `INSERT INTO partnership_history (partnership_id, at, actor_id, actor_name, action, from_state, to_state, note)
			VALUES (?, ?, 0, 'anna', 'activate', 'accepted', 'active', 'first activity: Old walk')`, id, db.Now().Unix()); err != nil {
			t.Fatal(err)
		}
		// Notes are for the parties' coordinators.
		page := ps.get(t, ps.CoordA, path+"?uselang=ar").body
		mustContain(t, "the Arabic history", page, "أصبحت نشطة بأول نشاط", "<bdi>Kiez walk</bdi>", "<bdi>Old walk</bdi>")
		mustNotContain(t, "the Arabic history", page, "first activity")
	})
}

func TestActivityFormIsForTheParties(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		id := ps.propose(t)
		if r := ps.get(t, ps.CoordC, fmt.Sprintf("/partnerships/%d/activities/new", id)); r.code != http.StatusForbidden {
			t.Errorf("another community's coordinator opens the activity form: %d, want 403", r.code)
		}
		// A proposal takes no activity yet: the form says why, with 409 as
		// every form the partnership's state refuses.
		r := ps.post(t, ps.CoordA, fmt.Sprintf("/partnerships/%d/activities", id), url.Values{"kind": {"visit"}, "title": {"Visit"}, "start": {"2025-01-10"}})
		if r.code != http.StatusConflict {
			t.Fatalf("activity on a proposal: %d, want 409", r.code)
		}
		mustContain(t, "activity on a proposal", r.body, "Activities can be logged only for an accepted, active or dormant partnership; this one is proposed.")
	})
}

func TestPartnerPagesEscapeNames(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		ctx := storetest.As(context.Background(), ps.CoordB)
		c, _ := db.Communities().Community(ctx, ps.B.ID)
		c.Name = `<img src=x onerror=alert(1)>`
		if err := db.Communities().UpdateCommunity(ctx, c); err != nil {
			t.Fatal(err)
		}
		id := ps.propose(t)
		for _, path := range []string{fmt.Sprintf("/communities/%d", ps.B.ID), fmt.Sprintf("/communities/%d", ps.A.ID), fmt.Sprintf("/partnerships/%d", id)} {
			body := ps.get(t, ps.CoordA, path).body
			mustNotContain(t, path, body, "<img src=x")
			mustContain(t, path, body, "&lt;img src=x onerror=alert(1)&gt;")
		}
	})
}

func TestHomeMapFeaturesCitiesWithCommunities(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		r := ps.get(t, nil, "/map/cities.geojson")
		// Paris has two communities, Berlin one: Paris comes first.
		paris, berlin := strings.Index(r.body, `"Paris"`), strings.Index(r.body, `"Berlin"`)
		if paris < 0 || berlin < 0 || paris > berlin {
			t.Errorf("featured cities: Paris at %d, Berlin at %d in %s", paris, berlin, r.body)
		}
	})
}

func TestCityPageLinksToItsCommunitiesAndToRegistration(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		path := fmt.Sprintf("/cities/%d", ps.Paris)
		register := fmt.Sprintf(`href="/communities/new?city=%d"`, ps.Paris)
		r := ps.get(t, ps.Member, path)
		mustContain(t, "city page", r.body, fmt.Sprintf(`<a href="/communities/%d"><bdi>Wikimedia Paris</bdi></a>`, ps.B.ID),
			fmt.Sprintf(`<a href="/institutions/%d"><bdi>Musée Carnavalet</bdi></a>`, ps.Inst.ID), register)
		mustNotContain(t, "anonymous city page", ps.get(t, nil, path).body, register)
		// The registration form starts with the city filled in.
		mustContain(t, "registration form", ps.get(t, ps.Member, fmt.Sprintf("/communities/new?city=%d", ps.Paris)).body, `value="Paris, FR"`)
	})
}

func TestCoordinatorsProposeFromAnotherPartysPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		for _, tt := range []struct {
			path string
			typ  string
			b    string
		}{
			{fmt.Sprintf("/communities/%d", ps.C.ID), "regional", fmt.Sprintf("community%%3A%d", ps.C.ID)},
			{fmt.Sprintf("/institutions/%d", ps.Inst.ID), "institutional", fmt.Sprintf("institution%%3A%d", ps.Inst.ID)},
		} {
			link := fmt.Sprintf(`href="/partnerships/new?a=%d&amp;b=%s&amp;type=%s"`, ps.A.ID, tt.b, tt.typ)
			mustContain(t, tt.path, ps.get(t, ps.CoordA, tt.path).body, link, "Propose a partnership from Wikimedians of Berlin")
			mustNotContain(t, tt.path, ps.get(t, ps.Member, tt.path).body, "/partnerships/new")
		}
		// Not to oneself.
		mustNotContain(t, "own page", ps.get(t, ps.CoordA, fmt.Sprintf("/communities/%d", ps.A.ID)).body, "Propose a partnership from")
	})
}

func TestPartnershipPageShowsResponsibilitiesAndExplainsHealth(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		id := ps.propose(t)
		if r := ps.post(t, ps.CoordB, fmt.Sprintf("/partnerships/%d/answer", id), url.Values{"action": {"accept"}, "version": {"1"}}); r.code != http.StatusSeeOther {
			t.Fatalf("accept: %d", r.code)
		}
		ctx := storetest.As(context.Background(), ps.CoordA)
		now := db.Now()
		for _, r := range []*wikicities.Responsibility{
			{PartnershipID: id, Owner: wikicities.SideB, Description: "Book the <museum> visit", Due: now.AddDate(0, 0, -20)},
			{PartnershipID: id, Owner: wikicities.SideA, Description: "Send the photos", Due: now.AddDate(0, 1, 0)},
		} {
			if err := db.Partnerships().AddResponsibility(ctx, r); err != nil {
				t.Fatal(err)
			}
		}
		path := fmt.Sprintf("/partnerships/%d", id)
		en := ps.get(t, nil, path).body
		mustContain(t, "responsibilities", en, "<td><bdi>Book the &lt;museum&gt; visit</bdi></td><td data-label=\"Who: \"><bdi>Wikimedia Paris</bdi></td>",
			"<strong>overdue</strong>", "Send the photos", "1 of 2 responsibilities overdue", "no activity yet")
		mustContain(t, "German health", ps.get(t, nil, path+"?uselang=de").body, "1 von 2 Zuständigkeiten überfällig", "noch keine Aktivität")
		mustContain(t, "Arabic health", ps.get(t, nil, path+"?uselang=ar").body, "مسؤوليتين متأخرة", "لا نشاط بعد")
	})
}

func TestEitherPartyEndsALivePartnership(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		id := ps.propose(t)
		path := fmt.Sprintf("/partnerships/%d", id)
		end := `value="end"`
		mustNotContain(t, "proposal", ps.get(t, ps.CoordA, path).body, end)
		if r := ps.post(t, ps.CoordB, path+"/answer", url.Values{"action": {"accept"}, "version": {"1"}}); r.code != http.StatusSeeOther {
			t.Fatalf("accept: %d", r.code)
		}
		mustContain(t, "A's view", ps.get(t, ps.CoordA, path).body, end)
		mustNotContain(t, "C's view", ps.get(t, ps.CoordC, path).body, end)
		mustNotContain(t, "an accepted partnership", ps.get(t, ps.CoordA, path).body, `value="renew"`)
		if r := ps.post(t, ps.CoordC, path+"/answer", url.Values{"action": {"end"}, "version": {"2"}}); r.code != http.StatusForbidden {
			t.Errorf("C's coordinator ends it: %d, want 403", r.code)
		}
		if r := ps.post(t, ps.CoordA, path+"/answer", url.Values{"action": {"end"}, "version": {"2"}}); r.code != http.StatusUnprocessableEntity ||
			!strings.Contains(r.body, "Say why, in a few words") {
			t.Errorf("A ends it without a reason: %d", r.code)
		}
		if r := ps.post(t, ps.CoordA, path+"/answer", url.Values{"action": {"end"}, "version": {"2"}, "note": {"the project is over"}}); r.code != http.StatusSeeOther {
			t.Fatalf("A ends it: %d %s", r.code, r.body)
		}
		mustContain(t, "ended", ps.get(t, nil, path+"?done=end").body, "The partnership has ended.", "the partnership is ended")
	})
}

func TestProposalFormShowsErrorsNextToFields(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		form := url.Values{"a": {fmt.Sprint(ps.A.ID)}, "b": {fmt.Sprintf("institution:%d", ps.Inst.ID)}, "type": {"friendship"},
			"level": {"local"}, "message": {"Bonjour <musée>"}, "languages": {"fr, 12!"}}
		r := ps.post(t, ps.CoordA, "/partnerships", form)
		if r.code != http.StatusUnprocessableEntity {
			t.Fatalf("status %d, want 422: %s", r.code, r.body)
		}
		mustContain(t, "proposal form", r.body, `id="f-type-error"`, `id="f-languages-error"`, `Bonjour &lt;musée&gt;</textarea>`, `value="fr, 12!"`)
		if _, n, _ := db.Partnerships().Partnerships(context.Background(), wikicities.PartnershipFilter{}); n != 0 {
			t.Errorf("a refused proposal created %d partnerships", n)
		}
		// Proposing again to a party one already has a proposal with is explained.
		ps.propose(t)
		form = url.Values{"a": {fmt.Sprint(ps.A.ID)}, "b": {fmt.Sprintf("community:%d", ps.B.ID)}, "type": {"twinning"}, "level": {"local"}}
		r = ps.post(t, ps.CoordA, "/partnerships", form)
		mustContain(t, "second proposal", r.body, "Wikimedians of Berlin and Wikimedia Paris already have a partnership or a proposal under way.")
	})
}

// Registering a group that looks like one of its city's asks first: the
// form comes back naming the existing group (escaped, linked to its page
// and its coordination section) with a box to register anyway.
func TestRegisterCommunityLikeAnExistingOneAsksFirst(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		form := func(name, city string, confirm bool) url.Values {
			v := url.Values{"name": {name}, "kind": {"user_group"}, "city": {city}, "languages": {"de"}}
			if confirm {
				v.Set("confirm_duplicate", "1")
			}
			return v
		}
		count := func() int {
			_, n, err := db.Communities().Communities(context.Background(), wikicities.DirectoryFilter{Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		before := count()
		for _, name := range []string{"Wikimedians of Berlin", "Wikimedians Berlin User Group"} {
			r := ps.post(t, ps.Member, "/communities?uselang=en", form(name, "Berlin", false))
			if r.code != http.StatusConflict {
				t.Fatalf("%s in Berlin: status %d, want 409", name, r.code)
			}
			mustContain(t, name, r.body, `id="wc-duplicates"`, "already listed in this city",
				fmt.Sprintf(`<a href="/communities/%d"><bdi>Wikimedians of Berlin</bdi></a>`, ps.A.ID),
				fmt.Sprintf(`<a href="/communities/%d#wc-coordination">ask to coordinate it</a>`, ps.A.ID),
				`name="confirm_duplicate" value="1"`, `value="`+name+`"`, "A group with the same or a similar name",
				"This is a different group: register it anyway")
		}
		if n := count(); n != before {
			t.Fatalf("asking registered %d communities", n-before)
		}
		// A different city is no duplicate.
		if r := ps.post(t, ps.Member, "/communities", form("Wikimedians of Berlin", "Paris", false)); r.code != http.StatusSeeOther {
			t.Fatalf("the same name in Paris: status %d, want 303: %s", r.code, r.body)
		}
		// Confirmed, it is registered.
		if r := ps.post(t, ps.Member, "/communities", form("Wikimedians Berlin User Group", "Berlin", true)); r.code != http.StatusSeeOther {
			t.Fatalf("confirmed: status %d, want 303: %s", r.code, r.body)
		}
		if n := count(); n != before+2 {
			t.Fatalf("%d communities registered, want 2", n-before)
		}
		// Names from users are escaped in the notice, in every language.
		if r := ps.post(t, ps.Member, "/communities", form("Paris <b>Photo</b> & Walkers", "Paris", true)); r.code != http.StatusSeeOther {
			t.Fatalf("confirmed: status %d: %s", r.code, r.body)
		}
		for _, lang := range []string{"en", "de", "ar"} {
			r := ps.post(t, ps.Member, "/communities?uselang="+lang, form("paris <b>photo</b> & walkers", "Paris", false))
			if r.code != http.StatusConflict {
				t.Fatalf("%s: status %d, want 409", lang, r.code)
			}
			mustContain(t, lang, r.body, "<bdi>Paris &lt;b&gt;Photo&lt;/b&gt; &amp; Walkers</bdi>", `name="confirm_duplicate"`)
			mustNotContain(t, lang, r.body, "<b>Photo</b>", "⧼")
		}
	})
}

// A refused form's page is at an address with no page to GET (the form's
// POST target): its language switcher returns to the page the form was on,
// with that page's query, as the Referer names it, and only this site's.
func TestLanguageSwitcherOfARefusedFormReturnsToTheFormsPage(t *testing.T) {
	db := storetest.MustOpen(t, store.SQLite)
	s := newSite(t, db)
	c := s.session(s.user("Ada", wikicities.RoleMember, pw))
	bad := strings.NewReader(url.Values{"name": {"Wiki Loves Berlin"}, "kind": {"local_group"}, "city": {"Atlantis"}}.Encode())
	resp := s.do(c, "POST", "/communities", bad, "Referer", s.URL+"/communities/new?city=7")
	wantStatus(t, resp, http.StatusUnprocessableEntity)
	b, _ := io.ReadAll(resp.Body)
	body := string(b)
	mustContain(t, "refused form", body, `<form class="wc-lang" action="/communities/new" method="get">`, `<input type="hidden" name="city" value="7">`)
	bad = strings.NewReader(url.Values{"name": {"Wiki Loves Berlin"}, "kind": {"local_group"}, "city": {"Atlantis"}}.Encode())
	resp = s.do(c, "POST", "/communities", bad, "Referer", "https://elsewhere.example/communities/new")
	b, _ = io.ReadAll(resp.Body)
	mustContain(t, "refused form from elsewhere", string(b), `<form class="wc-lang" action="/" method="get">`)
}
