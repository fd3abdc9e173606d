package affiliates_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/importer/affiliates"
	"github.com/wikicities/wikicities/importer/affiliates/affiliatestest"
	"github.com/wikicities/wikicities/importer/sparql"
	"github.com/wikicities/wikicities/mediawiki"
)

func source(t *testing.T, a *affiliatestest.Answers) affiliates.Source {
	t.Helper()
	api, endpoint := affiliatestest.Serve(t, a)
	wiki, err := mediawiki.New(api)
	if err != nil {
		t.Fatal(err)
	}
	return affiliates.Source{Wiki: wiki, SPARQL: &sparql.Client{Endpoint: endpoint, MaxAttempts: 1}}
}

func byName(affs []wikicities.Affiliate) map[string]wikicities.Affiliate {
	m := map[string]wikicities.Affiliate{}
	for _, a := range affs {
		m[a.Name] = a
	}
	return m
}

func TestReadMergesMetaListsAndWikidata(t *testing.T) {
	lists, err := source(t, affiliatestest.Recorded(t)).Read(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	got := byName(lists.Affiliates)
	for _, tc := range []struct {
		name string
		want wikicities.Affiliate
	}{
		{"Wikimedia Deutschland", wikicities.Affiliate{Kind: wikicities.KindChapter, QID: "Q8288", MetaPage: "Wikimedia Deutschland",
			Website: "https://www.wikimedia.de", Country: "Germany", City: "Berlin", CityQID: "Q64", Inception: "2004-06-13"}},
		{"Wikimédia France", wikicities.Affiliate{Kind: wikicities.KindChapter, QID: "Q8423370", MetaPage: "Wikimédia France",
			Website: "https://www.wikimedia.fr", Country: "France", City: "Paris", CityQID: "Q90", Inception: "2004-10-23"}},
		{"Վիքիմեդիա Հայաստան", wikicities.Affiliate{Kind: wikicities.KindChapter, MetaPage: "Wikimedia Armenia",
			Website: "https://wikimedia.am", Country: "Armenia", Inception: "2013-03-26"}},
		{"Wikimedia New York City", wikicities.Affiliate{Kind: wikicities.KindChapter, MetaPage: "Wikimedia New York City",
			Website: "https://nyc.wikimedia.org", Country: "United States", City: "New York City", Inception: "2009-01-12"}},
		{"香港維基媒體協會 / Wikimedia Hong Kong", wikicities.Affiliate{Kind: wikicities.KindChapter, QID: "Q15633582", MetaPage: "Wikimedia Hong Kong",
			Website: "https://wikimedia.hk", Country: "Hong Kong", Inception: "2008", Dissolved: "2017-06-30"}},
		{"Wikimedia Philippines", wikicities.Affiliate{Kind: wikicities.KindChapter, MetaPage: "Wikimedia Philippines",
			Website: "https://wikimedia.org.ph", Country: "Philippines", Inception: "2010", Dissolved: "2017"}},
		{"Amical Wikimedia", wikicities.Affiliate{Kind: wikicities.KindThematic, MetaPage: "Amical Wikimedia",
			Website: "https://www.wikimedia.cat", Inception: "2013-04-15"}},
		{"Munich User Group", wikicities.Affiliate{Kind: wikicities.KindUserGroup, MetaPage: "WikiMUC",
			Website: "https://wikimuc.de", Country: "Germany", City: "Munich", Inception: "2014-02-02"}},
		{"Egypt Wikimedians User Group", wikicities.Affiliate{Kind: wikicities.KindUserGroup, MetaPage: "Egypt Wikimedians User Group",
			Country: "Egypt", Inception: "2013-01-27"}},
		{"Wikimedians of Vorarlberg", wikicities.Affiliate{Kind: wikicities.KindUserGroup, MetaPage: "Wikimedians of Vorarlberg",
			Country: "Austria", City: "Vorarlberg", Inception: "2015-05-01", Dissolved: "2020-06-30"}},
		{"Wikimedians of Kerala", wikicities.Affiliate{Kind: wikicities.KindUserGroup, QID: "Q18290000", MetaPage: "Wikimedians of Kerala",
			Country: "India", City: "Kochi", CityQID: "Q1800"}},
	} {
		a, ok := got[tc.name]
		if !ok {
			t.Errorf("%s: not read; read %d: %v", tc.name, len(got), lists.Affiliates)
			continue
		}
		a.Sources, a.Place, a.Name = nil, "", ""
		if !reflect.DeepEqual(a, tc.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", tc.name, a, tc.want)
		}
	}
	if de := got["Wikimedia Deutschland"]; strings.Join(de.Sources, ",") != "meta,wikidata" || de.Place != "Wikimedia chapters:11; wikidata:Q8288" {
		t.Errorf("Wikimedia Deutschland: sources %v, place %q", de.Sources, de.Place)
	}
	if n := len(lists.Affiliates); n != 14 {
		t.Errorf("%d affiliates, want 14 (13 of the lists, 1 of Wikidata only)", n)
	}
	var reasons []string
	for _, r := range lists.Rejected {
		reasons = append(reasons, r.Place+": "+r.Reason)
	}
	want := []string{"Wikimedia chapters:21: no affiliate name in the name column", "wikidata:6: Q99999999 has no English label"}
	if strings.Join(reasons, "\n") != strings.Join(want, "\n") {
		t.Errorf("rejected:\n%s\nwant\n%s", strings.Join(reasons, "\n"), strings.Join(want, "\n"))
	}
	wantProv := "meta:Wikimedia chapters@27411234; meta:Wikimedia thematic organizations@27399001; meta:Wikimedia user groups@27420077; wikidata query " + affiliates.QueryID
	if lists.Provenance != wantProv {
		t.Errorf("provenance %q, want %q", lists.Provenance, wantProv)
	}
}

func TestReadRefusesAMissingListPage(t *testing.T) {
	a := affiliatestest.Recorded(t)
	delete(a.Pages, "Wikimedia user groups")
	_, err := source(t, a).Read(context.Background())
	if !errors.Is(err, wikicities.ErrNotFound) || !strings.Contains(err.Error(), `"Wikimedia user groups"`) {
		t.Fatalf("err = %v, want not found naming the page", err)
	}
}

func TestReadRefusesAnEmptyQueryAnswer(t *testing.T) {
	a := affiliatestest.Recorded(t)
	a.Set("", []byte(`{"head":{"vars":["item","itemLabel","classLabel"]},"results":{"bindings":[]}}`))
	_, err := source(t, a).Read(context.Background())
	if !errors.Is(err, sparql.ErrMalformed) {
		t.Fatalf("err = %v, want ErrMalformed", err)
	}
}

func TestReadWikidataRejectsAnswersOfAnotherQuery(t *testing.T) {
	_, _, err := affiliates.ReadWikidata(strings.NewReader(`{"head":{"vars":["city","twin"]},"results":{"bindings":[]}}`), "x")
	if !errors.Is(err, sparql.ErrMalformed) || !strings.Contains(err.Error(), `lacks "item"`) {
		t.Fatalf("err = %v", err)
	}
}
