// Package report counts who is where: for every country and world region,
// the cities and twin links of the graph, the communities, institutions and
// partnerships based there, and the gaps that WikiCities exists to close:
// twin cities with no community yet (where to recruit), communities with no
// partner, and twin links whose two cities both have an active community
// that are not partners yet (potential partnerships, the core of the
// twinning idea).
//
// It is pure Go with no I/O: the caller hands it the twin graph, the
// directory reduced to places (store.DB.ReportParties) and the ids of the
// partnerships at risk (package health), and Build computes every figure
// and gap list in one pass over them.
//
// Countries are states, not spellings: a city's stored country is folded
// with twins.Sovereign, so that "England", "Scotland, United Kingdom" and
// "United Kingdom" are one row (its Labels list the spellings seen), and
// placed in a region with twins.RegionOf. A country missing from the region
// table, and cities with no country at all, go to the unknown region, which
// is always listed.
package report

import (
	"cmp"
	"slices"
	"sort"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/twins"
)

// Input is what a report is built from.
type Input struct {
	Graph   *twins.Graph
	Parties *wikicities.ReportParties
	// AtRisk holds the ids of the partnerships that health scores at risk.
	AtRisk map[int64]bool
}

// Links counts twin links of a scope (a country, a region): Within joins
// two cities of the scope, Abroad one of its cities and one elsewhere. For
// the world every link is within.
type Links struct {
	Within int `json:"within"`
	Abroad int `json:"abroad"`
}

// Communities counts the communities of a scope by status (archived ones
// are not counted).
type Communities struct {
	Active  int `json:"active"`
	Dormant int `json:"dormant"`
	Closed  int `json:"closed"`
	Total   int `json:"total"`
}

// Figures are the counts of one scope.
type Figures struct {
	// Cities are the graph's cities there; Twinned those with a twin.
	Cities        int         `json:"cities"`
	TwinnedCities int         `json:"twinned_cities"`
	TwinLinks     Links       `json:"twin_links"`
	Communities   Communities `json:"communities"`
	Institutions  int         `json:"institutions"`
	// Partnerships counts, by state, the partnerships with a party in the
	// scope; one between two countries counts in both (once in the world).
	Partnerships map[wikicities.State]int `json:"partnerships"`
	// AtRisk counts the partnerships with a party in the scope that
	// health scores at risk.
	AtRisk int `json:"at_risk"`
	// The gaps.
	CitiesToRecruit           int `json:"cities_to_recruit"`
	CommunitiesWithoutPartner int `json:"communities_without_partner"`
	PotentialPartnerships     int `json:"potential_partnerships"`
}

// InState returns the number of partnerships in state s ("active"), for
// templates, which cannot index the map with a State.
func (f Figures) InState(s string) int { return f.Partnerships[wikicities.State(s)] }

// Country is one state's row.
type Country struct {
	// Key is the folded state name (twins.Sovereign); "" for the cities
	// stored without a country.
	Key string `json:"key"`
	// Name is the state's English short name from the region table, else
	// the spelling most cities carry; "" for no country.
	Name string `json:"name"`
	// Labels are the country spellings stored on its cities, the most
	// frequent first ("England", "Scotland", "United Kingdom", ...).
	Labels []string     `json:"labels"`
	Region twins.Region `json:"region"`
	Figures
}

// Region is one world region's row.
type Region struct {
	Region twins.Region `json:"region"`
	Name   string       `json:"name"` // English
	// Countries are the names of its countries that have a city, in
	// report order.
	Countries []string `json:"countries"`
	Figures
}

// Place is a city of a gap list.
type Place struct {
	ID      int64  `json:"id"`
	Name    string `json:"name"`
	Country string `json:"country"`
}

// Party is a community of a gap list, with its city.
type Party struct {
	ID     int64             `json:"id"`
	Name   string            `json:"name"`
	Status wikicities.Status `json:"status"`
	City   Place             `json:"city"`
}

// Recruit is a twin city with no community: a place to recruit one.
type Recruit struct {
	City Place `json:"city"`
	// Twins is its number of twin cities; Connects the communities in them,
	// which a group there would be twinned with (as match.Recruit counts).
	Twins    int `json:"twins"`
	Connects int `json:"connects"`
}

// Potential is a potential partnership: two active communities of twin
// cities that are not partners. Community is the one of the country the
// list belongs to (for a link within a country, the one of the city with
// the smaller id).
type Potential struct {
	Community Party `json:"community"`
	Partner   Party `json:"partner"`
}

