package wikitext_test

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/wikitext"
)

// metaStylesRows is what testdata/twinning/meta-styles.wiki says.
var metaStylesRows = []wikicities.TwinningRow{
	{City: "Munich", Country: "Germany", Group: "WMDE", GroupPage: "Wikimedia Deutschland", TwinCity: "Bordeaux", TwinCountry: "France", TwinGroup: "Wikimédia France", TwinGroupPage: "Wikimédia France", Year: 1964, Line: 10},
	{City: "Kraków", Country: "Poland", Group: "Wikimedia Polska", GroupPage: "Wikimedia Polska", TwinCity: "Nuremberg", TwinCountry: "Germany", TwinGroup: "Wikimedia Deutschland", TwinGroupPage: "Wikimedia Deutschland", Year: 1979, Line: 12},
	{City: "Kraków", Country: "Poland", Group: "Wikimedia Polska", GroupPage: "Wikimedia Polska", TwinCity: "Leipzig", TwinCountry: "Germany", Line: 20},
	{City: "São Paulo", Country: "Brazil", Group: "Wiki Movement Brazil User Group", GroupPage: "Wiki Movement Brazil User Group", TwinCity: "Lisbon", TwinCountry: "Portugal", Line: 25},
	{City: "São Paulo", Country: "Brazil", Group: "Wiki Movement Brazil User Group", GroupPage: "Wiki Movement Brazil User Group", TwinCity: "Miami", TwinCountry: "United States", Line: 25},
	{City: "Springfield", TwinCity: "Shelbyville", Line: 35},
	{City: "Bologna", Country: "Italy", Group: "Wikimedia Italia", GroupPage: "Wikimedia Italia", TwinCity: "Valencia", TwinCountry: "Spain", TwinGroup: "Amical Wikimedia", TwinGroupPage: "Amical Wikimedia", Line: 44},
	{City: "Zürich", Country: "Switzerland", Group: "Wikimedia CH", GroupPage: "Wikimedia CH", TwinCity: "Kyoto", TwinCountry: "Japan", Line: 46},
}

func TestTwinningRowsOfAHandWrittenMetaPage(t *testing.T) {
	src, err := os.ReadFile("testdata/twinning/meta-styles.wiki")
	if err != nil {
		t.Fatal(err)
	}
	tables, err := wikitext.Parse(string(src))
	if err != nil {
		t.Fatal(err)
	}
	rows, rejected, err := wikitext.TwinningRows(tables)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(rows, metaStylesRows) {
		for i := range max(len(rows), len(metaStylesRows)) {
			var got, want wikicities.TwinningRow
			if i < len(rows) {
				got = rows[i]
			}
			if i < len(metaStylesRows) {
				want = metaStylesRows[i]
			}
			if got != want {
				t.Errorf("row %d:\n got %+v\nwant %+v", i, got, want)
			}
		}
	}
	wantRejected := []wikicities.RejectedRow{{Line: 37, Reason: "no city"}}
	if !reflect.DeepEqual(rejected, wantRejected) {
		t.Errorf("rejected = %+v, want %+v", rejected, wantRejected)
	}
}

func TestTwinningHeadersAreMatchedCaseInsensitivelyInSeveralVariants(t *testing.T) {
	for _, header := range []string{
		"! City !! Active group !! Twin city !! Active group",
		"! CITY !! Community !! Twinned with !! Community",
		"! Town: !! User group !! Sister city !! User group",
		"! City !! Group !! City !! Group",
		"! Municipality !! Affiliate !! Partner city !! Affiliate",
	} {
		src := "{|\n" + header + "\n|-\n| A || G1 || B || G2\n|}"
		tables, err := wikitext.Parse(src)
		if err != nil {
			t.Fatal(err)
		}
		rows, _, err := wikitext.TwinningRows(tables)
		if err != nil {
			t.Errorf("%s: %v", header, err)
			continue
		}
		want := wikicities.TwinningRow{City: "A", Group: "G1", TwinCity: "B", TwinGroup: "G2", Line: 4}
		if len(rows) != 1 || rows[0] != want {
			t.Errorf("%s: rows = %+v, want %+v", header, rows, want)
		}
	}
}

func TestTwinningRowsRejectsACityCellNamingSeveralCities(t *testing.T) {
	tables, err := wikitext.Parse("{|\n! City !! Twin city\n|-\n| A<br>B || C\n|}")
	if err != nil {
		t.Fatal(err)
	}
	rows, rejected, err := wikitext.TwinningRows(tables)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 0 || len(rejected) != 1 || rejected[0].Line != 4 || !strings.Contains(rejected[0].Reason, "2 places") {
		t.Errorf("rows %+v, rejected %+v", rows, rejected)
	}
}

func TestTwinningRowsWithoutATwinningTableIsAnError(t *testing.T) {
	tables, err := wikitext.Parse("{|\n! Event !! Date\n|-\n| Wikimania || 2026\n|}")
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = wikitext.TwinningRows(tables)
	if err == nil || !strings.Contains(err.Error(), "Event | Date") {
		t.Errorf("err = %v, want one naming the headers seen", err)
	}
}

// The twinning index the writer produces is read back as the rows it was
// written from.
func TestTwinningIndexReadsBackAsItsRows(t *testing.T) {
	rows := []wikicities.TwinningRow{
		{City: "Munich", Country: "Germany", Group: "WMDE", GroupPage: "Wikimedia Deutschland", TwinCity: "Bordeaux", TwinCountry: "France"},
		{City: "Pipe | City", Country: "Germany", TwinCity: "[[Evil]] {{t}}", TwinCountry: "Poland", TwinGroup: "'''G'''", TwinGroupPage: "G page"},
		// Names that begin or end with a separator the writer escapes: the
		// reader took the escaped | for punctuation left by markup and
		// dropped it ("|}{{evil}}" came back as "}{{evil}}").
		{City: "|}{{evil}}", Country: "Germany", TwinCity: "Tail |", TwinCountry: "France"},
		{City: ":colon", Country: "Germany", TwinCity: "|both|", TwinCountry: "France"},
	}
	tables, err := wikitext.Parse(wikitext.Write(wikitext.TwinningIndex("Index", rows)))
	if err != nil {
		t.Fatal(err)
	}
	got, rejected, err := wikitext.TwinningRows(tables)
	if err != nil || len(rejected) > 0 {
		t.Fatal(err, rejected)
	}
	for i := range got {
		got[i].Line = 0
	}
	if !reflect.DeepEqual(got, rows) {
		t.Errorf("read back\n%+v\nwant\n%+v", got, rows)
	}
}
