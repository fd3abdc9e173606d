package regions

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/csvsafe"
	"github.com/wikicities/wikicities/twins"
	"github.com/wikicities/wikicities/wikitext"
)

// Export lists, the first column of a region's CSV and the "list" property
// of its GeoJSON points.
const (
	ListCommunity              = "community"
	ListInstitution            = "institution"
	ListPartnership            = "partnership"
	ListInstitutionWithoutPart = "potential_institution_without_partnership"
	ListCommunityWithoutInst   = "potential_community_without_institutional_partner"
	ListTwinPair               = "potential_twin_link_without_partnership"
	ListRecruit                = "potential_twin_city_without_group"
	ListLead                   = "potential_twin_derived_lead"
)

// ExportRow is one line of a region's export: a party, a partnership or a
// potential partner, with the city it is in.
type ExportRow struct {
	List string
	// Ref is the party (empty for a city to recruit in); Partner the other
	// party of a twin pair or a partnership.
	Ref, Partner wikicities.PartyRef
	Name         string
	PartnerName  string
	City         Place
	// Detail is the kind, status or state; Via a lead's twin city.
	Detail string
	Via    Place
	// PartnershipID is a partnership's, or the working one behind a lead.
	PartnershipID int64
}

// Rows returns every row of a region's export, list by list.
func (reg *Region) Rows() []ExportRow {
	var out []ExportRow
	party := func(list string, x Party) ExportRow {
		d := string(x.Status)
		if x.Ref.Kind == wikicities.PartyInstitution {
			d = string(x.PartyPlace.Kind)
		}
		return ExportRow{List: list, Ref: x.Ref, Name: x.Name, City: x.City, Detail: d}
	}
	for _, x := range reg.Communities {
		out = append(out, party(ListCommunity, x))
	}
	for _, x := range reg.Institutions {
		out = append(out, party(ListInstitution, x))
	}
	for _, p := range reg.Partnerships {
		out = append(out, ExportRow{List: ListPartnership, Ref: p.A.Ref, Name: p.A.Name, Partner: p.B.Ref, PartnerName: p.B.Name,
			City: p.A.City, Via: p.B.City, Detail: string(p.State), PartnershipID: p.ID})
	}
	for _, x := range reg.InstitutionsWithoutPartner {
		out = append(out, party(ListInstitutionWithoutPart, x))
	}
	for _, x := range reg.CommunitiesWithoutInst {
		out = append(out, party(ListCommunityWithoutInst, x))
	}
	for _, p := range reg.TwinPairs {
		out = append(out, ExportRow{List: ListTwinPair, Ref: p.Community.Ref, Name: p.Community.Name, City: p.Community.City,
			Partner: p.Partner.Ref, PartnerName: p.Partner.Name, Via: p.Partner.City})
	}
	for _, r := range reg.Recruit {
		out = append(out, ExportRow{List: ListRecruit, Name: r.City.Name, City: r.City, Detail: strconv.Itoa(r.Connects)})
	}
	for _, l := range reg.Leads {
		row := party(ListLead, l.Institution)
		row.Via, row.PartnershipID = l.TwinCity, l.PartnershipID
		out = append(out, row)
	}
	return out
}

func refString(r wikicities.PartyRef) string {
	if r.ID == 0 {
		return ""
	}
	return string(r.Kind) + ":" + strconv.FormatInt(r.ID, 10)
}

func idString(n int64) string {
	if n == 0 {
		return ""
	}
	return strconv.FormatInt(n, 10)
}

// WriteCSV writes a region's export as CSV, every cell a spreadsheet would
// run as a formula neutralised.
func (reg *Region) WriteCSV(w io.Writer) error {
	cw := csvsafe.NewWriter(w)
	if err := cw.Write([]string{"region", "list", "party", "name", "city_id", "city", "country", "detail",
		"partner", "partner_name", "other_city_id", "other_city", "partnership_id"}); err != nil {
		return err
	}
	for _, r := range reg.Rows() {
		if err := cw.Write([]string{reg.Key, r.List, refString(r.Ref), r.Name, idString(r.City.ID), r.City.Name, r.City.Country, r.Detail,
			refString(r.Partner), r.PartnerName, idString(r.Via.ID), r.Via.Name, idString(r.PartnershipID)}); err != nil {
			return err
		}
	}
	return cw.Flush()
}