// Gaps are the gap lists of one country.
type Gaps struct {
	// Recruit are its twin cities with no community (not closed, not
	// archived), most connecting first.
	Recruit []Recruit `json:"recruit"`
	// Potential are its potential partnerships, by community then partner.
	Potential []Potential `json:"potential_partnerships"`
	// WithoutPartner are its communities (active or dormant) with no live
	// partnership (proposed, accepted, active or dormant), by name.
	WithoutPartner []Party `json:"communities_without_partner"`
}

// Report is the whole report.
type Report struct {
	// Countries in region order (twins.Regions), then by name.
	Countries []*Country `json:"countries"`
	// Regions, every one of twins.Regions, the unknown one included.
	Regions []*Region `json:"regions"`
	Total   Figures   `json:"total"`

	gaps map[string]*Gaps
}

// Country returns the row of the country a label names ("England" and
// "United Kingdom" give the same), or nil.
func (r *Report) Country(label string) *Country {
	key := twins.Sovereign(label)
	if key == "" {
		return nil
	}
	for _, c := range r.Countries {
		if c.Key == key {
			return c
		}
	}
	return nil
}

// Gaps returns the gap lists of c, never nil.
func (r *Report) Gaps(c *Country) *Gaps {
	if g := r.gaps[c.Key]; g != nil {
		return g
	}
	return &Gaps{Recruit: []Recruit{}, Potential: []Potential{}, WithoutPartner: []Party{}}
}

func newFigures() Figures {
	f := Figures{Partnerships: make(map[wikicities.State]int, len(wikicities.States))}
	for _, s := range wikicities.States {
		f.Partnerships[s] = 0
	}
	return f
}

// builder holds the scopes while Build counts.
type builder struct {
	in        Input
	report    *Report
	countries map[string]*Country
	regions   map[twins.Region]*Region
	// keyOf memoises the folded country of each stored spelling.
	keyOf    map[string]string
	cityKey  map[int64]string
	labelUse map[string]map[string]int // key -> stored spelling -> cities

	present   map[int64]int                    // communities neither closed nor archived, by city
	active    map[int64][]int64                // active communities by city, ascending ids
	comms     map[int64]*wikicities.PartyPlace // every community, by id
	insts     map[int64]*wikicities.PartyPlace // every institution, by id
	live      map[wikicities.PartyPair]bool    // pairs of parties in a live partnership
	partnered map[int64]bool                   // communities in a live partnership
}

// country returns the key of a city's country, creating its row.
func (b *builder) cityCountry(id int64) string {
	if k, ok := b.cityKey[id]; ok {
		return k
	}
	return "" // a party in a city the graph does not know: no country
}

func (b *builder) row(key string) *Country {
	c := b.countries[key]
	if c == nil {
		c = &Country{Key: key, Region: twins.RegionUnknown, Figures: newFigures()}
		if key != "" {
			c.Region = twins.RegionOf(key)
		}
		b.countries[key] = c
	}
	return c
}

// each applies fn to the figures of the countries with the given keys, of
// their regions and of the world, each scope once.
func (b *builder) each(keys [2]string, fn func(f *Figures)) {
	a, c := b.row(keys[0]), b.row(keys[1])
	fn(&a.Figures)
	if c != a {
		fn(&c.Figures)
	}
	ra, rc := b.regions[a.Region], b.regions[c.Region]
	fn(&ra.Figures)
	if rc != ra {
		fn(&rc.Figures)
	}
	fn(&b.report.Total)
}

func (b *builder) one(key string) [2]string { return [2]string{key, key} }

func (b *builder) gaps(key string) *Gaps {
	g := b.report.gaps[key]
	if g == nil {
		g = &Gaps{Recruit: []Recruit{}, Potential: []Potential{}, WithoutPartner: []Party{}}
		b.report.gaps[key] = g
	}
	return g
}

func place(c *wikicities.City) Place {
	if c == nil {
		return Place{}
	}
	return Place{ID: c.ID, Name: c.Name, Country: c.Country}
}

// Build computes the report from in.
func Build(in Input) *Report {
	parties := in.Parties
	if parties == nil {
		parties = &wikicities.ReportParties{}
	}
	r := &Report{Total: newFigures(), gaps: map[string]*Gaps{}}
	b := &builder{in: in, report: r, countries: map[string]*Country{}, regions: map[twins.Region]*Region{},
		keyOf: map[string]string{}, cityKey: map[int64]string{}, labelUse: map[string]map[string]int{},
		present: map[int64]int{}, active: map[int64][]int64{},
		comms: map[int64]*wikicities.PartyPlace{}, insts: map[int64]*wikicities.PartyPlace{},
		live: map[wikicities.PartyPair]bool{}, partnered: map[int64]bool{}}
	for _, reg := range twins.Regions {
		b.regions[reg] = &Region{Region: reg, Name: reg.Name(), Countries: []string{}, Figures: newFigures()}
	}
	cities := in.Graph.Cities()
	b.countCountries(cities)
	b.countDirectory(parties)
	b.countPartnerships(parties)
	for _, c := range cities {
		b.countCity(c)
	}
	b.finish()
	return r
}

