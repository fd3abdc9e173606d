package store_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

// affiliateFixture is a store with Berlin (Q64), Munich and Paris, and one
// community a coordinator wrote: WikiMUC in Munich.
func affiliateFixture(t *testing.T, db *store.DB) (sys context.Context, cities map[string]int64, wikiMUC int64) {
	t.Helper()
	sys = wikicities.NewContext(context.Background(), wikicities.System)
	cities = map[string]int64{}
	for _, c := range []*wikicities.City{{Name: "Berlin", Country: "Germany", QID: "Q64"}, {Name: "Munich", Country: "Germany"}, {Name: "Paris", Country: "France"}} {
		if err := db.Cities().CreateCity(sys, c); err != nil {
			t.Fatal(err)
		}
		cities[c.Name] = c.ID
	}
	c := &wikicities.Community{Kind: wikicities.KindLocalGroup, Name: "WikiMUC", CityID: cities["Munich"], MetaPage: "WikiMUC"}
	if err := db.Communities().CreateCommunity(sys, c); err != nil {
		t.Fatal(err)
	}
	return sys, cities, c.ID
}

func lists() []wikicities.Affiliate {
	return []wikicities.Affiliate{
		{Name: "Wikimedia Deutschland", Kind: wikicities.KindChapter, QID: "Q8288", MetaPage: "Wikimedia Deutschland",
			Website: "https://www.wikimedia.de", Country: "Germany", City: "Berlin", CityQID: "Q64", Sources: []string{"meta", "wikidata"}, Place: "Wikimedia chapters:11"},
		{Name: "Wikimédia France", Kind: wikicities.KindChapter, MetaPage: "Wikimédia France", Country: "France", City: "Paris", Sources: []string{"meta"}, Place: "Wikimedia chapters:15"},
		{Name: "Wikimedia Armenia", Kind: wikicities.KindChapter, MetaPage: "Wikimedia Armenia", Country: "Armenia", Sources: []string{"meta"}, Place: "Wikimedia chapters:17"},
		{Name: "Munich User Group", Kind: wikicities.KindUserGroup, MetaPage: "WikiMUC", Country: "Germany", City: "Munich", Sources: []string{"meta"}, Place: "Wikimedia user groups:11"},
		{Name: "Wikimedia Philippines", Kind: wikicities.KindChapter, MetaPage: "Wikimedia Philippines", Country: "Philippines", Sources: []string{"meta"}, Place: "Wikimedia chapters:30"},
		{Name: "Igbo Wikimedians User Group", Kind: wikicities.KindUserGroup, MetaPage: "Igbo Wikimedians User Group", Sources: []string{"meta"}, Place: "Wikimedia user groups:15"},
	}
}

func actions(rep *store.AffiliateReport) map[string][]string {
	m := map[string][]string{}
	for _, c := range rep.Changes {
		m[c.Action] = append(m[c.Action], c.Name)
	}
	return m
}

