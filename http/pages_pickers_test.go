package http_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/wikicities/wikicities"
	wchttp "github.com/wikicities/wikicities/http"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
	"github.com/wikicities/wikicities/twins"
)

// A community is registered with its languages written by name in the
// page's language, and its edit form shows them by name again.
func TestCommunityFormReadsLanguagesByName(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		r := ps.post(t, ps.Member, "/communities?uselang=de", url.Values{"name": {"Wiki Loves Spree"}, "kind": {"local_group"},
			"city": {"Berlin"}, "languages": {"Deutsch, English, fr"}})
		if r.code != http.StatusSeeOther {
			t.Fatalf("status %d, want 303: %s", r.code, r.body)
		}
		var id int64
		fmt.Sscanf(r.head.Get("Location"), "/communities/%d", &id)
		c, err := db.Communities().Community(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(c.Languages, []string{"de", "en", "fr"}) {
			t.Errorf("languages %v, want [de en fr]", c.Languages)
		}
		a, err := db.Communities().Community(context.Background(), ps.A.ID)
		if err != nil {
			t.Fatal(err)
		}
		a.Languages = c.Languages
		if err := db.Communities().UpdateCommunity(wikicities.NewContext(context.Background(), wikicities.System), a); err != nil {
			t.Fatal(err)
		}
		edit := ps.get(t, ps.CoordA, fmt.Sprintf("/communities/%d/edit?uselang=de", a.ID))
		mustContain(t, "German edit form", fieldBlock(edit.body, "languages"), `value="Deutsch, Englisch, Französisch"`, `data-picker="/languages.json"`)
		mustContain(t, "English edit form", fieldBlock(ps.get(t, ps.CoordA, fmt.Sprintf("/communities/%d/edit?uselang=en", a.ID)).body, "languages"),
			`value="German, English, French"`)
	})
}

// A city name that several cities share offers them as choices; picking
// one (city_id, as picker.js sends too) settles the city without retyping.
func TestCommunityFormOffersTheCitiesOfAnAmbiguousName(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		ctx := wikicities.NewContext(context.Background(), wikicities.System)
		var ids []int64
		for _, country := range []string{"United States", "Australia"} {
			c := &wikicities.City{Name: "Springfield", Country: country}
			if err := db.Cities().CreateCity(ctx, c); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, c.ID)
		}
		all, _ := db.Cities().AllCities(ctx)
		links, _ := db.Cities().AllTwinLinks(ctx)
		ps.s.Graph = twins.New(all, links)
		form := url.Values{"name": {"Springfield Wikimedians"}, "kind": {"local_group"}, "city": {"Springfield"}}
		r := ps.post(t, ps.Member, "/communities", form)
		if r.code != http.StatusUnprocessableEntity {
			t.Fatalf("status %d, want 422", r.code)
		}
		mustContain(t, "refused form", r.body, `Several cities are called &#34;Springfield&#34;: pick one below`, `id="f-city-choices"`,
			fmt.Sprintf(`name="city_id" value="%d"`, ids[0]), fmt.Sprintf(`name="city_id" value="%d"`, ids[1]),
			"Springfield, Australia", "Springfield, United States", `value="Springfield Wikimedians"`)
		form.Set("city_id", fmt.Sprint(ids[1]))
		r = ps.post(t, ps.Member, "/communities", form)
		if r.code != http.StatusSeeOther {
			t.Fatalf("with a city picked: status %d, want 303: %s", r.code, r.body)
		}
		var id int64
		fmt.Sscanf(r.head.Get("Location"), "/communities/%d", &id)
		if c, err := db.Communities().Community(context.Background(), id); err != nil || c.CityID != ids[1] {
			t.Errorf("registered in city %v (%v), want Springfield, Australia (%d)", c, err, ids[1])
		}
	})
}

// The form marks the fields that may stay empty, as Codex does, and the
// required ones for assistive technology.
func TestCommunityFormMarksRequiredAndOptionalFields(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		body := ps.get(t, ps.Member, "/communities/new").body
		for _, f := range []string{"name", "city"} {
			mustContain(t, f, fieldBlock(body, f), `required aria-required="true"`)
			mustNotContain(t, f, fieldBlock(body, f), "(optional)")
		}
		for _, f := range []string{"languages", "website", "meta_page", "contact"} {
			mustContain(t, f, fieldBlock(body, f), "(optional)")
			mustNotContain(t, f, fieldBlock(body, f), "required")
		}
		mustContain(t, "form", body, "Fields marked (optional) may stay empty", `data-picker="/cities/suggest"`, wchttp.AssetURL("picker.js"))
	})
}

// The pickers' data: cities by name with their country, in the reader's
// language; every language with its own name and the reader's.
func TestPickerSuggestions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		r := ps.get(t, nil, "/cities/suggest?q=ber&uselang=de")
		var cities []struct {
			ID           int64
			Label, Value string
		}
		if err := json.Unmarshal([]byte(r.body), &cities); err != nil || len(cities) == 0 {
			t.Fatalf("%v: %s", err, r.body)
		}
		if cities[0].ID != ps.Berlin || !strings.HasPrefix(cities[0].Label, "Berlin, ") || !strings.HasPrefix(cities[0].Value, "Berlin") {
			t.Errorf("first suggestion for ber: %+v, want Berlin", cities[0])
		}
		if r := ps.get(t, nil, "/cities/suggest?q="); r.body != "[]\n" {
			t.Errorf("nothing typed: %q, want []", r.body)
		}
		var langs []struct{ Code, Autonym, Name, Value string }
		if err := json.Unmarshal([]byte(ps.get(t, nil, "/languages.json?uselang=ar").body), &langs); err != nil {
			t.Fatal(err)
		}
		if len(langs) != wikicities.LanguageCodes() {
			t.Errorf("%d languages, want %d", len(langs), wikicities.LanguageCodes())
		}
		i := slices.IndexFunc(langs, func(l struct{ Code, Autonym, Name, Value string }) bool { return l.Code == "de" })
		if i < 0 || langs[i].Autonym != "Deutsch" || langs[i].Name != "الألمانية" || langs[i].Value != "الألمانية" {
			t.Errorf("German for an Arabic reader: %+v", langs[max(i, 0)])
		}
	})
}
