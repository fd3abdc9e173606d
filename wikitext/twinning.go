package wikitext

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/wikicities/wikicities"
)

// column is what a twinning table's column holds.
type column int

const (
	colOther column = iota
	colCity
	colTwin
	colCountry
	colGroup
	colYear
)

// headerNames maps folded header texts to columns. Header names are
// matched case-insensitively, without trailing ":" and surrounding space.
var headerNames = map[string]column{}

func init() {
	for col, names := range map[column][]string{
		colCity: {"city", "town", "municipality", "place", "city/town", "town/city", "city or town", "locality",
			"home city", "first city", "city 1", "city a", "settlement"},
		colTwin: {"twin city", "twin town", "twin", "twins", "twinned with", "twin cities", "twin towns",
			"sister city", "sister cities", "sister town", "partner city", "partner cities", "partner town",
			"partner towns", "partner", "twin city/town", "second city", "city 2", "city b", "twinned city"},
		colCountry: {"country", "countries", "state", "nation", "country/region", "sovereign state"},
		colGroup: {"active group", "active groups", "group", "groups", "community", "communities",
			"affiliate", "affiliates", "user group", "wikimedia community", "wikimedia group",
			"local community", "active community", "chapter", "wikimedia affiliate", "active affiliate"},
		colYear: {"year", "since", "twinned since", "date", "year twinned", "established"},
	} {
		for _, n := range names {
			headerNames[n] = col
		}
	}
}

func headerColumn(text string) column {
	k := wikicities.NameKey(strings.TrimRight(strings.TrimSpace(text), ":"))
	return headerNames[k]
}

// twinningLayout is where a table keeps each field.
type twinningLayout struct {
	header                       int // index in Grid of the last header row
	city, twin                   int
	country, group               int
	twinCountry, twinGroup, year int
}

// layoutOf recognises a twinning table: a header row naming a city column
// and a twin-city column (or a second city column). Country and group
// columns before the twin column describe the city, after it the twin.
func layoutOf(t *Table) (twinningLayout, bool) {
	l := twinningLayout{header: -1, city: -1, twin: -1, country: -1, group: -1, twinCountry: -1, twinGroup: -1, year: -1}
	for r, row := range t.Grid {
		if r > 2 {
			break
		}
		if !allHeaders(row) {
			continue
		}
		cand := twinningLayout{header: r, city: -1, twin: -1, country: -1, group: -1, twinCountry: -1, twinGroup: -1, year: -1}
		for c, cell := range row {
			if cell == nil {
				continue
			}
			switch headerColumn(cell.Text) {
			case colCity:
				if cand.city < 0 {
					cand.city = c
				} else if cand.twin < 0 {
					cand.twin = c
				}
			case colTwin:
				if cand.twin < 0 {
					cand.twin = c
				}
			case colCountry:
				if cand.twin < 0 && cand.country < 0 {
					cand.country = c
				} else if cand.twin >= 0 && cand.twinCountry < 0 {
					cand.twinCountry = c
				}
			case colGroup:
				if cand.twin < 0 && cand.group < 0 {
					cand.group = c
				} else if cand.twin >= 0 && cand.twinGroup < 0 {
					cand.twinGroup = c
				}
			case colYear:
				if cand.year < 0 {
					cand.year = c
				}
			}
		}
		if cand.city >= 0 && cand.twin >= 0 {
			l = cand
		}
	}
	return l, l.city >= 0 && l.twin >= 0
}

func allHeaders(row []*Cell) bool {
	n := 0
	for _, c := range row {
		if c != nil {
			if !c.Header {
				return false
			}
			n++
		}
	}
	return n > 0
}

// TwinningRows reads the twinning tables among tables (and the tables nested
// in them): those whose header names a city column and a twin-city column
// ("City | Active group | Twin city | Active group" and its variants). A
// twin cell listing several cities (one a line) gives one row each. Rows
// without a city are rejected with their line; a row without a twin city
// still names a city and its group. Returns an error if no table is a
// twinning table.
func TwinningRows(tables []*Table) ([]wikicities.TwinningRow, []wikicities.RejectedRow, error) {
	var rows []wikicities.TwinningRow
	var rejected []wikicities.RejectedRow
	found := false
	var seen []string
	var walk func(ts []*Table)
	walk = func(ts []*Table) {
		for _, t := range ts {
			l, ok := layoutOf(t)
			if !ok {
				if len(t.Grid) > 0 {
					var hs []string
					for _, c := range t.Grid[0] {
						if c != nil {
							hs = append(hs, c.Text)
						}
					}
					seen = append(seen, fmt.Sprintf("line %d: %s", t.Line, strings.Join(hs, " | ")))
				}
				for _, row := range t.Rows {
					for _, c := range row.Cells {
						walk(c.Tables)
					}
				}
				continue
			}
			found = true
			for r := l.header + 1; r < len(t.Grid); r++ {
				if allHeaders(t.Grid[r]) {
					continue
				}
				got, rej := l.rows(t.Grid[r], t.Rows[r].Cells[0].Line)
				rows = append(rows, got...)
				rejected = append(rejected, rej...)
			}
		}
	}
	walk(tables)
	if !found {
		msg := "no table has a city column and a twin city column"
		if len(seen) > 0 {
			msg += " (headers seen: " + strings.Join(seen, "; ") + ")"
		}
		return nil, nil, fmt.Errorf("wikitext: %s", msg)
	}
	return rows, rejected, nil
}

