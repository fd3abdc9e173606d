package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/importer"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

func TestTwinningIndexListsEveryLinkOnceSortedByCity(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		rows := []wikicities.TwinningRow{
			{City: "Zürich", Country: "Switzerland", TwinCity: "Kyoto", TwinCountry: "Japan", Line: 1},
			{City: "Bordeaux", Country: "France", TwinCity: "Munich", TwinCountry: "Germany", Year: 1964, Line: 2},
			{City: "Munich", Country: "Germany", TwinCity: "Kyoto", TwinCountry: "Japan", Line: 3},
		}
		if _, err := importer.ImportTwinning(ctx, db, rows, importer.TwinningImport[*store.Tx]{Source: "x"}); err != nil {
			t.Fatal(err)
		}
		idx, err := db.TwinningIndex(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range idx {
			got = append(got, fmt.Sprintf("%s/%s %d", r.City, r.TwinCity, r.Year))
		}
		want := "Bordeaux/Munich 1964, Kyoto/Munich 0, Kyoto/Zürich 0"
		if strings.Join(got, ", ") != want {
			t.Errorf("index %q, want %q", strings.Join(got, ", "), want)
		}
	})
}

// addCommunity puts a community into the directory's table, as the
// directory service will.
func addCommunity(t *testing.T, db *store.DB, cityID int64, name, metaPage, status string) int64 {
	t.Helper()
	var id int64
	err := db.Update(context.Background(), func(tx *store.Tx) error {
		var err error
		id, err = tx.InsertID(context.Background(), `INSERT INTO communities (kind, name, name_key, city_id, meta_page, status, created_at, updated_at)
			VALUES ('user_group', ?, ?, ?, ?, ?, 0, 0)`, name, wikicities.NameKey(name), cityID, metaPage, status)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestDirectoryGroupsMatchesCommunitiesOfTheCity(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		munich := &wikicities.City{Name: "Munich", Country: "Germany"}
		if err := db.Cities().CreateCity(ctx, munich); err != nil {
			t.Fatal(err)
		}
		wmde := addCommunity(t, db, munich.ID, "Wikimedia Deutschland", "Wikimedia Deutschland", "active")
		rows := []wikicities.TwinningRow{
			{City: "Munich", Country: "Germany", Group: "WMDE", GroupPage: "Wikimedia Deutschland", TwinCity: "Bordeaux", TwinGroup: "Wikimédia France", Line: 3},
		}
		rep, err := importer.ImportTwinning(ctx, db, rows, importer.TwinningImport[*store.Tx]{Source: "x", Groups: store.DirectoryGroups{}})
		if err != nil {
			t.Fatal(err)
		}
		want := []string{
			fmt.Sprintf(`line 3: group "WMDE" in city "Munich, Germany" is community %d (Wikimedia Deutschland) of the directory`, wmde),
			`line 3: group "Wikimédia France" in city "Bordeaux" (not imported: not in the directory; add it there)`,
		}
		if strings.Join(rep.Groups, "\n") != strings.Join(want, "\n") {
			t.Errorf("groups:\n%s\nwant:\n%s", strings.Join(rep.Groups, "\n"), strings.Join(want, "\n"))
		}
	})
}

func TestTwinningIndexNamesEachCitysActiveCommunity(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		rows := []wikicities.TwinningRow{{City: "Munich", Country: "Germany", TwinCity: "Bordeaux", TwinCountry: "France", Line: 1}}
		if _, err := importer.ImportTwinning(ctx, db, rows, importer.TwinningImport[*store.Tx]{Source: "x"}); err != nil {
			t.Fatal(err)
		}
		cities, err := db.Cities().AllCities(ctx)
		if err != nil {
			t.Fatal(err)
		}
		ids := map[string]int64{}
		for _, c := range cities {
			ids[c.Name] = c.ID
		}
		addCommunity(t, db, ids["Munich"], "Wikimedia Deutschland", "Wikimedia Deutschland", "active")
		addCommunity(t, db, ids["Munich"], "A closed group", "", "closed")
		addCommunity(t, db, ids["Bordeaux"], "Wikimédia France", "", "active")
		idx, err := db.TwinningIndex(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := wikicities.TwinningRow{City: "Bordeaux", Country: "France", Group: "Wikimédia France",
			TwinCity: "Munich", TwinCountry: "Germany", TwinGroup: "Wikimedia Deutschland", TwinGroupPage: "Wikimedia Deutschland"}
		if len(idx) != 1 || idx[0] != want {
			t.Errorf("index %+v, want %+v", idx, want)
		}
	})
}

func TestDirectoryGroupsMatchesNormalisedNamesAndListsProbableOnes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		munich := &wikicities.City{Name: "Munich", Country: "Germany"}
		bordeaux := &wikicities.City{Name: "Bordeaux", Country: "France"}
		for _, c := range []*wikicities.City{munich, bordeaux} {
			if err := db.Cities().CreateCity(ctx, c); err != nil {
				t.Fatal(err)
			}
		}
		muc := addCommunity(t, db, munich.ID, "WikiMUC", "", "active")
		bx := addCommunity(t, db, bordeaux.ID, "Wikimedia Community of Bordeaux Region", "", "active")
		rows := []wikicities.TwinningRow{
			{City: "Munich", Country: "Germany", Group: "WikiMUC User Group", TwinCity: "Bordeaux", TwinCountry: "France", TwinGroup: "Wikimedians of Bordeaux", Line: 7},
		}
		rep, err := importer.ImportTwinning(ctx, db, rows, importer.TwinningImport[*store.Tx]{Source: "x", Groups: store.DirectoryGroups{}})
		if err != nil {
			t.Fatal(err)
		}
		want := []string{
			fmt.Sprintf(`line 7: group "WikiMUC User Group" in city "Munich, Germany" is community %d (WikiMUC) of the directory (the same name without case, accents and affixes (wikimuc))`, muc),
			fmt.Sprintf(`line 7: group "Wikimedians of Bordeaux" in city "Bordeaux, France" may be community %d (Wikimedia Community of Bordeaux Region) of the directory (shared words); not merged: check it, and give the community the group's Meta page to confirm`, bx),
		}
		if strings.Join(rep.Groups, "\n") != strings.Join(want, "\n") {
			t.Errorf("groups:\n%s\nwant:\n%s", strings.Join(rep.Groups, "\n"), strings.Join(want, "\n"))
		}
		var n int
		db.QueryRow(ctx, `SELECT COUNT(*) FROM communities`).Scan(&n)
		if n != 2 {
			t.Errorf("%d communities after the import, want the 2 there were", n)
		}
	})
}