// countCountries maps every city to its folded country and counts the
// spellings of each country in use.
func (b *builder) countCountries(cities []*wikicities.City) {
	for _, c := range cities {
		k, ok := b.keyOf[c.Country]
		if !ok {
			k = twins.Sovereign(c.Country)
			b.keyOf[c.Country] = k
		}
		b.cityKey[c.ID] = k
		if b.labelUse[k] == nil {
			b.labelUse[k] = map[string]int{}
		}
		b.labelUse[k][c.Country]++
	}
}

// countDirectory counts communities and institutions by country, and
// remembers by city which communities are present and which active.
func (b *builder) countDirectory(parties *wikicities.ReportParties) {
	for i := range parties.Communities {
		p := &parties.Communities[i]
		b.comms[p.Ref.ID] = p
		if p.Archived {
			continue
		}
		b.each(b.one(b.cityCountry(p.CityID)), func(f *Figures) {
			f.Communities.Total++
			switch p.Status {
			case wikicities.StatusActive:
				f.Communities.Active++
			case wikicities.StatusDormant:
				f.Communities.Dormant++
			case wikicities.StatusClosed:
				f.Communities.Closed++
			}
		})
		if p.Status != wikicities.StatusClosed {
			b.present[p.CityID]++
		}
		if p.Status == wikicities.StatusActive {
			b.active[p.CityID] = append(b.active[p.CityID], p.Ref.ID)
		}
	}
	for i := range parties.Institutions {
		p := &parties.Institutions[i]
		b.insts[p.Ref.ID] = p
		if !p.Archived {
			b.each(b.one(b.cityCountry(p.CityID)), func(f *Figures) { f.Institutions++ })
		}
	}
}

// cityOf returns the city of a party, 0 if it is unknown.
func (b *builder) cityOf(ref wikicities.PartyRef) int64 {
	m := b.comms
	if ref.Kind == wikicities.PartyInstitution {
		m = b.insts
	}
	if p := m[ref.ID]; p != nil {
		return p.CityID
	}
	return 0
}

// party returns community id as a report shows it.
func (b *builder) party(id int64) Party {
	p := b.comms[id]
	return Party{ID: id, Name: p.Name, Status: p.Status, City: place(b.in.Graph.City(p.CityID))}
}

// countPartnerships counts partnerships by state and country, remembers
// who is a partner of whom, and lists the communities without a partner.
func (b *builder) countPartnerships(parties *wikicities.ReportParties) {
	for _, pp := range parties.Partnerships {
		keys := [2]string{b.cityCountry(b.cityOf(pp.A)), b.cityCountry(b.cityOf(pp.B))}
		atRisk := b.in.AtRisk[pp.PartnershipID]
		b.each(keys, func(f *Figures) {
			f.Partnerships[pp.State]++
			if atRisk {
				f.AtRisk++
			}
		})
		if pp.State.Live() {
			b.live[pp.Pair()] = true
			for _, ref := range []wikicities.PartyRef{pp.A, pp.B} {
				if ref.Kind == wikicities.PartyCommunity {
					b.partnered[ref.ID] = true
				}
			}
		}
	}
	for i := range parties.Communities {
		p := &parties.Communities[i]
		if p.Archived || p.Status == wikicities.StatusClosed || b.partnered[p.Ref.ID] {
			continue
		}
		key := b.cityCountry(p.CityID)
		b.each(b.one(key), func(f *Figures) { f.CommunitiesWithoutPartner++ })
		g := b.gaps(key)
		g.WithoutPartner = append(g.WithoutPartner, b.party(p.Ref.ID))
	}
}

// countCity counts a city, whether it is a place to recruit in, and its
// twin links (each once, from its smaller end) with the potential
// partnerships along them.
func (b *builder) countCity(c *wikicities.City) {
	key := b.cityKey[c.ID]
	twinIDs := b.in.Graph.Twins(c.ID)
	b.each(b.one(key), func(f *Figures) {
		f.Cities++
		if len(twinIDs) > 0 {
			f.TwinnedCities++
		}
	})
	if len(twinIDs) > 0 && b.present[c.ID] == 0 {
		rec := Recruit{City: place(c), Twins: len(twinIDs)}
		for _, t := range twinIDs {
			rec.Connects += b.present[t]
		}
		b.each(b.one(key), func(f *Figures) { f.CitiesToRecruit++ })
		g := b.gaps(key)
		g.Recruit = append(g.Recruit, rec)
	}
	for _, t := range twinIDs {
		if t < c.ID {
			continue // each link once, from its smaller end
		}
		b.countLink(c.ID, key, t, b.cityKey[t])
	}
}

