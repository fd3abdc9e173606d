package wikitext_test

import (
	"math/rand/v2"
	"strings"
	"testing"
	"testing/quick"

	"github.com/wikicities/wikicities/wikitext"
)

// pieces are the fragments random names are built from: every character
// and sequence with a meaning in wikitext, and ordinary text.
var pieces = []string{
	"|", "||", "!", "!!", "{", "}", "{{", "}}", "[", "]", "[[", "]]", "{|", "|}", "|-", "|+", "<", ">", "<nowiki>",
	"</nowiki>", "<!--", "-->", "<br>", "<ref>", "__NOTOC__", "__", "_", "~~~~", "~", "-", "+", "*", "#", ":", ";", "=",
	"\n", "\r", "\t", " ", "  ", "&", "&amp;", "&#124;", "&lt;", "'", "''", "'''", "[http://x.org y]", "https://e.org",
	"ISBN 123", "RFC 1", "PMID 2", "{{!}}", "-{", "}-", "\u00a0", "\x00", "\x1b", "a", "Zürich", "São", "東京", "é",
}

func randomName(r *rand.Rand) string {
	var b strings.Builder
	for n := r.IntN(8); n >= 0; n-- {
		b.WriteString(pieces[r.IntN(len(pieces))])
	}
	return b.String()
}

// Write then Parse gives back every name, whatever it holds (white space
// normalised as a reader sees it), in the right cell, with the table's
// shape intact.
func TestWriteThenParseGivesTheSameData(t *testing.T) {
	check := func(seed uint64) bool {
		r := rand.New(rand.NewPCG(seed, seed^0x9e3779b9))
		data := wikitext.TableData{Caption: randomName(r), Header: []string{randomName(r), randomName(r)}}
		for i := r.IntN(5); i >= 0; i-- {
			data.Rows = append(data.Rows, []wikitext.Text{{Text: randomName(r)}, {Text: randomName(r), Link: "Wikimedia Polska"}})
		}
		src := wikitext.Write(data)
		tables, err := wikitext.Parse(src)
		if err != nil || len(tables) != 1 {
			t.Logf("Parse(%q): %d tables, %v", src, len(tables), err)
			return false
		}
		tb := tables[0]
		if tb.Caption == nil && wikitext.NormalizeText(data.Caption) != "" ||
			tb.Caption != nil && tb.Caption.Text != wikitext.NormalizeText(data.Caption) {
			t.Logf("caption %q read as %+v", data.Caption, tb.Caption)
			return false
		}
		if len(tb.Rows) != len(data.Rows)+1 {
			t.Logf("%d rows written, %d read from %q", len(data.Rows)+1, len(tb.Rows), src)
			return false
		}
		for c, h := range data.Header {
			if got := tb.Rows[0].Cells[c]; !got.Header || got.Text != wikitext.NormalizeText(h) {
				t.Logf("header %q read as %q", h, got.Text)
				return false
			}
		}
		for i, row := range data.Rows {
			cells := tb.Rows[i+1].Cells
			if len(cells) != len(row) {
				t.Logf("row %d: %d cells written, %d read", i, len(row), len(cells))
				return false
			}
			for c, w := range row {
				want := wikitext.NormalizeText(w.Text)
				if cells[c].Text != want || cells[c].Header {
					t.Logf("cell %q read as %q from %q", w.Text, cells[c].Text, src)
					return false
				}
				if w.Link != "" && want != "" && (len(cells[c].Links) != 1 || cells[c].Links[0].Target != w.Link) {
					t.Logf("link of %q read as %+v", w.Text, cells[c].Links)
					return false
				}
			}
		}
		return true
	}
	if err := quick.Check(check, &quick.Config{MaxCount: 3000}); err != nil {
		t.Fatal(err)
	}
}

func TestEscapeLeavesOrdinaryNamesReadable(t *testing.T) {
	for in, want := range map[string]string{
		"Munich":                "Munich",
		"São Paulo":             "São Paulo",
		"L'Aquila":              "L'Aquila",
		"Stratford-upon-Avon":   "Stratford-upon-Avon",
		"Saint-Denis (Réunion)": "Saint-Denis (Réunion)",
		"Bread & Butter":        "Bread &#38; Butter",
		"a|b":                   "a&#124;b",
		"-x":                    "&#45;x",
		"__NOTOC__":             "&#95;&#95;NOTOC&#95;&#95;",
		"x\ny":                  "x<br />y",
	} {
		if got := wikitext.Escape(in); got != want {
			t.Errorf("Escape(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWriteRefusesLinkTargetsThatAreMarkup(t *testing.T) {
	for _, target := range []string{"a]]b", "x|y", "{{t}}", "Foo#bar<", "__NOTOC__", "~~~~", " padded", "a\nb"} {
		src := wikitext.Write(wikitext.TableData{Rows: [][]wikitext.Text{{{Text: "name", Link: target}}}})
		if strings.Contains(src, "[[") {
			t.Errorf("target %q written as a link: %q", target, src)
		}
	}
	// Namespaced targets are written with a leading colon: a link, not a
	// category or an embedded file.
	src := wikitext.Write(wikitext.TableData{Rows: [][]wikitext.Text{{{Text: "cats", Link: "Category:Cities"}}}})
	if !strings.Contains(src, "[[:Category:Cities|cats]]") {
		t.Errorf("namespaced link written as %q", src)
	}
}
