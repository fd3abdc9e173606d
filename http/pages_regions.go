package http

import (
	"cmp"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/geo/admin1"
	"github.com/wikicities/wikicities/labels"
	"github.com/wikicities/wikicities/regions"
)

// regionMapURL is the coverage map's page.
const regionMapURL = "/regions/map"

// regionListMax caps each list of a region page; the exports have them all.
const regionListMax = 60

// registerRegionRoutes registers the Smart Region pages: the regions of a
// country and a search over them, a region's page with its potential
// partners, and the regional champions' forms.
func (s *Server) registerRegionRoutes() {
	rd := &regionsData{s: s}
	s.regionData = rd
	s.handle("GET /regions", s.cached(rd.indexPage))
	s.handle("GET /regions/map", s.cached(rd.mapPage))
	s.handle("GET /regions/map.geojson", s.cached(rd.mapGeoJSON))
	s.handle("GET /regions/{key}", s.cached(rd.regionPage))
	s.handle("GET /regions/{key}/wikidata", rd.wikidataPage)
	s.handle("POST /regions/{key}/champions", rd.addChampion)
	s.handle("POST /regions/{key}/champions/{community}/remove", rd.removeChampion)
	s.registerRegionExports(rd)
	s.CitySections = append(s.CitySections, rd.citySection)
}

// regionRow is a region of a list, with its figures and champions.
type regionRow struct {
	Key, Name, Path, Country, CountryName string
	Figures                               regions.Figures
	Champions                             []*wikicities.RegionChampion
}

// regionCountry is a country of the regions index.
type regionCountry struct {
	Code, Name, Path     string
	Regions, WithParties int
}

// regionsIndex is the Data of /regions.
type regionsIndex struct {
	Query, Country, CountryName string
	Rows                        []regionRow
	Countries                   []regionCountry
	Champions                   []regionRow
	Coverage                    regions.Coverage
	SharePercent                string
	MapURL                      string
}

func (rd *regionsData) row(lang string, reg *regions.Region, champs map[string][]*wikicities.RegionChampion) regionRow {
	return regionRow{Key: reg.Key, Name: reg.NameIn(lang), Path: regionPath(reg.Key), Country: reg.Region.Country,
		CountryName: countryName(lang, reg.Region.Country), Figures: reg.Figures, Champions: champs[reg.Key]}
}

// indexPage serves /regions: the countries with regions; with ?country= a
// country's regions and their figures; with ?q= the regions whose name (in
// any language), code or champion matches.
func (rd *regionsData) indexPage(w http.ResponseWriter, r *http.Request) {
	rep, champs, err := rd.figures(r.Context())
	if err != nil {
		rd.s.renderError(w, r, err)
		return
	}
	p := rd.s.newPage(w, r)
	p.Title = p.Msg("regions-title")
	q := r.URL.Query()
	cv := rep.Coverage()
	d := regionsIndex{Query: strings.TrimSpace(q.Get("q")), Country: strings.ToUpper(strings.TrimSpace(q.Get("country"))), Coverage: cv,
		SharePercent: fmt.Sprintf("%.1f", 100*cv.Share()), MapURL: regionMapURL}
	switch {
	case d.Query != "":
		d.Rows = rd.search(p.Lang, rep, champs, d.Query)
	case d.Country != "":
		d.CountryName = countryName(p.Lang, d.Country)
		for _, reg := range rep.Country(d.Country) {
			d.Rows = append(d.Rows, rd.row(p.Lang, reg, champs))
		}
		slices.SortFunc(d.Rows, func(a, b regionRow) int { return cmp.Compare(wikicities.NameKey(a.Name), wikicities.NameKey(b.Name)) })
		if len(d.Rows) == 0 {
			rd.s.renderError(w, r, fmt.Errorf("country %q has no regions: %w", d.Country, wikicities.ErrNotFound))
			return
		}
		if d.MapURL != "" {
			d.MapURL += "?country=" + url.QueryEscape(d.Country)
		}
	default:
		d.Countries = rd.countries(p.Lang, rep)
	}
	for _, list := range champs {
		if reg := rep.Region(list[0].Region); reg != nil {
			d.Champions = append(d.Champions, rd.row(p.Lang, reg, champs))
		}
	}
	slices.SortFunc(d.Champions, func(a, b regionRow) int {
		return cmp.Or(cmp.Compare(a.CountryName, b.CountryName), cmp.Compare(a.Name, b.Name))
	})
	p.Data = d
	rd.s.render(w, r, http.StatusOK, "regions", p)
}

