package http_test

import (
	"context"
	"fmt"
	wchttp "github.com/wikicities/wikicities/http"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

// institutionForm is a valid institution form in city, with extra fields
// (name, value pairs; a kind replaces the default one).
func institutionForm(name, city string, extra ...string) url.Values {
	v := url.Values{"name": {name}, "city": {city}}
	for i := 0; i+1 < len(extra); i += 2 {
		v.Add(extra[i], extra[i+1])
	}
	if v.Get("kind") == "" {
		v.Set("kind", "library")
	}
	return v
}

// An institution is registered on the web by a signed-in person, who
// becomes its coordinator and alone (with admins) edits it; bad input names
// its fields; a stale edit keeps what was typed and changes nothing.
func TestRegisterAndEditAnInstitutionOnTheWeb(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		if r := ps.get(t, nil, "/institutions/new"); r.code != http.StatusSeeOther || !strings.HasPrefix(r.head.Get("Location"), "/auth/signin") {
			t.Errorf("anonymous form: %d to %q, want the sign-in page", r.code, r.head.Get("Location"))
		}
		r := ps.get(t, ps.Member, fmt.Sprintf("/institutions/new?city=%d", ps.Berlin))
		mustContain(t, "the new form", r.body, "<h1>Register an institution</h1>", `name="city" value="Berlin, DE"`, `value="wir"`, `name="skills_wanted"`,
			`data-picker="/cities/suggest"`, wchttp.AssetURL("picker.js"), "Fields marked (optional) may stay empty")

		r = ps.post(t, ps.Member, "/institutions", institutionForm("", "Berlin", "qid", "X12", "kind", "castle"))
		if r.code != http.StatusUnprocessableEntity {
			t.Fatalf("bad input: %d, want 422", r.code)
		}
		mustContain(t, "bad input", r.body, `id="f-name-error"`, `id="f-qid-error"`, `id="f-kind-error"`)

		r = ps.post(t, ps.Member, "/institutions", institutionForm("Zentral- und Landesbibliothek Berlin", "Berlin",
			"qid", "q1568434", "programmes", "wir", "skills_wanted", "photography", "website", "https://www.zlb.de"))
		var id int64
		if _, err := fmt.Sscanf(r.head.Get("Location"), "/institutions/%d?done=created", &id); r.code != http.StatusSeeOther || err != nil {
			t.Fatalf("register: %d to %q: %s", r.code, r.head.Get("Location"), r.body)
		}
		in, err := db.Institutions().Institution(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if in.CityID != ps.Berlin || in.QID != "Q1568434" || !in.HasWikimedianInResidence || in.HostsWikiClub || !slices.Equal(in.SkillsWanted, []string{"photography"}) {
			t.Errorf("registered: %+v", in)
		}
		refs, _ := db.Accounts().Coordinates(context.Background(), ps.Member.UserID)
		if !slices.Contains(refs, in.Ref()) {
			t.Fatalf("the registrant does not coordinate it: %v", refs)
		}
		coord := *ps.Member
		coord.Coordinates = refs // as at the next request
		page := fmt.Sprintf("/institutions/%d", id)
		mustContain(t, "after registering", ps.get(t, &coord, page+"?done=created").body,
			"The institution is registered. You are its coordinator.", `href="`+page+`/edit">Edit this institution</a>`)
		mustNotContain(t, "someone else's view", ps.get(t, ps.CoordB, page).body, page+"/edit")
		if r := ps.get(t, ps.CoordB, page+"/edit"); r.code != http.StatusForbidden {
			t.Errorf("another coordinator's edit form: %d, want 403", r.code)
		}

		if _, err := db.Exec(context.Background(), `UPDATE institutions SET region = 'Mitte', version = version + 1 WHERE id = ?`, id); err != nil {
			t.Fatal(err)
		}
		edit := ps.get(t, &coord, page+"/edit")
		mustContain(t, "the edit form", edit.body, `value="Zentral- und Landesbibliothek Berlin"`, `value="Q1568434"`, `value="wir" checked`,
			`name="city" value="Berlin, DE"`, `name="version" value="2"`, `action="`+page+`/edit"`)
		v := institutionForm("ZLB", "Berlin", "version", "1", "programmes", "wiki_club")
		r = ps.post(t, &coord, page+"/edit", v)
		if r.code != http.StatusConflict {
			t.Errorf("stale edit: %d, want 409 keeping what was typed", r.code)
		}
		mustContain(t, "stale edit", r.body, `value="ZLB"`, "Someone else saved this record while you were editing it",
			"<dd><bdi>Zentral- und Landesbibliothek Berlin</bdi></dd>", `name="version" value="2"`)
		if r := ps.post(t, ps.CoordB, page+"/edit", v); r.code != http.StatusForbidden {
			t.Errorf("another coordinator's edit: %d, want 403", r.code)
		}
		v.Set("version", "2")
		if r := ps.post(t, &coord, page+"/edit", v); r.code != http.StatusSeeOther || r.head.Get("Location") != page+"?done=saved" {
			t.Fatalf("edit: %d to %q: %s", r.code, r.head.Get("Location"), r.body)
		}
		in, _ = db.Institutions().Institution(context.Background(), id)
		if in.Name != "ZLB" || in.Region != "Mitte" || !in.HostsWikiClub || in.HasWikimedianInResidence || in.QID != "" {
			t.Errorf("after the edit: %+v (the region, not on the form, must stay)", in)
		}
	})
}

