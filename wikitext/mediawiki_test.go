package wikitext_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wikicities/wikicities/mediawiki"
	"github.com/wikicities/wikicities/mediawiki/wikitest"
	"github.com/wikicities/wikicities/wikitext"
)

// These tests hold the reader and the writer against MediaWiki itself: the
// private wiki of scripts/mediawiki.sh renders the wikitext with its own
// parser (action=parse) and the HTML's tables must say what Parse says.

func parseWithMediaWiki(t *testing.T, c *mediawiki.Client, src string) []*wikitest.HTMLTable {
	t.Helper()
	out, err := c.ParseWikitext(context.Background(), "WikiCities test", src)
	if err != nil {
		t.Fatal(err)
	}
	tables, err := wikitest.HTMLTables(out)
	if err != nil {
		t.Fatal(err)
	}
	return tables
}

// compareTables reports where MediaWiki's reading of a table and Parse's
// differ: captions, row count, and per row the cells' kinds and texts.
func compareTables(mw *wikitest.HTMLTable, t *wikitext.Table) []string {
	var diffs []string
	caption := ""
	if t.Caption != nil {
		caption = t.Caption.Text
	}
	if mw.Caption != caption {
		diffs = append(diffs, fmt.Sprintf("caption: MediaWiki %q, Parse %q", mw.Caption, caption))
	}
	if len(mw.Rows) != len(t.Rows) {
		return append(diffs, fmt.Sprintf("MediaWiki has %d rows, Parse %d", len(mw.Rows), len(t.Rows)))
	}
	var nested []*wikitext.Table
	for r, row := range t.Rows {
		if len(mw.Rows[r]) != len(row.Cells) {
			diffs = append(diffs, fmt.Sprintf("row %d: MediaWiki has %d cells %+v, Parse %d", r+1, len(mw.Rows[r]), mw.Rows[r], len(row.Cells)))
			continue
		}
		for c, cell := range row.Cells {
			m := mw.Rows[r][c]
			if m.Header != cell.Header || m.Text != cell.Text {
				diffs = append(diffs, fmt.Sprintf("row %d cell %d: MediaWiki %+v, Parse header=%v %q", r+1, c+1, m, cell.Header, cell.Text))
			}
			nested = append(nested, cell.Tables...)
		}
	}
	if len(nested) != len(mw.Nested) {
		return append(diffs, fmt.Sprintf("MediaWiki has %d nested tables, Parse %d", len(mw.Nested), len(nested)))
	}
	for i := range nested {
		diffs = append(diffs, compareTables(mw.Nested[i], nested[i])...)
	}
	return diffs
}

func TestReaderAgreesWithMediaWiki(t *testing.T) {
	w := wikitest.Require(t)
	c, err := mediawiki.New(w.API)
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("testdata/tables/mw-*.wiki")
	if len(files) == 0 {
		t.Fatal("no mw-* corpus")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			ours, err := wikitext.Parse(string(src))
			if err != nil {
				t.Fatal(err)
			}
			theirs := parseWithMediaWiki(t, c, string(src))
			if len(theirs) != len(ours) {
				t.Fatalf("MediaWiki renders %d tables, Parse reads %d", len(theirs), len(ours))
			}
			for i := range ours {
				for _, d := range compareTables(theirs[i], ours[i]) {
					t.Error(d)
				}
			}
		})
	}
}

// dangerousNames holds a name for every kind of markup a name could inject.
var dangerousNames = []string{
	"Pipe | in || name", "Bang ! and !! bangs", "{{Template}} and {{!}}", "}} closing", "[[Link]] and [[a|b]]",
	"]] closing", "<b>tag</b> <script>x</script>", "<nowiki>", "<!-- comment", "__NOTOC__", "__TOC__ x __NOEDITSECTION__",
	"~~~~", "~~~ and ~~~~~", "-leading dash", "+leading plus", "*list", "#numbered", ":indent", ";term", "{|table start",
	"|}table end", "=heading=", "== Heading ==", "line\nbreak", "two\n\nparagraphs", "&amp; &lt; &#124; entity",
	"'''bold''' ''italic''", "L'Aquila", "[http://example.org external]", "http://example.org/free", "ISBN 978-3-16-148410-0",
	"RFC 1234", "PMID 12345", "-{zh}-", "----", "&", "Saint-Étienne", "São Paulo", "Zürich", "'''''", "a_b__c", "{{{1}}}",
}