// countries lists the countries whose regions hold cities of the graph.
func (rd *regionsData) countries(lang string, rep *regions.Report) []regionCountry {
	var out []regionCountry
	for _, code := range rep.Set().Countries() {
		c := regionCountry{Code: code, Name: countryName(lang, code), Path: "/regions?country=" + code}
		cities := 0
		for _, reg := range rep.Country(code) {
			cities += reg.Cities
			c.Regions++
			if reg.Figures.Communities+reg.Figures.Institutions > 0 {
				c.WithParties++
			}
		}
		if cities > 0 {
			out = append(out, c)
		}
	}
	slices.SortFunc(out, func(a, b regionCountry) int {
		return cmp.Compare(wikicities.NameKey(a.Name), wikicities.NameKey(b.Name))
	})
	return out
}

// regionSearchMax caps the results of a region search.
const regionSearchMax = 100

func (rd *regionsData) search(lang string, rep *regions.Report, champs map[string][]*wikicities.RegionChampion, query string) []regionRow {
	key := wikicities.NameKey(query)
	matches := func(a *admin1.Region) bool {
		if strings.EqualFold(a.Key, query) || strings.Contains(wikicities.NameKey(a.Name), key) {
			return true
		}
		for _, n := range a.Names {
			if strings.Contains(wikicities.NameKey(n), key) {
				return true
			}
		}
		for _, ch := range champs[a.Key] {
			if strings.Contains(wikicities.NameKey(ch.Community), key) {
				return true
			}
		}
		return false
	}
	var out []regionRow
	for _, a := range rep.Set().Regions() {
		if matches(a) {
			out = append(out, rd.row(lang, rep.Region(a.Key), champs))
			if len(out) == regionSearchMax {
				break
			}
		}
	}
	return out
}

// regionParty is a community or institution of a region page.
type regionParty struct {
	regions.Party
	URL, Status, Kind string
	// ProposeURL opens the proposal form for the reader's community; empty
	// when the reader coordinates none (the button is then not shown).
	ProposeURL string
}

// regionPage is the Data of /regions/{key}.
type regionPageData struct {
	Key, Name, Type, Parent, CountryName, CountryCode, CountryPath, MapURL string
	QID                                                                    string
	Figures                                                                regions.Figures
	Limit                                                                  int
	Champions                                                              []regionChampion
	// ChampionOptions are the communities the reader may make champion;
	// RemovableChampions the champions they may remove.
	ChampionOptions []option
	ChampionForm    *Form // what was typed in the champion form, and its problems
	CanRemove       map[int64]bool
	Communities     []regionParty
	InstitutionKind []regionKindGroup
	WiR             []regionParty
	Partnerships    []regionPartnership
	// Potential partners.
	InstitutionsWithoutPartner, CommunitiesWithoutInst []regionParty
	TwinPairs                                          []regionTwinPair
	Recruit                                            []regions.Recruit
	Leads                                              []regionLead
	Totals                                             map[string]int
	Exports                                            []regionExport
	Done                                               string
	// WikidataURL asks Wikidata for the region's institutions; empty when
	// the site has no network access configured for it.
	WikidataURL string
}

// regionChampion is a champion with the date it took responsibility, in
// the page's language.
type regionChampion struct {
	*wikicities.RegionChampion
	SinceText string
}

type regionKindGroup struct {
	Heading string
	Parties []regionParty
}

type regionPartnership struct {
	ID                int64
	A, B              regionParty
	State             string
	AtRisk            bool
	StateCode, Health string
}

