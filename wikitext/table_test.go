package wikitext_test

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/wikicities/wikicities/wikitext"
)

var update = flag.Bool("update", false, "rewrite the .golden files of testdata/tables")

// dump renders parsed tables (or the error) as the readable text kept in
// testdata/tables/*.golden.
func dump(tables []*wikitext.Table, err error) string {
	var b strings.Builder
	if err != nil {
		fmt.Fprintf(&b, "error: %v\n", err)
		return b.String()
	}
	var table func(t *wikitext.Table, indent string)
	cell := func(c *wikitext.Cell, indent string) {
		kind := "td"
		if c.Header {
			kind = "th"
		}
		fmt.Fprintf(&b, "%s%s line %d %q", indent, kind, c.Line, c.Text)
		if c.Rowspan > 1 || c.Colspan > 1 {
			fmt.Fprintf(&b, " span %dx%d", c.Rowspan, c.Colspan)
		}
		if len(c.Attrs) > 0 {
			fmt.Fprintf(&b, " attrs %s", attrs(c.Attrs))
		}
		for _, l := range c.Links {
			ext := ""
			if l.External {
				ext = " external"
			}
			fmt.Fprintf(&b, "\n%s  link%s %q -> %q (line %d)", indent, ext, l.Text, l.Target, l.Line)
		}
		for _, f := range c.Flags {
			fmt.Fprintf(&b, "\n%s  flag %q (line %d)", indent, f.Country, f.Line)
		}
		b.WriteByte('\n')
		for _, n := range c.Tables {
			table(n, indent+"    ")
		}
	}
	table = func(t *wikitext.Table, indent string) {
		fmt.Fprintf(&b, "%stable line %d", indent, t.Line)
		if len(t.Attrs) > 0 {
			fmt.Fprintf(&b, " attrs %s", attrs(t.Attrs))
		}
		b.WriteByte('\n')
		if t.Caption != nil {
			fmt.Fprintf(&b, "%s  caption %q\n", indent, t.Caption.Text)
		}
		for _, r := range t.Rows {
			fmt.Fprintf(&b, "%s  row line %d", indent, r.Line)
			if len(r.Attrs) > 0 {
				fmt.Fprintf(&b, " attrs %s", attrs(r.Attrs))
			}
			b.WriteByte('\n')
			for _, c := range r.Cells {
				cell(c, indent+"    ")
			}
		}
		fmt.Fprintf(&b, "%s  grid\n", indent)
		for _, row := range t.Grid {
			var texts []string
			for _, c := range row {
				if c == nil {
					texts = append(texts, "<none>")
				} else {
					texts = append(texts, fmt.Sprintf("%q", c.Text))
				}
			}
			fmt.Fprintf(&b, "%s    %s\n", indent, strings.Join(texts, " | "))
		}
	}
	for _, t := range tables {
		table(t, "")
	}
	return b.String()
}

func attrs(m map[string]string) string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	var parts []string
	for _, k := range ks {
		parts = append(parts, fmt.Sprintf("%s=%q", k, m[k]))
	}
	return strings.Join(parts, " ")
}

// The corpus: MediaWiki's Help:Tables cases (mw-*), the templates and
// flags WikiCities understands (wc-*) and tables it must refuse (err-*),
// each with the expected reading in a .golden file. The mw-* cases are also
// checked against MediaWiki's own parser in TestReaderAgreesWithMediaWiki.
func TestCorpus(t *testing.T) {
	files, err := filepath.Glob("testdata/tables/*.wiki")
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus: %v", err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".wiki")
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			tables, err := wikitext.Parse(string(src))
			if strings.HasPrefix(name, "err-") != (err != nil) {
				t.Errorf("Parse error = %v, want an error only for err-* cases", err)
			}
			got := dump(tables, err)
			golden := strings.TrimSuffix(f, ".wiki") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("reading of %s changed:\n--- got\n%s--- want\n%s", f, got, want)
			}
		})
	}
}

func TestSyntaxErrorsNameTheLine(t *testing.T) {
	for _, tc := range []struct {
		src  string
		line int
		msg  string
	}{
		{"{| class=x\n| a\n", 1, "not closed"},
		{"intro\n\n{|\n| a\n|}\n{|\n|-\n| b\n", 6, "not closed"},
		{"text\n|-\n", 2, "outside a table"},
		{"{|\n| a\n|}\n|}\n", 4, "outside a table"},
		{"{|\n| a\n|}\n|+ caption\n", 4, "outside a table"},
		{"{|\n|-\n{|\n| x\n|}\n|}\n", 3, "nested table must be inside a cell"},
		{"{|\n| a {{template\n|with=lines}}\n{|\n| b\n", 4, "not closed"},
		// A file saved in Latin-1: its names would be garbled.
		{"{|\n! City !! Twin city\n|-\n| M\xfcnchen || Verona\n|}\n", 4, "not UTF-8"},
	} {
		_, err := wikitext.Parse(tc.src)
		var se *wikitext.SyntaxError
		if !errors.As(err, &se) || se.Line != tc.line || !strings.Contains(se.Msg, tc.msg) {
			t.Errorf("Parse(%q) = %v, want a syntax error on line %d saying %q", tc.src, err, tc.line, tc.msg)
		}
	}
}

// A byte-order mark, as editors on Windows save it, does not hide the
// first table (it read as text before "{|", and the table's rows as
// table syntax outside any table).
func TestByteOrderMarkIsReadPast(t *testing.T) {
	tables, err := wikitext.Parse("\uFEFF{| class=\"wikitable\"\r\n! City !! Twin city\r\n|-\r\n| Augsburg || Bourges\r\n|}\r\n")
	if err != nil || len(tables) != 1 {
		t.Fatalf("%d tables, %v", len(tables), err)
	}
	if got := tables[0].Grid[1][0].Text; got != "Augsburg" {
		t.Errorf("first cell %q", got)
	}
}

func TestPipesInsideOpaqueMarkupSeparateNothing(t *testing.T) {
	src := "{|\n| [[a|b]] || {{t|x|y}} || <nowiki>|</nowiki> || <!-- | --> c || d\n|}"
	tables, err := wikitext.Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range tables[0].Rows[0].Cells {
		got = append(got, c.Text)
	}
	want := []string{"b", "", "|", "c", "d"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("cells = %q, want %q", got, want)
	}
}

func TestTemplatesSpanningLinesDoNotStartCells(t *testing.T) {
	src := "{|\n| {{flag\n|Germany\n}} Berlin\n| second\n|}"
	tables, err := wikitext.Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	cells := tables[0].Rows[0].Cells
	if len(cells) != 2 || cells[0].Text != "Germany Berlin" || cells[1].Text != "second" {
		t.Fatalf("cells = %+v", cells)
	}
}

func TestCountryName(t *testing.T) {
	for in, want := range map[string]string{
		"DEU": "Germany", "DE": "Germany", "GER": "Germany", "FRA": "France", "USA": "United States",
		"UK": "United Kingdom", "SCO": "Scotland", "Germany": "Germany", " Poland ": "Poland", "XYZ": "XYZ",
	} {
		if got := wikitext.CountryName(in); got != want {
			t.Errorf("CountryName(%q) = %q, want %q", in, got, want)
		}
	}
}
