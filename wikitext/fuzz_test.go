package wikitext_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wikicities/wikicities/wikitext"
)

// FuzzParse: no input makes the reader panic, and what it reads is well
// formed: spans at least 1, every grid slot points at a cell of the table.
// Seeds: the corpus of testdata/tables and testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/tables/*.wiki")
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	f.Fuzz(func(t *testing.T, src string) {
		tables, err := wikitext.Parse(src)
		if err != nil {
			if _, ok := err.(*wikitext.SyntaxError); !ok {
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		var check func(tb *wikitext.Table)
		check = func(tb *wikitext.Table) {
			cells := map[*wikitext.Cell]bool{}
			for _, r := range tb.Rows {
				if len(r.Cells) == 0 {
					t.Fatal("a row without cells")
				}
				for _, c := range r.Cells {
					if c.Rowspan < 1 || c.Colspan < 1 {
						t.Fatalf("span %dx%d", c.Rowspan, c.Colspan)
					}
					cells[c] = true
					for _, n := range c.Tables {
						check(n)
					}
				}
			}
			if len(tb.Grid) != len(tb.Rows) {
				t.Fatalf("grid has %d rows, table %d", len(tb.Grid), len(tb.Rows))
			}
			for _, row := range tb.Grid {
				for _, c := range row {
					if c != nil && !cells[c] {
						t.Fatal("a grid slot points outside the table")
					}
				}
			}
			if tb.Start > tb.End || tb.End > len(src) {
				t.Fatalf("table offsets %d..%d outside the %d-byte source", tb.Start, tb.End, len(src))
			}
		}
		for _, tb := range tables {
			check(tb)
		}
	})
}

// FuzzWriteRoundTrip: any text written into a cell reads back as
// NormalizeText of it, alone in its cell.
func FuzzWriteRoundTrip(f *testing.F) {
	for _, n := range dangerousNames {
		f.Add(n)
	}
	f.Fuzz(func(t *testing.T, name string) {
		src := wikitext.Write(wikitext.TableData{Rows: [][]wikitext.Text{{{Text: name}, {Text: "after"}}}})
		tables, err := wikitext.Parse(src)
		if err != nil {
			t.Fatalf("Parse(Write(%q)): %v", name, err)
		}
		cells := tables[0].Rows[0].Cells
		if len(cells) != 2 || cells[0].Text != wikitext.NormalizeText(name) || cells[1].Text != "after" {
			t.Fatalf("Write(%q) read back as %+v from %q", name, cells, src)
		}
	})
}

// Pathological megabyte inputs: unclosed and deeply nested markup of every
// kind. A reader quadratic in any of them would take minutes here; each
// must finish (read or refused) in about linear time. No timing is
// asserted: the test timeout is the guard, and -v shows the sizes.
func TestPathologicalInputsFinish(t *testing.T) {
	const mb = 1 << 20
	rep := func(s string) string { return strings.Repeat(s, mb/len(s)) }
	table := func(body string) string { return "{|\n" + body + "\n|}\n" }
	cases := map[string]string{
		"unclosed templates":       rep("{{"),
		"unclosed params":          rep("{{{"),
		"unclosed links":           rep("[["),
		"unclosed links on lines":  rep("[[a\n"),
		"unclosed nowiki":          rep("<nowiki>"),
		"unclosed comments":        rep("<!--"),
		"unclosed refs":            rep("<ref name=x>"),
		"unclosed ext tag openers": rep("<ref"),
		"closers only":             rep("}}]]-->"),
		"nested table openers":     rep("{|\n|\n"),
		"balanced deep templates":  strings.Repeat("{{a|", mb/8) + strings.Repeat("}}", mb/8),
		"balanced deep links":      strings.Repeat("[[a|", mb/8) + strings.Repeat("]]", mb/8),
		"one row of many cells":    table("|" + rep("x||")),
		"many rows":                table(rep("|-\n| a || b\n")),
		"header separators":        table("!" + rep("x!!")),
		"external link openers":    table("| " + rep("[http://x ")),
		"apostrophes":              table("| " + rep("'''''x")),
		"entities":                 table("| " + rep("&amp;&#124;&")),
		"behaviour switches":       table("| " + rep("__NOTOC__ __X")),
		"free urls":                table("| " + rep("http://a ")),
		"html tags":                table("| " + rep("<span <b>")),
		"rowspans":                 table(rep("| rowspan=65534 | x\n|-\n")),
		"colspans":                 table(rep("| colspan=1000 | x\n|-\n")),
		"wide then long":           table("|" + strings.Repeat("x||", mb/8) + "\n" + rep("|-\n| rowspan=9 | y\n")),
		"pipe templates":           table(rep("{{!}}-\n{{!}} a {{!!}} b\n")),
		"multi-line cell":          table("| a\n" + rep("continued line\n")),
		"flags":                    table("| " + rep("{{flagicon|DEU}} ")),
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) {
			tables, err := wikitext.Parse(src)
			t.Logf("%d bytes: %d tables, err %v", len(src), len(tables), err)
		})
	}
}