type regionTwinPair struct {
	Community, Partner regionParty
	ProposeURL         string
}

type regionLead struct {
	Institution regionParty
	TwinCity    regions.Place
	Partnership int64
}

type regionExport struct{ URL, Label string }

// institutionGroups are the kinds of institution a region page lists
// together: GLAM, education, the others.
var institutionGroups = []struct {
	key   string
	kinds []wikicities.InstitutionKind
}{
	{"regions-institutions-glam", []wikicities.InstitutionKind{wikicities.InstMuseum, wikicities.InstLibrary, wikicities.InstArchive, wikicities.InstGallery}},
	{"regions-institutions-education", []wikicities.InstitutionKind{wikicities.InstUniversity, wikicities.InstSchool}},
	{"regions-institutions-other", []wikicities.InstitutionKind{wikicities.InstNGO, wikicities.InstGovernment, wikicities.InstCompany}},
}

func capped[T any](list []T) []T { return list[:min(len(list), regionListMax)] }

// regionPage serves a region: its figures, champions, communities,
// institutions by kind, partnerships, and the potential partners.
func (rd *regionsData) regionPage(w http.ResponseWriter, r *http.Request) {
	rd.renderRegion(w, r, http.StatusOK, nil)
}

// renderRegion renders the region page with status; f is the champion
// form refused (nil: a fresh one).
func (rd *regionsData) renderRegion(w http.ResponseWriter, r *http.Request, status int, f *Form) {
	reg, champs, err := rd.regionChampions(r)
	if err != nil {
		rd.s.renderError(w, r, err)
		return
	}
	p := rd.s.newPage(w, r)
	name := reg.NameIn(p.Lang)
	p.Title = p.Msg("region-title", name)
	d := regionPageData{Key: reg.Key, Name: name, Type: reg.Type, Parent: reg.Parent, CountryCode: reg.Region.Country,
		CountryName: countryName(p.Lang, reg.Region.Country), CountryPath: "/regions?country=" + reg.Region.Country,
		MapURL: regionMapURL + "?country=" + reg.Region.Country + "#" + reg.Key, QID: reg.QID,
		Figures: reg.Figures, Limit: regionListMax, Done: r.URL.Query().Get("done")}
	if p.Lang != "en" {
		d.Type = "" // Natural Earth names the kinds in English only
	}
	for _, ch := range champs {
		d.Champions = append(d.Champions, regionChampion{ch, p.Printer().Date(ch.Since)})
	}
	d.Exports = []regionExport{
		{regionPath(reg.Key) + "/export.csv?bom=true", p.Msg("region-export-csv")},
		{regionPath(reg.Key) + "/export.geojson", p.Msg("region-export-geojson")},
		{regionPath(reg.Key) + "/export.wiki", p.Msg("region-export-wikitext")},
	}
	if rd.s.RegionInstitutions != nil && reg.QID != "" {
		d.WikidataURL = regionPath(reg.Key) + "/wikidata"
	}
	if f == nil {
		f = newForm(nil)
	}
	d.ChampionForm = f
	rd.fillChampionForms(r, &d, reg)
	rd.fillParties(p, &d, reg)
	rd.fillPotential(p, &d, reg)
	p.Data = d
	rd.s.render(w, r, status, "region", p)
}

// proposer returns the community the reader proposes from: one of the
// region's that they coordinate, else the first they coordinate; 0 when
// they may not propose.
func proposer(a *wikicities.Actor, reg *regions.Region) int64 {
	if !a.CanWrite() {
		return 0
	}
	for _, c := range reg.Communities {
		for _, ref := range a.Coordinates {
			if ref == c.Ref {
				return c.Ref.ID
			}
		}
	}
	for _, ref := range a.Coordinates {
		if ref.Kind == wikicities.PartyCommunity {
			return ref.ID
		}
	}
	return 0
}