// The ways to the form: the institutions list and a city page offer it to
// whoever may register, and to nobody else.
func TestInstitutionFormIsLinkedForThoseWhoMayRegister(t *testing.T) {
	ps := newPartnersSite(t, storetest.MustOpen(t, store.SQLite))
	for _, c := range []struct{ path, link string }{
		{"/institutions", `href="/institutions/new">Register an institution</a>`},
		{fmt.Sprintf("/cities/%d", ps.Berlin), fmt.Sprintf(`href="/institutions/new?city=%d">Register an institution based here</a>`, ps.Berlin)},
	} {
		mustContain(t, c.path, ps.get(t, ps.Member, c.path).body, c.link)
		mustNotContain(t, c.path+" anonymous", ps.get(t, nil, c.path).body, "/institutions/new")
	}
}

// Registering an institution like one of its city's asks first, on the web
// and in the API: the same Wikidata item whatever the name, or the same or
// a similar name; another city is no duplicate; confirmed, it is
// registered.
func TestRegisterInstitutionLikeAnExistingOneAsksFirst(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		if _, err := db.Exec(context.Background(), `UPDATE institutions SET qid = 'Q1538306' WHERE id = ?`, ps.Inst.ID); err != nil {
			t.Fatal(err)
		}
		count := func() int {
			_, n, err := db.Institutions().Institutions(context.Background(), wikicities.DirectoryFilter{Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		before := count()
		for _, v := range []url.Values{
			institutionForm("Musee Carnavalet", "Paris"),
			institutionForm("Carnavalet Museum of the History of Paris", "Paris", "qid", "Q1538306"),
		} {
			r := ps.post(t, ps.Member, "/institutions?uselang=en", v)
			if r.code != http.StatusConflict {
				t.Fatalf("%s: %d, want 409", v.Get("name"), r.code)
			}
			mustContain(t, v.Get("name"), r.body, `id="wc-duplicates"`, "already listed in this city",
				fmt.Sprintf(`<a href="/institutions/%d"><bdi>Musée Carnavalet</bdi></a>`, ps.Inst.ID),
				fmt.Sprintf(`<a href="/institutions/%d#wc-coordination">ask to coordinate it</a>`, ps.Inst.ID),
				`name="confirm_duplicate" value="1"`, "An institution with the same Wikidata item",
				"This is a different institution: register it anyway")
		}
		if r := ps.post(t, ps.Member, "/institutions?uselang=de", institutionForm("Musée Carnavalet", "Paris")); !strings.Contains(r.body, "trotzdem eintragen") {
			t.Errorf("the German notice: %d", r.code)
		}
		if n := count(); n != before {
			t.Fatalf("asking registered %d institutions", n-before)
		}
		if r := ps.post(t, ps.Member, "/institutions", institutionForm("Musée Carnavalet", "Berlin")); r.code != http.StatusSeeOther {
			t.Errorf("the same name in Berlin: %d, want 303", r.code)
		}
		// Another museum of the city is no duplicate for sharing "Musée".
		if r := ps.post(t, ps.Member, "/institutions", institutionForm("Musée Cognacq-Jay", "Paris")); r.code != http.StatusSeeOther {
			t.Errorf("another museum in Paris: %d, want 303", r.code)
		}
		if r := ps.post(t, ps.Member, "/institutions", institutionForm("Musee Carnavalet", "Paris", "confirm_duplicate", "1")); r.code != http.StatusSeeOther {
			t.Errorf("confirmed: %d, want 303", r.code)
		}
		if n := count(); n != before+3 {
			t.Errorf("%d institutions registered, want 3", n-before)
		}

		// The API answers 409 with the candidates, then 201 when confirmed.
		s := newSite(t, db)
		u, _ := db.Accounts().User(context.Background(), ps.Member.UserID)
		c := s.session(u)
		body := map[string]any{"kind": "museum", "name": "Carnavalet Museum", "city_id": ps.Paris, "qid": "Q1538306"}
		resp := s.do(c, "POST", "/api/v1/institutions", body)
		wantStatus(t, resp, 409)
		got := decode(t, resp)
		cands, _ := got["candidates"].([]any)
		if len(cands) < 1 || cands[0].(map[string]any)["url"] != fmt.Sprintf("/institutions/%d", ps.Inst.ID) || !strings.Contains(got["error"].(string), "an institution") {
			t.Errorf("API candidates: %v", got)
		}
		body["confirm_duplicate"] = true
		wantStatus(t, s.do(c, "POST", "/api/v1/institutions", body), 201)
	})
}
