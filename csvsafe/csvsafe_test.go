package csvsafe_test

import (
	"encoding/csv"
	"strings"
	"testing"

	"github.com/wikicities/wikicities/csvsafe"
)

func TestCellNeutralisesFormulaTriggers(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Dresden", "Dresden"},
		{"", ""},
		{"=HYPERLINK(\"http://evil\",\"x\")", "'=HYPERLINK(\"http://evil\",\"x\")"},
		{"+1+1", "'+1+1"},
		{"-2+3", "'-2+3"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\t=1", "'\t=1"},
		{"\r=1", "'\r=1"},
		{"a=1", "a=1"},
		{"'quoted", "'quoted"},
		{"Saint-Étienne", "Saint-Étienne"},
	}
	for _, c := range cases {
		if got := csvsafe.Cell(c.in); got != c.want {
			t.Errorf("Cell(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// What a spreadsheet reads back from the file is the neutralised text, with
// commas, quotes and newlines in names intact.
func TestWriterRoundTripsThroughACSVReader(t *testing.T) {
	var b strings.Builder
	w := csvsafe.NewWriter(&b)
	rows := [][]string{
		{"name", "note"},
		{"=cmd|' /C calc'!A0", "line one\nline \"two\", three"},
	}
	for _, r := range rows {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.WriteRaw([]string{"-12.5", "@raw"}); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	got, err := csv.NewReader(strings.NewReader(b.String())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"name", "note"},
		{"'=cmd|' /C calc'!A0", "line one\nline \"two\", three"},
		{"-12.5", "@raw"},
	}
	if len(got) != len(want) {
		t.Fatalf("read %d rows, want %d: %q", len(got), len(want), got)
	}
	for i := range want {
		for j := range want[i] {
			if got[i][j] != want[i][j] {
				t.Errorf("row %d cell %d = %q, want %q", i, j, got[i][j], want[i][j])
			}
		}
	}
}

// FuzzCell: no neutralised cell begins with a trigger, and removing the
// added quote gives the input back.
func FuzzCell(f *testing.F) {
	for _, s := range []string{"=1+1", "plain", "", "\t", "-"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := csvsafe.Cell(s)
		if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
			t.Fatalf("Cell(%q) = %q still begins with a trigger", s, c)
		}
		if c != s && c != "'"+s {
			t.Fatalf("Cell(%q) = %q changed more than a leading quote", s, c)
		}
	})
}