func proposeURL(from int64, to wikicities.PartyRef, t wikicities.PartnershipType) string {
	if from == 0 || to.Kind == wikicities.PartyCommunity && to.ID == from {
		return ""
	}
	return "/partnerships/new?" + url.Values{"a": {strconv.FormatInt(from, 10)},
		"b": {string(to.Kind) + ":" + strconv.FormatInt(to.ID, 10)}, "type": {string(t)}}.Encode()
}

func (rd *regionsData) party(p *Page, x regions.Party) regionParty {
	rp := regionParty{Party: x}
	if x.Ref.Kind == wikicities.PartyInstitution {
		rp.URL = fmt.Sprintf("/institutions/%d", x.Ref.ID)
		rp.Kind = labels.InstitutionKind(p.Printer(), x.PartyPlace.Kind)
	} else {
		rp.URL = fmt.Sprintf("/communities/%d", x.Ref.ID)
		rp.Status = labels.CommunityStatus(p.Printer(), x.Status)
	}
	return rp
}

func (rd *regionsData) fillParties(p *Page, d *regionPageData, reg *regions.Region) {
	for _, x := range capped(reg.Communities) {
		d.Communities = append(d.Communities, rd.party(p, x))
	}
	for _, g := range institutionGroups {
		grp := regionKindGroup{Heading: p.Msg(g.key)}
		for _, x := range reg.Institutions {
			if slices.Contains(g.kinds, x.PartyPlace.Kind) && len(grp.Parties) < regionListMax {
				grp.Parties = append(grp.Parties, rd.party(p, x))
			}
		}
		d.InstitutionKind = append(d.InstitutionKind, grp)
	}
	for _, x := range reg.Institutions {
		if x.WiR && len(d.WiR) < regionListMax {
			d.WiR = append(d.WiR, rd.party(p, x))
		}
	}
	for _, x := range capped(reg.Partnerships) {
		d.Partnerships = append(d.Partnerships, regionPartnership{ID: x.ID, A: rd.party(p, x.A), B: rd.party(p, x.B),
			State: labels.State(p.Printer(), x.State), StateCode: string(x.State), AtRisk: x.AtRisk})
	}
}

func (rd *regionsData) fillPotential(p *Page, d *regionPageData, reg *regions.Region) {
	from := proposer(p.Actor, reg)
	for _, x := range capped(reg.InstitutionsWithoutPartner) {
		rp := rd.party(p, x)
		rp.ProposeURL = proposeURL(from, x.Ref, wikicities.TypeInstitutional)
		d.InstitutionsWithoutPartner = append(d.InstitutionsWithoutPartner, rp)
	}
	for _, x := range capped(reg.CommunitiesWithoutInst) {
		d.CommunitiesWithoutInst = append(d.CommunitiesWithoutInst, rd.party(p, x))
	}
	for _, x := range capped(reg.TwinPairs) {
		tp := regionTwinPair{Community: rd.party(p, x.Community), Partner: rd.party(p, x.Partner)}
		// Only a coordinator of the region's community proposes from it.
		if p.Actor.CanWrite() && p.Actor.CoordinatorOf(x.Community.Ref) {
			tp.ProposeURL = proposeURL(x.Community.Ref.ID, x.Partner.Ref, wikicities.TypeTwinning)
		}
		d.TwinPairs = append(d.TwinPairs, tp)
	}
	d.Recruit = capped(reg.Recruit)
	for _, x := range capped(reg.Leads) {
		rp := rd.party(p, x.Institution)
		rp.ProposeURL = proposeURL(from, x.Institution.Ref, wikicities.TypeInstitutional)
		d.Leads = append(d.Leads, regionLead{Institution: rp, TwinCity: x.TwinCity, Partnership: x.PartnershipID})
	}
	d.Totals = map[string]int{"institutions": len(reg.InstitutionsWithoutPartner), "communities": len(reg.CommunitiesWithoutInst),
		"pairs": len(reg.TwinPairs), "recruit": len(reg.Recruit), "leads": len(reg.Leads),
		"all-communities": len(reg.Communities), "partnerships": len(reg.Partnerships)}
}
