package regions

import (
	"cmp"
	"slices"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/geo/admin1"
	"github.com/wikicities/wikicities/twins"
)

// Input is what the region figures are built from: the twin graph, the
// placement of its cities, the directory reduced to places
// (wikicities.ReportParties) and the ids of the partnerships at risk.
type Input struct {
	Graph     *twins.Graph
	Placement *Placement
	Parties   *wikicities.ReportParties
	AtRisk    map[int64]bool
}

// Place is a city of a list.
type Place struct {
	ID      int64  `json:"id"`
	Name    string `json:"name"`
	Country string `json:"country"`
}

// Party is a community or an institution of a list, with its city.
type Party struct {
	wikicities.PartyPlace
	City Place `json:"city"`
}

// Partnership is a partnership with a party in the region.
type Partnership struct {
	ID     int64            `json:"id"`
	A      Party            `json:"a"`
	B      Party            `json:"b"`
	State  wikicities.State `json:"state"`
	AtRisk bool             `json:"at_risk"`
}

// TwinPair is a potential partnership along a twin link: a community of
// the region and one of a twin city, both active, not partners yet.
type TwinPair struct {
	Community Party `json:"community"`
	Partner   Party `json:"partner"`
}

// Recruit is a twinned city of the region with no group: where a new one
// would be twinned at once with the groups of its twin cities.
type Recruit struct {
	City     Place `json:"city"`
	Twins    int   `json:"twins"`
	Connects int   `json:"connects"`
}

// Lead is a twin-derived lead: an institution of the region with no
// partnership, in a city twinned with a city where a partnership works
// (is active).
type Lead struct {
	Institution   Party `json:"institution"`
	TwinCity      Place `json:"twin_city"`
	PartnershipID int64 `json:"partnership_id"`
}

// Figures are the counts of a region.
type Figures struct {
	Cities        int `json:"cities"`
	TwinnedCities int `json:"twinned_cities"`
	// Communities counts the active and dormant ones (not archived).
	Communities  int `json:"communities"`
	Institutions int `json:"institutions"`
	WiR          int `json:"wikimedians_in_residence"`
	// Partnerships counts the partnerships with a party in the region by state.
	Partnerships map[wikicities.State]int `json:"partnerships"`
	AtRisk       int                      `json:"at_risk"`
	// Potential counts the entries of the potential-partner lists.
	Potential int `json:"potential_partners"`
}

// InState returns the number of partnerships in state s, for templates.
func (f Figures) InState(s string) int { return f.Partnerships[wikicities.State(s)] }

// Live returns the number of live partnerships (proposed, accepted, active,
// dormant).
func (f Figures) Live() int {
	n := 0
	for _, s := range wikicities.LiveStates {
		n += f.Partnerships[s]
	}
	return n
}

// Region is one region's figures and lists.
type Region struct {
	*admin1.Region
	Figures
	Communities  []Party       `json:"communities"`
	Institutions []Party       `json:"institutions"`
	Partnerships []Partnership `json:"partnerships"`
	// The potential partners.
	InstitutionsWithoutPartner []Party    `json:"institutions_without_partnership"`
	CommunitiesWithoutInst     []Party    `json:"communities_without_institutional_partner"`
	TwinPairs                  []TwinPair `json:"twin_links_without_partnership"`
	Recruit                    []Recruit  `json:"twin_cities_without_group"`
	Leads                      []Lead     `json:"twin_derived_leads"`
}

// Report is every region's figures.
type Report struct {
	set      *admin1.Set
	regions  map[string]*Region
	coverage Coverage
}

// Region returns a region's figures, or nil for an unknown key.
func (r *Report) Region(key string) *Region { return r.regions[key] }

// Country returns the regions of a country (ISO 3166-1 alpha-2), by key,
// those with no city of the graph included.
func (r *Report) Country(code string) []*Region {
	var out []*Region
	for _, a := range r.set.InCountry(code) {
		out = append(out, r.regions[a.Key])
	}
	return out
}

