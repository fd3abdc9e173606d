package twincheck_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/twincheck"
)

func fixture() ([]*wikicities.City, []twincheck.Statement) {
	cities := []*wikicities.City{
		{ID: 1, Name: "Augsburg", Country: "Germany", QID: "Q2749"},
		{ID: 2, Name: "Dayton", Country: "United States", QID: "Q34739"},
		{ID: 3, Name: "Inverness", Country: "United Kingdom", QID: "Q160493"},
		{ID: 4, Name: "Boston", Country: "England"},
		{ID: 5, Name: "Boston", Country: "United States", QID: "Q100"},
		{ID: 6, Name: "Xiamen", Country: "China", QID: "Q11725"},
		{ID: 7, Name: "Bourges", Country: "France", QID: "Q132404"},
		{ID: 8, Name: "=HYPERLINK(\"x\")", Country: "Nowhere"},
	}
	st := []twincheck.Statement{
		// Augsburg–Dayton: Wikidata on both items and the CSV: fine.
		{A: 1, B: 2, Source: wikicities.SourceWikidata, StatedBy: 1},
		{A: 1, B: 2, Source: wikicities.SourceWikidata, StatedBy: 2},
		{A: 1, B: 2, Source: wikicities.SourceCSV},
		// Augsburg–Inverness: Wikidata on Augsburg's item only, and the CSV.
		{A: 1, B: 3, Source: wikicities.SourceWikidata, StatedBy: 1},
		{A: 1, B: 3, Source: wikicities.SourceCSV},
		// Boston (England)–Xiamen in the CSV, Boston (US)–Xiamen in Wikidata, both sides.
		{A: 4, B: 6, Source: wikicities.SourceCSV},
		{A: 5, B: 6, Source: wikicities.SourceWikidata, StatedBy: 5},
		{A: 5, B: 6, Source: wikicities.SourceWikidata, StatedBy: 6},
		// Augsburg–Bourges: a wiki page only.
		{A: 1, B: 7, Source: wikicities.SourceWikitext},
		// Inverness–Bourges: Wikidata only, both sides.
		{A: 3, B: 7, Source: wikicities.SourceWikidata, StatedBy: 3},
		{A: 3, B: 7, Source: wikicities.SourceWikidata, StatedBy: 7},
		{A: 7, B: 8, Source: wikicities.SourceCSV},
	}
	return cities, st
}

func TestCheckFindsEachKindOfDoubt(t *testing.T) {
	cities, st := fixture()
	r := twincheck.Check(cities, st)
	var got []string
	for _, f := range r.Findings {
		got = append(got, string(f.Kind)+": "+f.A.Name+" – "+f.B.Name+": "+f.Action)
	}
	want := []string{
		"one_sided: Augsburg – Inverness: add P190 Q2749 to Q160493 (the reverse of Q2749's statement)",
		"not_in_wikidata: Boston – Xiamen: find the items of Boston, England and Xiamen, China, then add P190 on both",
		"not_in_wikidata: Augsburg – Bourges: add P190 Q132404 to Q2749 and P190 Q2749 to Q132404, with a reference",
		`not_in_wikidata: Bourges – =HYPERLINK("x"): find the items of Bourges, France and =HYPERLINK("x"), Nowhere, then add P190 on both`,
		"only_in_wikidata: Boston – Xiamen: check the statements against a source (no other list has this link)",
		"only_in_wikidata: Inverness – Bourges: check the statements against a source (no other list has this link)",
		"contradiction: Boston – Xiamen: wikidata places it as Boston, United States – Xiamen, China, csv as Boston, England – Xiamen, China: check which countries are right",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if r.Links != 7 || r.Counts[twincheck.OneSided] != 1 || r.Counts[twincheck.Contradiction] != 1 {
		t.Errorf("links %d counts %v", r.Links, r.Counts)
	}
}

func TestWorklistsEscapeNames(t *testing.T) {
	cities, st := fixture()
	fs := twincheck.Check(cities, st).Filter(twincheck.NotInWikidata)
	var b bytes.Buffer
	if err := twincheck.WriteCSV(&b, fs); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `"'=HYPERLINK(""x"")"`) || !strings.HasPrefix(b.String(), "kind,city,country,qid,twin,") {
		t.Errorf("CSV:\n%s", b.String())
	}
	w := twincheck.Wikitext("Twin links to add to Wikidata", fs)
	for _, want := range []string{"|+ Twin links to add to Wikidata", "| [[:d:Q2749|Augsburg, Germany]]", "! What to do"} {
		if !strings.Contains(w, want) {
			t.Errorf("wikitext lacks %q:\n%s", want, w)
		}
	}
	if strings.Contains(w, "[[:d:|") || strings.Count(w, "|-") != len(fs)+1 {
		t.Errorf("wikitext rows:\n%s", w)
	}
}