// countLink counts the twin link of cities a and t (countries key and
// tkey) within or across countries and regions, and the potential
// partnerships between their active communities that are not partners yet.
func (b *builder) countLink(a int64, key string, t int64, tkey string) {
	ra, ro := b.row(key), b.row(tkey)
	switch {
	case ra == ro:
		ra.TwinLinks.Within++
	default:
		ra.TwinLinks.Abroad++
		ro.TwinLinks.Abroad++
	}
	if ga, gb := b.regions[ra.Region], b.regions[ro.Region]; ga == gb {
		ga.TwinLinks.Within++
	} else {
		ga.TwinLinks.Abroad++
		gb.TwinLinks.Abroad++
	}
	b.report.Total.TwinLinks.Within++
	for _, ca := range b.active[a] {
		for _, cb := range b.active[t] {
			pair := wikicities.PartyPair{A: wikicities.PartyRef{Kind: wikicities.PartyCommunity, ID: ca},
				B: wikicities.PartyRef{Kind: wikicities.PartyCommunity, ID: cb}}.Key()
			if b.live[pair] {
				continue
			}
			b.each([2]string{key, tkey}, func(f *Figures) { f.PotentialPartnerships++ })
			pa, pb := b.party(ca), b.party(cb)
			g := b.gaps(key)
			g.Potential = append(g.Potential, Potential{Community: pa, Partner: pb})
			if tkey != key {
				g := b.gaps(tkey)
				g.Potential = append(g.Potential, Potential{Community: pb, Partner: pa})
			}
		}
	}
}

// finish names the countries, orders the rows and the gap lists.
func (b *builder) finish() {
	r := b.report
	for key, c := range b.countries {
		use := b.labelUse[key]
		for l := range use {
			c.Labels = append(c.Labels, l)
		}
		sort.Slice(c.Labels, func(i, j int) bool {
			if use[c.Labels[i]] != use[c.Labels[j]] {
				return use[c.Labels[i]] > use[c.Labels[j]]
			}
			return c.Labels[i] < c.Labels[j]
		})
		if c.Labels == nil {
			c.Labels = []string{}
		}
		if name, ok := twins.StateName(key); ok {
			c.Name = name
		} else if len(c.Labels) > 0 {
			c.Name = c.Labels[0]
		}
		r.Countries = append(r.Countries, c)
	}
	order := map[twins.Region]int{}
	for i, reg := range twins.Regions {
		order[reg] = i
	}
	sort.Slice(r.Countries, func(i, j int) bool {
		a, c := r.Countries[i], r.Countries[j]
		if a.Region != c.Region {
			return order[a.Region] < order[c.Region]
		}
		if ka, kc := wikicities.NameKey(a.Name), wikicities.NameKey(c.Name); ka != kc {
			return ka < kc
		}
		return a.Key < c.Key
	})
	for _, c := range r.Countries {
		reg := b.regions[c.Region]
		reg.Countries = append(reg.Countries, c.Name)
	}
	for _, reg := range twins.Regions {
		r.Regions = append(r.Regions, b.regions[reg])
	}
	// Name keys are folded once: the lists of a large country are sorted
	// with many comparisons each.
	keys := map[string]string{}
	key := func(name string) string {
		k, ok := keys[name]
		if !ok {
			k = wikicities.NameKey(name)
			keys[name] = k
		}
		return k
	}
	byName := func(a, c Party) int {
		if d := cmp.Compare(key(a.Name), key(c.Name)); d != 0 {
			return d
		}
		return cmp.Compare(a.ID, c.ID)
	}
	for _, g := range r.gaps {
		slices.SortFunc(g.Recruit, func(a, c Recruit) int {
			if a.Connects != c.Connects {
				return c.Connects - a.Connects
			}
			if d := cmp.Compare(key(a.City.Name), key(c.City.Name)); d != 0 {
				return d
			}
			return cmp.Compare(a.City.ID, c.City.ID)
		})
		slices.SortFunc(g.Potential, func(a, c Potential) int {
			if d := byName(a.Community, c.Community); d != 0 {
				return d
			}
			return byName(a.Partner, c.Partner)
		})
		slices.SortFunc(g.WithoutPartner, byName)
	}
}