func TestImportAffiliatesListsEachGroupInItsCityOrCountry(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		sys, cities, wikiMUC := affiliateFixture(t, db)
		rep, err := db.ImportAffiliates(sys, lists(), store.AffiliateImport{Provenance: "meta:Wikimedia chapters@27411234"})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Added != 4 || rep.Matched != 1 || rep.Skipped != 1 || rep.Updated != 0 {
			t.Fatalf("report %+v", rep)
		}
		a := actions(rep)
		if !slices.Equal(a["matched"], []string{"Munich User Group"}) || !slices.Equal(a["skipped"], []string{"Igbo Wikimedians User Group"}) {
			t.Errorf("actions %v", a)
		}
		all, _, err := db.Communities().Communities(sys, wikicities.DirectoryFilter{Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]*wikicities.Community{}
		for _, c := range all {
			got[c.Name] = c
		}
		de := got["Wikimedia Deutschland"]
		if de == nil || de.CityID != cities["Berlin"] || de.Country != "" || de.Listing == nil || de.Listing.QID != "Q8288" ||
			de.Listing.Claimed || de.Listing.Provenance != "meta:Wikimedia chapters@27411234" || !slices.Equal(de.Listing.Sources, []string{"meta", "wikidata"}) {
			t.Errorf("Wikimedia Deutschland: %+v listing %+v", de, de.Listing)
		}
		if fr := got["Wikimédia France"]; fr == nil || fr.CityID != cities["Paris"] {
			t.Errorf("Wikimédia France not in Paris: %+v", fr)
		}
		if am := got["Wikimedia Armenia"]; am == nil || am.CityID != 0 || am.Country != "Armenia" {
			t.Errorf("Wikimedia Armenia not at country level: %+v", am)
		}
		if muc := got["WikiMUC"]; muc == nil || muc.ID != wikiMUC || muc.Listing != nil || muc.Kind != wikicities.KindLocalGroup {
			t.Errorf("the coordinator's WikiMUC changed: %+v", muc)
		}
		if _, dup := got["Munich User Group"]; dup {
			t.Error("Munich User Group was added beside WikiMUC, the same Meta page")
		}
		// A listed entry is claimed once someone coordinates it.
		var uid int64
		db.Update(sys, func(tx *store.Tx) error {
			var err error
			if uid, err = tx.InsertID(sys, `INSERT INTO users (username, created_at, updated_at) VALUES ('anna', 0, 0)`); err != nil {
				return err
			}
			_, err = tx.Exec(sys, `INSERT INTO coordinators (user_id, party_kind, party_id, created_at) VALUES (?, 'community', ?, 0)`, uid, de.ID)
			return err
		})
		if c, err := db.Communities().Community(sys, de.ID); err != nil || !c.Listing.Claimed {
			t.Errorf("Wikimedia Deutschland with a coordinator is not claimed: %+v %v", c.Listing, err)
		}
		// Country-level entries are found by country.
		am, _, err := db.Communities().Communities(sys, wikicities.DirectoryFilter{Country: "Armenia"})
		if err != nil || len(am) != 1 {
			t.Errorf("by country Armenia: %v %v", am, err)
		}
	})
}

func TestImportAffiliatesAgainUpdatesKeepsEditsAndMarksDissolved(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		sys, _, _ := affiliateFixture(t, db)
		if _, err := db.ImportAffiliates(sys, lists(), store.AffiliateImport{Provenance: "first"}); err != nil {
			t.Fatal(err)
		}
		again, err := db.ImportAffiliates(sys, lists(), store.AffiliateImport{Provenance: "second"})
		if err != nil {
			t.Fatal(err)
		}
		if again.Added != 0 || again.Updated != 0 || again.Unchanged != 4 {
			t.Fatalf("the same lists again: %+v", again)
		}
		// A coordinator edits the website of Wikimedia Deutschland.
		all, _, _ := db.Communities().Communities(sys, wikicities.DirectoryFilter{Query: "Wikimedia Deutschland"})
		de := all[0]
		de.Website = "https://wikimedia.de/coordinator"
		if err := db.Communities().UpdateCommunity(sys, de); err != nil {
			t.Fatal(err)
		}
		next := lists()
		next[0].Website = "https://www.wikimedia.de/new"
		next[0].Name = "Wikimedia Deutschland e. V."
		next[4].Dissolved = "2017"
		rep, err := db.ImportAffiliates(sys, next, store.AffiliateImport{Provenance: "third"})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Updated != 1 || rep.Dissolved != 1 || rep.Unchanged != 2 {
			t.Fatalf("report %+v", rep)
		}
		var kept, updated []string
		for _, c := range rep.Changes {
			switch c.Action {
			case "kept":
				kept = c.Fields
			case "updated":
				updated = c.Fields
			}
		}
		if !slices.Equal(kept, []string{"website"}) || !slices.Equal(updated, []string{"name"}) {
			t.Errorf("kept %v, updated %v", kept, updated)
		}
		got, err := db.Communities().Community(sys, de.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Website != "https://wikimedia.de/coordinator" || got.Name != "Wikimedia Deutschland e. V." || got.Listing.Provenance != "third" {
			t.Errorf("after the third import: %+v %+v", got, got.Listing)
		}
		ph, _, _ := db.Communities().Communities(sys, wikicities.DirectoryFilter{Query: "Philippines"})
		if len(ph) != 1 || ph[0].Status != wikicities.StatusClosed || ph[0].Listing.Dissolved != "2017" {
			t.Errorf("Wikimedia Philippines not dissolved: %+v", ph)
		}
		var out strings.Builder
		rep.WriteText(&out)
		for _, want := range []string{"1 updated, 1 dissolved, 2 unchanged", "  kept: Wikimedia Deutschland e. V.", "[website]", "  dissolved: Wikimedia Philippines"} {
			if !strings.Contains(out.String(), want) {
				t.Errorf("report lacks %q:\n%s", want, out.String())
			}
		}
	})
}