// TestWrittenNamesRenderAsPlainTextInMediaWiki writes a table of every
// dangerous name and has MediaWiki render it: the table keeps its shape,
// each cell shows exactly the name (white space normalised), and no markup
// came through (no link, bold, list, heading, preformatted text).
func TestWrittenNamesRenderAsPlainTextInMediaWiki(t *testing.T) {
	w := wikitest.Require(t)
	c, err := mediawiki.New(w.API)
	if err != nil {
		t.Fatal(err)
	}
	data := wikitext.TableData{Caption: "Caption with | and [[x]]", Header: []string{"Name", "Linked"}}
	for _, n := range dangerousNames {
		data.Rows = append(data.Rows, []wikitext.Text{{Text: n}, {Text: n, Link: "Wikimedia Deutschland"}})
	}
	src := wikitext.Write(data)
	out, err := c.ParseWikitext(context.Background(), "WikiCities test", src)
	if err != nil {
		t.Fatal(err)
	}
	for _, tag := range []string{"<b>", "<i>", "<ul>", "<ol>", "<dl>", "<pre>", "<h2", "<hr", "<script", `class="external`, "mw-magiclink", `id="toc"`, `class="toc"`} {
		if strings.Contains(out, tag) {
			t.Errorf("MediaWiki's HTML has %q: markup got through\n%s", tag, out)
		}
	}
	if n := strings.Count(out, "<a "); n != len(dangerousNames) {
		t.Errorf("MediaWiki's HTML has %d links, want the %d written", n, len(dangerousNames))
	}
	tables, err := wikitest.HTMLTables(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(tables) != 1 || len(tables[0].Nested) != 0 {
		t.Fatalf("MediaWiki renders %d tables, want 1", len(tables))
	}
	mw := tables[0]
	if mw.Caption != wikitext.NormalizeText(data.Caption) {
		t.Errorf("caption %q", mw.Caption)
	}
	if len(mw.Rows) != len(dangerousNames)+1 {
		t.Fatalf("MediaWiki renders %d rows, want %d", len(mw.Rows), len(dangerousNames)+1)
	}
	for i, n := range dangerousNames {
		row := mw.Rows[i+1]
		want := wikitext.NormalizeText(n)
		if len(row) != 2 || row[0].Text != want || row[1].Text != want || row[0].Header {
			t.Errorf("name %q rendered as %+v, want %q twice", n, row, want)
		}
	}
	// And the reader reads the same table back.
	ours, err := wikitext.Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range compareTables(mw, ours[0]) {
		t.Error(d)
	}
}

// Random names built from every dangerous piece render in MediaWiki exactly
// as NormalizeText says, one cell each.
func TestRandomNamesRenderAsWrittenInMediaWiki(t *testing.T) {
	w := wikitest.Require(t)
	c, err := mediawiki.New(w.API)
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(2026, 11))
	data := wikitext.TableData{Header: []string{"Name"}}
	for range 400 {
		data.Rows = append(data.Rows, []wikitext.Text{{Text: randomName(r)}})
	}
	tables := parseWithMediaWiki(t, c, wikitext.Write(data))
	if len(tables) != 1 || len(tables[0].Rows) != len(data.Rows)+1 {
		t.Fatalf("MediaWiki renders %d tables, want 1 with %d rows", len(tables), len(data.Rows)+1)
	}
	for i, row := range data.Rows {
		got := tables[0].Rows[i+1]
		if want := wikitext.NormalizeText(row[0].Text); len(got) != 1 || got[0].Text != want {
			t.Errorf("name %q rendered as %+v, want %q", row[0].Text, got, want)
		}
	}
}