// Coverage returns how the cities were placed.
func (r *Report) Coverage() Coverage { return r.coverage }

// Set returns the regions' data set.
func (r *Report) Set() *admin1.Set { return r.set }

type builder struct {
	in          Input
	rep         *Report
	communities map[int64][]Party // by city: active and dormant, not archived
	parties     map[wikicities.PartyRef]Party
	live        map[wikicities.PartyPair]bool
	partnered   map[wikicities.PartyRef]bool // in a live partnership
	withInst    map[int64]bool               // communities in a live partnership with an institution
	working     map[int64]int64              // city → an active partnership with a party there
}

// Build computes every region's figures and lists in one pass over the
// directory and the graph.
func Build(in Input) *Report {
	set := in.Placement.Set()
	rep := &Report{set: set, regions: make(map[string]*Region, len(set.Regions())), coverage: in.Placement.Coverage()}
	for _, a := range set.Regions() {
		rep.regions[a.Key] = &Region{Region: a, Figures: Figures{Partnerships: map[wikicities.State]int{}}}
	}
	b := &builder{in: in, rep: rep, communities: map[int64][]Party{}, parties: map[wikicities.PartyRef]Party{},
		live: map[wikicities.PartyPair]bool{}, partnered: map[wikicities.PartyRef]bool{}, withInst: map[int64]bool{}, working: map[int64]int64{}}
	b.directory()
	b.partnerships()
	for _, a := range set.Regions() {
		b.cities(rep.regions[a.Key])
	}
	for _, reg := range rep.regions {
		b.finish(reg)
	}
	return rep
}

func (b *builder) place(id int64) Place {
	if c := b.in.Graph.City(id); c != nil {
		return Place{ID: c.ID, Name: c.Name, Country: c.Country}
	}
	return Place{ID: id}
}

func (b *builder) regionOf(cityID int64) *Region {
	if a := b.in.Placement.Region(cityID); a != nil {
		return b.rep.regions[a.Key]
	}
	return nil
}

func (b *builder) directory() {
	for _, p := range b.in.Parties.Communities {
		x := Party{PartyPlace: p, City: b.place(p.CityID)}
		b.parties[p.Ref] = x
		if p.Archived || p.Status == wikicities.StatusClosed {
			continue
		}
		b.communities[p.CityID] = append(b.communities[p.CityID], x)
		if reg := b.regionOf(p.CityID); reg != nil {
			reg.Communities = append(reg.Communities, x)
		}
	}
	for _, p := range b.in.Parties.Institutions {
		x := Party{PartyPlace: p, City: b.place(p.CityID)}
		b.parties[p.Ref] = x
		if p.Archived {
			continue
		}
		if reg := b.regionOf(p.CityID); reg != nil {
			reg.Institutions = append(reg.Institutions, x)
		}
	}
}

func (b *builder) partnerships() {
	for _, pp := range b.in.Parties.Partnerships {
		a, okA := b.parties[pp.A]
		c, okB := b.parties[pp.B]
		if !okA || !okB {
			continue
		}
		if pp.State.Live() {
			b.live[pp.Pair()] = true
			b.partnered[pp.A], b.partnered[pp.B] = true, true
			if pp.B.Kind == wikicities.PartyInstitution {
				b.withInst[pp.A.ID] = true
			}
		}
		if pp.State == wikicities.StateActive {
			b.working[a.CityID], b.working[c.CityID] = pp.PartnershipID, pp.PartnershipID
		}
		x := Partnership{ID: pp.PartnershipID, A: a, B: c, State: pp.State, AtRisk: b.in.AtRisk[pp.PartnershipID]}
		ra, rb := b.regionOf(a.CityID), b.regionOf(c.CityID)
		regs := []*Region{ra}
		if rb != ra {
			regs = append(regs, rb)
		}
		for _, reg := range regs {
			if reg == nil {
				continue
			}
			reg.Partnerships = append(reg.Partnerships, x)
			reg.Figures.Partnerships[pp.State]++
			if x.AtRisk {
				reg.AtRisk++
			}
		}
	}
}

