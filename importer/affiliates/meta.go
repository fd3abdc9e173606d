// Package affiliates reads the movement's affiliate lists: the tables of
// Meta-Wiki's lists of Wikimedia chapters, thematic organizations and user
// groups (through the MediaWiki API), and Wikidata's items about the
// affiliates (through the query service), and merges them into one list of
// wikicities.Affiliate for store.ImportAffiliates.
package affiliates

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/twins"
	"github.com/wikicities/wikicities/wikitext"
)

// Page is a list page of Meta-Wiki and the kind of affiliate it lists.
type Page struct {
	Title string
	Kind  wikicities.CommunityKind
}

// MetaPages are Meta-Wiki's affiliate lists, as the movement keeps them.
var MetaPages = []Page{
	{"Wikimedia chapters", wikicities.KindChapter},
	{"Wikimedia thematic organizations", wikicities.KindThematic},
	{"Wikimedia user groups", wikicities.KindUserGroup},
}

// Rejected is a row of a list that names no affiliate that can be read.
type Rejected struct {
	Place  string `json:"place"` // "Wikimedia chapters:41"
	Reason string `json:"reason"`
}

// column is what a list's column holds.
type column int

const (
	colOther column = iota
	colName
	colCountry
	colWebsite
	colStatus
	colStart
	colEnd
	colPeriod
	colFocus
)

// headers maps folded header texts of the lists' tables to columns.
var headers = map[string]column{
	"name": colName, "title": colName, "chapter": colName, "organization": colName, "organisation": colName,
	"user group": colName, "group": colName, "affiliate": colName, "thematic organization": colName,
	"country": colCountry, "area": colCountry, "location": colCountry, "country/region": colCountry, "countries": colCountry,
	"website": colWebsite, "url": colWebsite, "web site": colWebsite, "website (optional)": colWebsite, "homepage": colWebsite,
	"status":               colStatus,
	"start of recognition": colStart, "recognized": colStart, "recognised": colStart, "approved": colStart,
	"founded": colStart, "recognition date": colStart, "date of recognition": colStart, "since": colStart,
	"end of recognition": colEnd, "derecognized": colEnd, "derecognised": colEnd, "dissolved": colEnd,
	"period": colPeriod, "focus": colFocus,
}

func headerColumn(text string) column {
	return headers[wikicities.NameKey(strings.TrimRight(strings.TrimSpace(text), ":"))]
}

// ParseMeta reads the affiliates of a Meta-Wiki list page: every table
// with a header row naming a name column (Name, Title, Chapter, ...) is a
// list; its rows become affiliates of page.Kind. A table under a heading
// that says "former" or "derecognized", a status saying so, an end of
// recognition or a period with an end marks the affiliate dissolved. rev
// is the page's revision, for the place of each row ("Title@rev:line").
func ParseMeta(text string, page Page, rev int64) ([]wikicities.Affiliate, []Rejected, error) {
	tables, err := wikitext.Parse(text)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", page.Title, err)
	}
	var out []wikicities.Affiliate
	var rejected []Rejected
	for _, t := range tables {
		hdr, cols := layout(t)
		if hdr < 0 {
			continue
		}
		former := formerHeading(text[:t.Start])
		for _, row := range t.Grid[hdr+1:] {
			if len(row) == 0 || allHeaders(row) {
				continue
			}
			line := row[0].Line
			place := fmt.Sprintf("%s:%d", page.Title, line)
			a, reason := readRow(row, cols, page.Kind, former)
			if reason != "" {
				rejected = append(rejected, Rejected{Place: place, Reason: reason})
				continue
			}
			a.Place = place
			a.Sources = []string{"meta"}
			out = append(out, a)
		}
	}
	return out, rejected, nil
}

// layout finds the last header row of t that names a name column and
// returns its index in t.Grid and the column of each index; -1 if none.
func layout(t *wikitext.Table) (int, []column) {
	hdr, cols := -1, []column(nil)
	for i, row := range t.Grid {
		if len(row) == 0 || !allHeaders(row) {
			if hdr >= 0 {
				break
			}
			continue
		}
		cs := make([]column, len(row))
		named := false
		for j, c := range row {
			if c != nil {
				cs[j] = headerColumn(c.Text)
				named = named || cs[j] == colName
			}
		}
		if named {
			hdr, cols = i, cs
		}
	}
	return hdr, cols
}

func allHeaders(row []*wikitext.Cell) bool {
	for _, c := range row {
		if c != nil && !c.Header {
			return false
		}
	}
	return true
}

var headingRE = regexp.MustCompile(`(?m)^=+\s*([^=\n]+?)\s*=+\s*$`)

