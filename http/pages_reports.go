package http

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/labels"
	"github.com/wikicities/wikicities/report"
	"github.com/wikicities/wikicities/twins"
)

// reportListMax caps each gap list of a country page; the API has them all.
const reportListMax = 200

// reportCountryRow is a country of the reports page.
type reportCountryRow struct {
	*report.Country
	Path string // its page; empty for the cities with no country
}

// reportRegionSection is a region of the reports page with its countries.
type reportRegionSection struct {
	ID        string // anchor
	Name      string // translated
	Region    *report.Region
	Countries []reportCountryRow
}

// reportsPage is the Data of /reports.
type reportsPage struct {
	Regions []reportRegionSection
	Total   report.Figures
	CSVURL  string
}

// reportCountryPath returns the page of a country, named by its name.
func reportCountryPath(c *report.Country) string {
	if c.Key == "" {
		return ""
	}
	return "/reports/countries/" + url.PathEscape(c.Name)
}

// page serves /reports: every region, and in it every country, with its
// figures and gaps.
func (rs *reports) page(w http.ResponseWriter, r *http.Request) {
	rep, err := rs.get(r.Context())
	if err != nil {
		rs.s.renderError(w, r, err)
		return
	}
	p := rs.s.newPage(w, r)
	p.Title = p.Msg("reports-title")
	d := reportsPage{Total: rep.Total, CSVURL: "/api/v1/reports/countries?format=csv"}
	byRegion := map[twins.Region]int{}
	for _, reg := range rep.Regions {
		byRegion[reg.Region] = len(d.Regions)
		d.Regions = append(d.Regions, reportRegionSection{ID: "region-" + string(reg.Region),
			Name: labels.Region(p.Printer(), reg.Region), Region: reg})
	}
	for _, c := range rep.Countries {
		sec := &d.Regions[byRegion[c.Region]]
		sec.Countries = append(sec.Countries, reportCountryRow{c, reportCountryPath(c)})
	}
	p.Data = d
	rs.s.render(w, r, http.StatusOK, "reports", p)
}

// reportParty is a community of a country page's lists.
type reportParty struct {
	report.Party
	Status string // translated
}

// reportPotential is a potential partnership of a country page.
type reportPotential struct {
	Community, Partner reportParty
	ProposeURL         string
}

// reportCountryPage is the Data of /reports/countries/{country}.
type reportCountryPage struct {
	Country    *report.Country
	RegionName string
	RegionURL  string
	// RegionsURL lists the country's provinces (Smart Region); empty when
	// the country has none in the data set.
	RegionsURL string
	APIURL     string
	Limit      int
	Recruit    []report.Recruit
	Potential  []reportPotential
	// WithoutPartner lists communities with no live partnership.
	WithoutPartner []reportParty
	// Totals of the lists, which the page may cut at Limit.
	RecruitTotal, PotentialTotal, WithoutPartnerTotal int
}

// countryPage serves one country's figures and gap lists, each linking to
// the city and community pages.
func (rs *reports) countryPage(w http.ResponseWriter, r *http.Request) {
	rep, c, err := rs.country(r)
	if err != nil {
		rs.s.renderError(w, r, err)
		return
	}
	p := rs.s.newPage(w, r)
	p.Title = p.Msg("reports-country-title", labels.Country(p.Printer(), c.Name))
	pr := p.Printer()
	g := rep.Gaps(c)
	party := func(x report.Party) reportParty { return reportParty{x, labels.CommunityStatus(pr, x.Status)} }
	d := reportCountryPage{Country: c, RegionName: labels.Region(pr, c.Region), RegionURL: "/reports#region-" + string(c.Region),
		APIURL: "/api/v1/reports/countries/" + url.PathEscape(c.Name), Limit: reportListMax,
		RecruitTotal: len(g.Recruit), PotentialTotal: len(g.Potential), WithoutPartnerTotal: len(g.WithoutPartner)}
	d.RegionsURL = countryRegionsURL(c.Key)
	d.Recruit = g.Recruit[:min(len(g.Recruit), reportListMax)]
	for _, x := range g.Potential[:min(len(g.Potential), reportListMax)] {
		it := reportPotential{Community: party(x.Community), Partner: party(x.Partner)}
		// The button works only for a coordinator of the proposing community: shown to them alone.
		if a := p.Actor; a.CanWrite() && a.CoordinatorOf(wikicities.PartyRef{Kind: wikicities.PartyCommunity, ID: x.Community.ID}) {
			it.ProposeURL = "/partnerships/new?" + url.Values{"a": {strconv.FormatInt(x.Community.ID, 10)},
				"b":    {string(wikicities.PartyCommunity) + ":" + strconv.FormatInt(x.Partner.ID, 10)},
				"type": {string(wikicities.TypeTwinning)}}.Encode()
		}
		d.Potential = append(d.Potential, it)
	}
	for _, x := range g.WithoutPartner[:min(len(g.WithoutPartner), reportListMax)] {
		d.WithoutPartner = append(d.WithoutPartner, party(x))
	}
	p.Data = d
	rs.s.render(w, r, http.StatusOK, "report-country", p)
}
