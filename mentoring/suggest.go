// Package mentoring matches capacities wanted in one place to capacities
// available elsewhere and explains each suggestion the way partner
// suggestions are explained; it also holds the mentorship lifecycle. Pure Go,
// no I/O.
package mentoring

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/geo"
)

// Kind tells a person from a group; mentoring pairs parties of one kind.
type Kind string

// Party kinds.
const (
	Person Kind = "person"
	Group  Kind = "group"
)

// Ref names a party.
type Ref struct {
	Kind Kind
	ID   int64
}

func (r Ref) String() string { return fmt.Sprintf("%s:%d", r.Kind, r.ID) }

// Party is a person or a group with its capacities. A person's Groups are
// the groups they belong to: partnerships of those groups count for them.
type Party struct {
	Ref       Ref
	Name      string
	CityID    int64
	Lat, Lng  float64
	Languages []string
	Available []string // capacity codes they can share
	Wanted    []string // capacity codes they want to learn
	Groups    []int64
	// AwayUntil, when after now, keeps a mentor out of suggestions.
	AwayUntil time.Time
	// MenteeLimit caps a mentor's current mentees (Mentees); 0 is no cap.
	MenteeLimit, Mentees int

	groups []int64 // sorted: Groups, or the group's own id
}

// Input is everything the index is built from.
type Input struct {
	Parties []Party
	Twins   [][2]int64 // twinned city pairs
	// Partners are group pairs in a live partnership.
	Partners [][2]int64
	// Excluded are pairs never to suggest (an open or past mentorship, a
	// declined request), in either order.
	Excluded [][2]Ref
}

// Reason codes of mentoring suggestions.
const (
	ReasonPartners  = "partner_groups"
	ReasonTwinCity  = wikicities.ReasonTwinCity
	ReasonLanguages = wikicities.ReasonLanguages
	ReasonDistance  = "distance"
	ReasonSameCity  = "same_city"
	ReasonCapacity  = "available_capacity"
)

// Weights: relations first (partnership, then twin link), then language,
// then distance, so that a partner always ranks above a stranger with the
// same capacities.
const (
	weightPartners = 100.0
	weightTwin     = 50.0
	weightSameCity = 30.0
	weightLanguage = 15.0
	weightDistance = 10.0 // at distance 0, falling to 0 at half the Earth's circumference
	weightCapacity = 5.0  // per wanted capacity matched
	halfEarthKm    = 20037.5
)

// Suggestion is a mentor (or mentoring group) for some of the wanted
// capacities, with reasons.
type Suggestion struct {
	Mentor     Ref                 `json:"mentor"`
	Name       string              `json:"name"`
	CityID     int64               `json:"city_id"`
	Capacities []string            `json:"capacities"`
	Score      float64             `json:"score"`
	Reasons    []wikicities.Reason `json:"reasons"`
}

// Index answers Suggest; build it with New. It is read-only after New and
// safe for concurrent use.
type Index struct {
	list     []*Party                    // by dense index
	parties  map[Ref]int32               // ref -> index in list
	byCap    map[Kind]map[string][]int32 // available capacity -> parties, by id
	twins    map[int64]map[int64]bool
	partners map[int64]map[int64]bool
	excluded map[int32][]int32
	scratch  sync.Pool // *[]uint8: per-party marks of one query
}

// New builds an index. Parties are copied; capacity codes are trimmed.
func New(in Input) *Index {
	ix := &Index{
		parties: map[Ref]int32{}, byCap: map[Kind]map[string][]int32{Person: {}, Group: {}},
		twins: map[int64]map[int64]bool{}, partners: map[int64]map[int64]bool{}, excluded: map[int32][]int32{},
	}
	link := func(m map[int64]map[int64]bool, a, b int64) {
		for _, p := range [][2]int64{{a, b}, {b, a}} {
			if m[p[0]] == nil {
				m[p[0]] = map[int64]bool{}
			}
			m[p[0]][p[1]] = true
		}
	}
	for _, t := range in.Twins {
		link(ix.twins, t[0], t[1])
	}
	for _, p := range in.Partners {
		link(ix.partners, p[0], p[1])
	}
	for i := range in.Parties {
		p := in.Parties[i]
		if _, dup := ix.parties[p.Ref]; dup {
			continue
		}
		p.prepare()
		ix.parties[p.Ref] = int32(len(ix.list))
		ix.list = append(ix.list, &p)
	}
	for i, p := range ix.list {
		for _, c := range p.Available {
			ix.byCap[p.Ref.Kind][c] = append(ix.byCap[p.Ref.Kind][c], int32(i))
		}
	}
	for _, m := range ix.byCap {
		for _, ps := range m {
			sort.Slice(ps, func(i, j int) bool { return ix.list[ps[i]].Ref.ID < ix.list[ps[j]].Ref.ID })
		}
	}
	for _, e := range in.Excluded {
		a, okA := ix.parties[e[0]]
		b, okB := ix.parties[e[1]]
		if okA && okB {
			ix.excluded[a] = append(ix.excluded[a], b)
			ix.excluded[b] = append(ix.excluded[b], a)
		}
	}
	ix.scratch.New = func() any { m := make([]uint8, len(ix.list)); return &m }
	return ix
}