// formerHeading reports whether the last heading before a table says it
// lists affiliates that are no more.
func formerHeading(before string) bool {
	hs := headingRE.FindAllStringSubmatch(before, -1)
	if len(hs) == 0 {
		return false
	}
	h := strings.ToLower(hs[len(hs)-1][1])
	for _, w := range []string{"former", "derecogni", "dissolved", "defunct", "inactive"} {
		if strings.Contains(h, w) {
			return true
		}
	}
	return false
}

var (
	yearRE   = regexp.MustCompile(`\b(1[89]\d\d|20\d\d)\b`)
	domainRE = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]*\.[a-z]{2,}(/\S*)?$`)
)

// readRow reads one affiliate, or the reason the row names none.
func readRow(row []*wikitext.Cell, cols []column, kind wikicities.CommunityKind, former bool) (wikicities.Affiliate, string) {
	a := wikicities.Affiliate{Kind: kind}
	var status, end, period string
	for j, col := range cols {
		if j >= len(row) || row[j] == nil {
			continue
		}
		c := row[j]
		switch col {
		case colName:
			a.Name, a.MetaPage = nameOf(c)
		case colCountry, colFocus:
			placeOf(&a, c, col == colFocus)
		case colWebsite:
			a.Website = websiteOf(c)
		case colStatus:
			status = strings.ToLower(c.Text)
		case colStart:
			a.Inception = dateOf(c.Text)
		case colEnd:
			end = dateOf(c.Text)
		case colPeriod:
			period = c.Text
		}
	}
	if a.Name == "" {
		return a, "no affiliate name in the name column"
	}
	if len(a.Name) > 200 {
		return a, "the name is longer than 200 bytes"
	}
	if period != "" {
		ys := yearRE.FindAllString(period, -1)
		if len(ys) > 0 && a.Inception == "" {
			a.Inception = ys[0]
		}
		if len(ys) > 1 {
			end = ys[len(ys)-1]
		}
	}
	switch {
	case end != "":
		a.Dissolved = end
	case strings.Contains(status, "derecogni") || strings.Contains(status, "dissolved") || strings.Contains(status, "defunct"):
		a.Dissolved = "yes"
	case former:
		a.Dissolved = "yes"
	}
	return a, ""
}

// placeOf reads the country (and city) of a country or focus cell: a flag
// names the country, and text beside it that is not the country is the
// city ("{{flagicon|USA}} New York City", "Munich, {{flag|Germany}}"). A
// focus cell without a flag counts only when its text is a country
// ("Egypt"), not a theme ("Igbo language").
func placeOf(a *wikicities.Affiliate, c *wikitext.Cell, focus bool) {
	ls := c.Lines()
	if len(ls) == 0 {
		return
	}
	if len(c.Flags) > 0 {
		a.Country = c.Flags[0].Country
		rest := strings.Trim(strings.TrimSpace(strings.Replace(ls[0], a.Country, "", 1)), ",;() ")
		if rest != "" && !strings.EqualFold(rest, a.Country) {
			a.City = rest
		}
		return
	}
	name := wikitext.CountryName(ls[0])
	if _, ok := twins.StateName(name); ok || !focus {
		a.Country = name
	}
}

// nameOf reads an affiliate's name and Meta page from its cell: a link to
// a Meta page gives both (the link's text is the name); otherwise the
// cell's first line is the name.
func nameOf(c *wikitext.Cell) (name, page string) {
	for _, l := range c.Links {
		if l.External {
			continue
		}
		t := strings.TrimSpace(l.Target)
		t = strings.TrimPrefix(strings.TrimPrefix(t, ":"), "m:")
		t = strings.TrimPrefix(t, "meta:")
		t = strings.TrimPrefix(t, "Special:MyLanguage/")
		if strings.Contains(t, ":") || t == "" {
			continue // another wiki or namespace
		}
		if i := strings.IndexByte(t, '#'); i >= 0 {
			t = t[:i]
		}
		name = strings.TrimSpace(l.Text)
		if name == "" {
			name = t
		}
		return name, strings.ReplaceAll(t, "_", " ")
	}
	if ls := c.Lines(); len(ls) > 0 {
		name = strings.TrimSpace(ls[0])
	}
	return name, ""
}

// websiteOf reads an http(s) address from a cell: an external link, or a
// bare domain as the lists often write them ("wikimedia.org.ar").
func websiteOf(c *wikitext.Cell) string {
	for _, l := range c.Links {
		if l.External && (strings.HasPrefix(l.Target, "https://") || strings.HasPrefix(l.Target, "http://")) {
			return l.Target
		}
	}
	t := strings.ToLower(strings.TrimSpace(c.Text))
	if domainRE.MatchString(t) {
		return "https://" + t
	}
	return ""
}

var isoDateRE = regexp.MustCompile(`\b\d{4}-\d{2}-\d{2}\b`)

// dateOf reads a date of a cell: an ISO date when written so, else a year,
// else "".
func dateOf(s string) string {
	if d := isoDateRE.FindString(s); d != "" {
		return d
	}
	return yearRE.FindString(s)
}