func (l twinningLayout) cell(row []*Cell, c int) *Cell {
	if c < 0 || c >= len(row) {
		return nil
	}
	return row[c]
}

var placeholder = map[string]bool{"": true, "-": true, "–": true, "—": true, "?": true, "n/a": true, "none": true, "tba": true, "tbd": true, "x": true}

func (l twinningLayout) rows(row []*Cell, line int) ([]wikicities.TwinningRow, []wikicities.RejectedRow) {
	reject := func(format string, args ...any) []wikicities.RejectedRow {
		return []wikicities.RejectedRow{{Line: line, Reason: fmt.Sprintf(format, args...)}}
	}
	cityCell := l.cell(row, l.city)
	cities := CityPlaces(cityCell, l.cell(row, l.country))
	switch {
	case len(cities) == 0:
		return nil, reject("no city")
	case len(cities) > 1:
		return nil, reject("the city cell names %d places (%s); put one city a row", len(cities), cities[0].Name+", "+cities[1].Name)
	}
	base := wikicities.TwinningRow{City: cities[0].Name, Country: cities[0].Country, Line: line}
	base.Group, base.GroupPage = group(l.cell(row, l.group))
	base.TwinGroup, base.TwinGroupPage = group(l.cell(row, l.twinGroup))
	if c := l.cell(row, l.year); c != nil {
		if m := yearRE.FindString(c.Text); m != "" {
			base.Year, _ = strconv.Atoi(m)
		}
	}
	twins := CityPlaces(l.cell(row, l.twin), l.cell(row, l.twinCountry))
	if len(twins) == 0 {
		return []wikicities.TwinningRow{base}, nil
	}
	var out []wikicities.TwinningRow
	for _, t := range twins {
		r := base
		r.TwinCity, r.TwinCountry = t.Name, t.Country
		out = append(out, r)
	}
	return out, nil
}

var yearRE = regexp.MustCompile(`\b(1[0-9]|20)[0-9]{2}\b`)

// splitCountry splits "Munich, Germany" and "Munich (Germany)" when the
// suffix is a country name that the flag rules know.
func splitCountry(s string) (string, string) {
	if strings.HasSuffix(s, ")") {
		if i := strings.LastIndex(s, " ("); i > 0 {
			if c := s[i+2 : len(s)-1]; isCountry(c) {
				return strings.TrimSpace(s[:i]), c
			}
		}
	}
	if i := strings.LastIndex(s, ", "); i > 0 {
		if c := s[i+2:]; isCountry(c) {
			return strings.TrimSpace(s[:i]), c
		}
	}
	return s, ""
}

func group(c *Cell) (name, page string) {
	if c == nil {
		return "", ""
	}
	name = strings.ReplaceAll(c.Text, "\n", ", ")
	if placeholder[strings.ToLower(name)] {
		return "", ""
	}
	for _, l := range c.Links {
		if !l.External {
			return name, l.Target
		}
	}
	return name, ""
}

// TwinningIndex is the twinning index as a table to write: one row per
// twinning row, in the order given, with the columns the reader recognises.
// A line break in a name is written as a space: a cell of several lines
// would read back as several cities.
func TwinningIndex(caption string, rows []wikicities.TwinningRow) TableData {
	t := TableData{
		Caption: caption,
		Header:  []string{"City", "Country", "Active group", "Twin city", "Country", "Active group"},
	}
	for _, r := range rows {
		t.Rows = append(t.Rows, []Text{
			{Text: flat(r.City)}, {Text: flat(r.Country)}, {Text: flat(r.Group), Link: r.GroupPage},
			{Text: flat(r.TwinCity)}, {Text: flat(r.TwinCountry)}, {Text: flat(r.TwinGroup), Link: r.TwinGroupPage},
		})
	}
	return t
}