// prepare trims p's capacity codes and sorts its groups (a group's own id
// counting as its group).
func (p *Party) prepare() {
	p.Available = codes(p.Available)
	p.Wanted = codes(p.Wanted)
	p.groups = slices.Clone(p.Groups)
	if p.Ref.Kind == Group {
		p.groups = []int64{p.Ref.ID}
	}
	slices.Sort(p.groups)
}

func codes(cs []string) []string {
	out := make([]string, 0, len(cs))
	for _, c := range cs {
		if c = strings.TrimSpace(c); c != "" {
			out = append(out, c)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// ErrUnknownParty is returned by Suggest for a party the index does not
// hold; it matches wikicities.ErrNotFound.
var ErrUnknownParty = fmt.Errorf("mentoring: unknown party: %w", wikicities.ErrNotFound)

// Options tune one query.
type Options struct {
	Limit int       // 0 means 20
	Now   time.Time // decides who is away; zero means time.Now
	// Capacity, when set, asks for that one wanted capacity only.
	Capacity string
}

// Suggest ranks mentors for the wanted capacities of the party ref:
// parties of the same kind that have one of them available, best first
// (score, then id). Left out: the party itself, excluded pairs, mentors
// away at Now and mentors at their mentee limit. Returns ErrUnknownParty.
func (ix *Index) Suggest(ref Ref, opts Options) ([]Suggestion, error) {
	idx, ok := ix.parties[ref]
	if !ok {
		return nil, ErrUnknownParty
	}
	return ix.suggest(ix.list[idx], idx, opts), nil
}

// SuggestFor ranks mentors for p as Suggest does for a party it holds, p
// being one it does not hold: a party with no capacities and no
// mentorship, for whom no pair is excluded. For a party it holds, it is
// Suggest and p's fields are ignored.
func (ix *Index) SuggestFor(p Party, opts Options) []Suggestion {
	if idx, ok := ix.parties[p.Ref]; ok {
		return ix.suggest(ix.list[idx], idx, opts)
	}
	p.prepare()
	return ix.suggest(&p, -1, opts)
}

// suggest ranks mentors for us, the party at index me (-1 for one the
// index does not hold).
func (ix *Index) suggest(us *Party, me int32, opts Options) []Suggestion {
	ref := us.Ref
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	limit := opts.Limit
	if limit <= 0 {
		limit = 20
	}
	wanted := us.Wanted
	if opts.Capacity != "" {
		wanted = []string{strings.TrimSpace(opts.Capacity)}
	}
	// Mark each candidate once (marks are per-party bytes from a pool),
	// score it cheaply, keep the best limit, and only then work out its
	// capacities and write its reasons: most candidates of a popular
	// capacity never make the cut.
	marksp := ix.scratch.Get().(*[]uint8)
	marks := *marksp
	defer func() {
		clear(marks)
		ix.scratch.Put(marksp)
	}()
	const skip = 255
	if me >= 0 {
		marks[me] = skip
		for _, x := range ix.excluded[me] {
			marks[x] = skip
		}
	}
	// First count the wanted capacities each candidate has available...
	var touched []int32
	for _, c := range wanted {
		for _, i := range ix.byCap[ref.Kind][c] {
			switch marks[i] {
			case skip:
			case 0:
				touched = append(touched, i)
				marks[i] = 1
			default:
				if marks[i] < skip-1 {
					marks[i]++
				}
			}
		}
	}
	// ...then score those who take mentees.
	type scored struct {
		m     *Party
		score float64
	}
	cands := make([]scored, 0, len(touched))
	for _, i := range touched {
		if p := ix.list[i]; available(p, now) {
			cands = append(cands, scored{p, ix.score(us, p, int(marks[i]))})
		}
	}
	slices.SortFunc(cands, func(a, b scored) int {
		if a.score != b.score {
			if a.score > b.score {
				return -1
			}
			return 1
		}
		return cmp.Compare(a.m.Ref.ID, b.m.Ref.ID)
	})
	if len(cands) > limit {
		cands = cands[:limit]
	}
	out := make([]Suggestion, 0, len(cands))
	for _, c := range cands {
		out = append(out, ix.explain(us, c.m, intersect(wanted, c.m.Available)))
	}
	return out
}

// intersect is the codes in both sorted lists.
func intersect(a, b []string) []string {
	var out []string
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			out = append(out, a[i])
			i++
			j++
		}
	}
	return out
}

// available reports whether mentor p takes a mentee at now.
func available(p *Party, now time.Time) bool {
	if p.AwayUntil.After(now) {
		return false
	}
	return p.MenteeLimit <= 0 || p.Mentees < p.MenteeLimit
}

// score is what explain adds up, without the words.
func (ix *Index) score(us, m *Party, ncaps int) float64 {
	w := weightCapacity * float64(ncaps)
	if _, ok := ix.partnerGroups(us, m); ok {
		w += weightPartners
	}
	switch {
	case us.CityID != 0 && us.CityID == m.CityID:
		w += weightSameCity
	case ix.twins[us.CityID][m.CityID]:
		w += weightTwin
	}
	for _, l := range us.Languages {
		if slices.Contains(m.Languages, l) {
			w += weightLanguage
			break
		}
	}
	if (us.Lat != 0 || us.Lng != 0) && (m.Lat != 0 || m.Lng != 0) {
		w += distanceWeight(us, m)
	}
	return w
}

func distanceWeight(us, m *Party) float64 {
	return weightDistance * math.Max(0, 1-geo.DistanceKm(us.Lat, us.Lng, m.Lat, m.Lng)/halfEarthKm)
}

// explain scores mentor m for us and says why; its score equals score's.
func (ix *Index) explain(us, m *Party, caps []string) Suggestion {
	s := Suggestion{Mentor: m.Ref, Name: m.Name, CityID: m.CityID, Capacities: caps}
	add := func(code string, w float64, params map[string]any, text string) {
		s.Score += w
		s.Reasons = append(s.Reasons, wikicities.Reason{Code: code, Weight: w, Params: params, Text: text})
	}
	add(ReasonCapacity, weightCapacity*float64(len(caps)), map[string]any{"capacities": caps},
		fmt.Sprintf("%s can share %s", m.Name, strings.Join(caps, ", ")))
	if pair, ok := ix.partnerGroups(us, m); ok {
		add(ReasonPartners, weightPartners, map[string]any{"group": pair[0], "partner": pair[1]},
			"your groups are partners")
	}
	switch {
	case us.CityID != 0 && us.CityID == m.CityID:
		add(ReasonSameCity, weightSameCity, map[string]any{"city_id": m.CityID}, "in your city")
	case ix.twins[us.CityID][m.CityID]:
		add(ReasonTwinCity, weightTwin, map[string]any{"city_id": m.CityID}, "in a twin city of yours")
	}
	if shared := sharedLanguages(us.Languages, m.Languages); len(shared) > 0 {
		add(ReasonLanguages, weightLanguage, map[string]any{"languages": shared},
			"speaks "+strings.Join(shared, ", "))
	}
	if (us.Lat != 0 || us.Lng != 0) && (m.Lat != 0 || m.Lng != 0) {
		km := geo.DistanceKm(us.Lat, us.Lng, m.Lat, m.Lng)
		add(ReasonDistance, distanceWeight(us, m), map[string]any{"km": math.Round(km)}, fmt.Sprintf("%.0f km away", km))
	}
	return s
}

// partnerGroups finds a partnership between a group of us and a group of m
// (a group's own id counts as its group), smallest ids first.
func (ix *Index) partnerGroups(us, m *Party) ([2]int64, bool) {
	for _, a := range us.groups {
		for _, b := range m.groups {
			if ix.partners[a][b] {
				return [2]int64{a, b}, true
			}
		}
	}
	return [2]int64{}, false
}

func sharedLanguages(a, b []string) []string {
	var out []string
	for _, l := range a {
		if slices.Contains(b, l) && !slices.Contains(out, l) {
			out = append(out, l)
		}
	}
	slices.Sort(out)
	return out
}
