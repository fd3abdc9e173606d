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

// reportListPage is how many rows of each gap list a country page shows
// at once; the lists are paged (?potential=, ?recruit=, ?without= give
// each list's offset).
const reportListPage = 50

// reportPager pages one gap list of a country page.
type reportPager struct {
	From, To, Total int
	Prev, Next      string // addresses, empty at either end
}

// pageList cuts n rows at the offset of the query's param, and links the
// pages before and after, keeping the other lists' offsets.
func pageList(q url.Values, param, anchor string, n int) (lo, hi int, pg reportPager) {
	lo, _ = strconv.Atoi(q.Get(param))
	lo = max(0, min(lo, n))
	hi = min(n, lo+reportListPage)
	pg = reportPager{From: lo + 1, To: hi, Total: n}
	link := func(off int) string {
		v := url.Values{}
		for k, vs := range q {
			v[k] = vs
		}
		if off > 0 {
			v.Set(param, strconv.Itoa(off))
		} else {
			v.Del(param)
		}
		if len(v) == 0 {
			return "?#" + anchor
		}
		return "?" + v.Encode() + "#" + anchor
	}
	if lo > 0 {
		pg.Prev = link(max(0, lo-reportListPage))
	}
	if hi < n {
		pg.Next = link(hi)
	}
	return lo, hi, pg
}

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
	// Charts of the gaps by region, drawn before any table.
	Charts []reportChart
}

// reportChart is a bar chart of one figure by region: a small table (its
// text) whose cells carry bars (server-drawn SVG, hidden from assistive
// technology, which reads the numbers).
type reportChart struct {
	ID, Title string
	Bars      []reportBar
}

// reportBar is one region's bar: its figure and its length, in percent of
// the longest.
type reportBar struct {
	Name, Anchor string
	N, Percent   int
}

// gapCharts charts by region the figures that say where help is needed.
func gapCharts(pr interface{ Msg(string, ...any) string }, secs []reportRegionSection) []reportChart {
	figures := []struct {
		id, title string
		of        func(f report.Figures) int
	}{
		{"recruit", pr.Msg("reports-chart-recruit"), func(f report.Figures) int { return f.CitiesToRecruit }},
		{"at-risk", pr.Msg("reports-chart-at-risk"), func(f report.Figures) int { return f.AtRisk }},
		{"without-partner", pr.Msg("reports-chart-without-partner"), func(f report.Figures) int { return f.CommunitiesWithoutPartner }},
		{"potential", pr.Msg("reports-chart-potential"), func(f report.Figures) int { return f.PotentialPartnerships }},
	}
	var charts []reportChart
	for _, fig := range figures {
		c := reportChart{ID: "chart-" + fig.id, Title: fig.title}
		most := 0
		for _, sec := range secs {
			most = max(most, fig.of(sec.Region.Figures))
		}
		for _, sec := range secs {
			n := fig.of(sec.Region.Figures)
			if len(sec.Countries) == 0 {
				continue // a region with no city at all
			}
			b := reportBar{Name: sec.Name, Anchor: sec.ID, N: n}
			if most > 0 {
				b.Percent = (n*100 + most - 1) / most
			}
			c.Bars = append(c.Bars, b)
		}
		charts = append(charts, c)
	}
	return charts
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
	d := reportsPage{Total: rep.Total, CSVURL: "/api/v1/reports/countries?format=csv&bom=true"}
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
	d.Charts = gapCharts(p.Printer(), d.Regions)
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
	Recruit    []report.Recruit
	Potential  []reportPotential
	// WithoutPartner lists communities with no live partnership.
	WithoutPartner []reportParty
	// Totals of the lists, which the page shows a page at a time.
	RecruitTotal, PotentialTotal, WithoutPartnerTotal int
	RecruitPager, PotentialPager, WithoutPartnerPager reportPager
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
		APIURL:       "/api/v1/reports/countries/" + url.PathEscape(c.Name),
		RecruitTotal: len(g.Recruit), PotentialTotal: len(g.Potential), WithoutPartnerTotal: len(g.WithoutPartner)}
	d.RegionsURL = countryRegionsURL(c.Key)
	q := r.URL.Query()
	lo, hi, pg := pageList(q, "recruit", "wc-recruit", len(g.Recruit))
	d.Recruit, d.RecruitPager = g.Recruit[lo:hi], pg
	lo, hi, d.PotentialPager = pageList(q, "potential", "wc-potential", len(g.Potential))
	for _, x := range g.Potential[lo:hi] {
		it := reportPotential{Community: party(x.Community), Partner: party(x.Partner)}
		// The button works only for a coordinator of the proposing community: shown to them alone.
		if a := p.Actor; a.CanWrite() && a.CoordinatorOf(wikicities.PartyRef{Kind: wikicities.PartyCommunity, ID: x.Community.ID}) {
			it.ProposeURL = "/partnerships/new?" + url.Values{"a": {strconv.FormatInt(x.Community.ID, 10)},
				"b":    {string(wikicities.PartyCommunity) + ":" + strconv.FormatInt(x.Partner.ID, 10)},
				"type": {string(wikicities.TypeTwinning)}}.Encode()
		}
		d.Potential = append(d.Potential, it)
	}
	lo, hi, d.WithoutPartnerPager = pageList(q, "without", "wc-without-partner", len(g.WithoutPartner))
	for _, x := range g.WithoutPartner[lo:hi] {
		d.WithoutPartner = append(d.WithoutPartner, party(x))
	}
	p.Data = d
	rs.s.render(w, r, http.StatusOK, "report-country", p)
}
