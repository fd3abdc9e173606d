package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/csvsafe"
)

// Format is an output format of the country table.
type Format string

// Formats.
const (
	CSV  Format = "csv"
	JSON Format = "json"
)

// ParseFormat checks a format name ("" means JSON). Returns a FieldError
// naming format.
func ParseFormat(s string) (Format, error) {
	switch Format(s) {
	case "", JSON:
		return JSON, nil
	case CSV:
		return CSV, nil
	}
	return "", wikicities.Invalidf("format", "%q is not csv or json", s)
}

// ContentType returns the media type of f.
func (f Format) ContentType() string {
	if f == CSV {
		return "text/csv; charset=utf-8"
	}
	return "application/json; charset=utf-8"
}

// CSVHeader names the columns of the country table, one per figure.
func CSVHeader() []string {
	h := []string{"region", "country", "labels", "cities", "twinned_cities", "twin_links_within", "twin_links_abroad",
		"communities_active", "communities_dormant", "communities_closed", "institutions"}
	for _, s := range wikicities.States {
		h = append(h, "partnerships_"+string(s))
	}
	return append(h, "partnerships_at_risk", "cities_to_recruit", "communities_without_partner", "potential_partnerships")
}

// csvRecord is c's row: names neutralised for spreadsheets (csvsafe.Cell),
// since a country label comes from imported files and user edits; the
// numbers are the program's own.
func csvRecord(c *Country) []string {
	f := c.Figures
	rec := []string{csvsafe.Cell(string(c.Region)), csvsafe.Cell(c.Name), csvsafe.Cell(strings.Join(c.Labels, "; "))}
	nums := []int{f.Cities, f.TwinnedCities, f.TwinLinks.Within, f.TwinLinks.Abroad,
		f.Communities.Active, f.Communities.Dormant, f.Communities.Closed, f.Institutions}
	for _, s := range wikicities.States {
		nums = append(nums, f.Partnerships[s])
	}
	nums = append(nums, f.AtRisk, f.CitiesToRecruit, f.CommunitiesWithoutPartner, f.PotentialPartnerships)
	for _, n := range nums {
		rec = append(rec, strconv.Itoa(n))
	}
	return rec
}

// Write writes the country table of r to w: CSV (one row per country, see
// CSVHeader) or JSON (an object with countries and total, without the gap
// lists).
func (r *Report) Write(w io.Writer, f Format) error {
	switch f {
	case CSV:
		cw := csvsafe.NewWriter(w)
		cw.WriteRaw(CSVHeader())
		for _, c := range r.Countries {
			cw.WriteRaw(csvRecord(c))
		}
		return cw.Flush()
	case JSON, "":
		enc := json.NewEncoder(w)
		enc.SetIndent("", " ")
		return enc.Encode(map[string]any{"countries": r.Countries, "total": r.Total})
	}
	return fmt.Errorf("report: unknown format %q", f)
}