func TestImportAffiliatesListsProbableMatchesUntilApplied(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		sys, cities, _ := affiliateFixture(t, db)
		c := &wikicities.Community{Kind: wikicities.KindUserGroup, Name: "Wikimedia Community of Paris Region", CityID: cities["Paris"]}
		if err := db.Communities().CreateCommunity(sys, c); err != nil {
			t.Fatal(err)
		}
		paris := []wikicities.Affiliate{{Name: "Wikimedians of Paris", Kind: wikicities.KindUserGroup, Country: "France", City: "Paris", Sources: []string{"meta"}, Place: "p:1"}}
		dry, err := db.ImportAffiliates(sys, paris, store.AffiliateImport{Provenance: "x", DryRun: true})
		if err != nil {
			t.Fatal(err)
		}
		if dry.Probable != 1 || dry.Added != 0 || !strings.Contains(dry.Changes[0].Detail, "--apply") {
			t.Fatalf("dry run: %+v", dry)
		}
		rep, err := db.ImportAffiliates(sys, paris, store.AffiliateImport{Provenance: "x", Apply: true})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Matched != 1 || rep.Added != 0 {
			t.Fatalf("applied: %+v", rep)
		}
		n := 0
		db.QueryRow(sys, `SELECT COUNT(*) FROM communities`).Scan(&n)
		if n != 2 {
			t.Errorf("%d communities, want 2 (nothing added)", n)
		}
	})
}

func TestImportAffiliatesIsForTheSystemOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := wikicities.NewContext(context.Background(), &wikicities.Actor{UserID: 1, Username: "anna", Role: wikicities.RoleAdmin})
		if _, err := db.ImportAffiliates(ctx, lists(), store.AffiliateImport{}); !errors.Is(err, wikicities.ErrForbidden) {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestCityNamesAreStoredLoadedAndSearched(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		sys, cities, _ := affiliateFixture(t, db)
		munich := cities["Munich"]
		added, changed, removed, err := db.Cities().SetCityNames(sys, map[int64]map[string]string{munich: {"de": "München", "ar": "ميونخ"}})
		if err != nil || added != 2 || changed != 0 || removed != 0 {
			t.Fatalf("first: %d %d %d %v", added, changed, removed, err)
		}
		added, changed, removed, err = db.Cities().SetCityNames(sys, map[int64]map[string]string{munich: {"de": "München", "fr": "Munich"}})
		if err != nil || added != 1 || changed != 0 || removed != 1 {
			t.Fatalf("second: %d %d %d %v", added, changed, removed, err)
		}
		all, err := db.Cities().AllCities(sys)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range all {
			if c.ID == munich && (c.NameIn("de") != "München" || c.NameIn("ar") != "Munich" || len(c.Names) != 2) {
				t.Errorf("Munich's names: %v", c.Names)
			}
		}
		found, err := db.Cities().Cities(sys, wikicities.CityFilter{Query: "münchen"})
		if err != nil || len(found) != 1 || found[0].ID != munich {
			t.Errorf("search münchen: %v %v", found, err)
		}
		if _, _, _, err := db.Cities().SetCityNames(sys, map[int64]map[string]string{munich: {"xx-nope": "x"}}); !errors.Is(err, wikicities.ErrInvalid) {
			t.Errorf("bad language: %v", err)
		}
	})
}