// WriteGeoJSON writes the region's outline and, at their cities' points,
// its parties and potential partners, as a GeoJSON FeatureCollection.
// Rows whose city has no coordinates are left out.
func (reg *Region) WriteGeoJSON(w io.Writer, g *twins.Graph) error {
	type feature struct {
		Type       string         `json:"type"`
		Geometry   map[string]any `json:"geometry"`
		Properties map[string]any `json:"properties"`
	}
	var rings [][][][2]float64
	if reg.Region != nil {
		rings = reg.Rings()
	}
	features := []feature{{Type: "Feature", Geometry: map[string]any{"type": "MultiPolygon", "coordinates": rings},
		Properties: map[string]any{"region": reg.Key, "name": reg.Name, "country": reg.Region.Country, "qid": reg.QID,
			"communities": reg.Figures.Communities, "institutions": reg.Figures.Institutions, "potential_partners": reg.Potential}}}
	for _, r := range reg.Rows() {
		c := g.City(r.City.ID)
		if c == nil || !c.HasCoords {
			continue
		}
		props := map[string]any{"list": r.List, "name": r.Name, "city": r.City.Name}
		if s := refString(r.Ref); s != "" {
			props["party"] = s
		}
		if r.Detail != "" {
			props["detail"] = r.Detail
		}
		if s := refString(r.Partner); s != "" {
			props["partner"], props["partner_name"] = s, r.PartnerName
		}
		features = append(features, feature{Type: "Feature", Geometry: map[string]any{"type": "Point", "coordinates": [2]float64{c.Lng, c.Lat}}, Properties: props})
	}
	return json.NewEncoder(w).Encode(map[string]any{"type": "FeatureCollection", "features": features})
}

// Wikitext returns a region's report for Meta-Wiki: its figures, its
// champions and its potential partners as sortable tables. Every name is
// escaped (wikitext.Write), so none can inject markup.
func (reg *Region) Wikitext(champions []*wikicities.RegionChampion) string {
	var b strings.Builder
	fmt.Fprintf(&b, "== %s (%s) ==\n", wikitext.Escape(reg.NameIn("en")), reg.Key)
	row := func(k string, v int) []wikitext.Text { return []wikitext.Text{{Text: k}, {Text: strconv.Itoa(v)}} }
	f := reg.Figures
	b.WriteString(wikitext.Write(wikitext.TableData{Caption: "Figures", Header: []string{"", ""}, Rows: [][]wikitext.Text{
		row("Cities", f.Cities), row("Twinned cities", f.TwinnedCities), row("Communities", f.Communities),
		row("Institutions", f.Institutions), row("Wikimedians in Residence", f.WiR), row("Live partnerships", f.Live()),
		row("Partnerships at risk", f.AtRisk), row("Potential partners", f.Potential)}}))
	champ := wikitext.TableData{Caption: "Regional champions", Header: []string{"Community", "Since", "Note"}}
	for _, c := range champions {
		champ.Rows = append(champ.Rows, []wikitext.Text{{Text: c.Community}, {Text: c.Since.UTC().Format("2006-01-02")}, {Text: c.Note}})
	}
	b.WriteString(wikitext.Write(champ))
	pot := wikitext.TableData{Caption: "Potential partners", Header: []string{"List", "Name", "City", "Partner", "Other city"}}
	for _, r := range reg.Rows() {
		if !strings.HasPrefix(r.List, "potential_") {
			continue
		}
		pot.Rows = append(pot.Rows, []wikitext.Text{{Text: strings.ReplaceAll(strings.TrimPrefix(r.List, "potential_"), "_", " ")},
			{Text: r.Name}, {Text: r.City.Name}, {Text: r.PartnerName}, {Text: r.Via.Name}})
	}
	b.WriteString(wikitext.Write(pot))
	return b.String()
}