// cities fills the lists that follow the region's cities along their twin
// links: pairs of groups that are not partners, twinned cities with no
// group, and twin-derived leads.
func (b *builder) cities(reg *Region) {
	inst := map[int64][]Party{}
	for _, x := range reg.Institutions {
		if !b.partnered[x.Ref] {
			inst[x.CityID] = append(inst[x.CityID], x)
		}
	}
	for _, id := range b.in.Placement.Cities(reg.Key) {
		reg.Cities++
		twinIDs := b.in.Graph.Twins(id)
		if len(twinIDs) == 0 {
			continue
		}
		reg.TwinnedCities++
		here := b.communities[id]
		connects := 0
		for _, t := range twinIDs {
			there := b.communities[t]
			connects += len(there)
			if t < id && b.in.Placement.Region(t) == reg.Region {
				continue // the pair is listed from the other city
			}
			for _, x := range active(here) {
				for _, y := range active(there) {
					if !b.live[wikicities.PartyPair{A: x.Ref, B: y.Ref}.Key()] {
						reg.TwinPairs = append(reg.TwinPairs, TwinPair{Community: x, Partner: y})
					}
				}
			}
		}
		if len(here) == 0 {
			reg.Recruit = append(reg.Recruit, Recruit{City: b.place(id), Twins: len(twinIDs), Connects: connects})
		}
		for _, x := range inst[id] {
			for _, t := range twinIDs {
				if p, ok := b.working[t]; ok {
					reg.Leads = append(reg.Leads, Lead{Institution: x, TwinCity: b.place(t), PartnershipID: p})
					break
				}
			}
		}
	}
}

func active(list []Party) []Party {
	out := list[:0:0]
	for _, x := range list {
		if x.Status == wikicities.StatusActive {
			out = append(out, x)
		}
	}
	return out
}

func byName(a, c Party) int {
	return cmp.Or(cmp.Compare(wikicities.NameKey(a.Name), wikicities.NameKey(c.Name)), cmp.Compare(a.Ref.ID, c.Ref.ID))
}

func (b *builder) finish(reg *Region) {
	slices.SortFunc(reg.Communities, byName)
	slices.SortFunc(reg.Institutions, byName)
	reg.Figures.Communities, reg.Figures.Institutions = len(reg.Communities), len(reg.Institutions)
	for _, x := range reg.Institutions {
		if x.WiR {
			reg.WiR++
		}
		if !b.partnered[x.Ref] {
			reg.InstitutionsWithoutPartner = append(reg.InstitutionsWithoutPartner, x)
		}
	}
	for _, x := range reg.Communities {
		if !b.withInst[x.Ref.ID] {
			reg.CommunitiesWithoutInst = append(reg.CommunitiesWithoutInst, x)
		}
	}
	slices.SortFunc(reg.Partnerships, func(a, c Partnership) int { return cmp.Compare(a.ID, c.ID) })
	slices.SortFunc(reg.TwinPairs, func(a, c TwinPair) int { return cmp.Or(byName(a.Community, c.Community), byName(a.Partner, c.Partner)) })
	slices.SortFunc(reg.Recruit, func(a, c Recruit) int {
		return cmp.Or(cmp.Compare(c.Connects, a.Connects), cmp.Compare(c.Twins, a.Twins), cmp.Compare(a.City.Name, c.City.Name))
	})
	slices.SortFunc(reg.Leads, func(a, c Lead) int { return byName(a.Institution, c.Institution) })
	reg.Potential = len(reg.InstitutionsWithoutPartner) + len(reg.CommunitiesWithoutInst) + len(reg.TwinPairs) + len(reg.Recruit) + len(reg.Leads)
}
