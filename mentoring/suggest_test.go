package mentoring

import (
	"errors"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/wikicities/wikicities"
)

var now = time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)

// graph is hand-built: Ana in Bonn (city 1) wants photography and wikidata.
// Bonn is twinned with Oxford (2); Ana's group 10 is a partner of group 20.
//
//	person 2 Ben,   Oxford (twin),   en,    photography        -> twin
//	person 3 Cleo,  Paris (3),       fr,    photography        -> neither
//	person 4 Dan,   Tokyo (4),       ja,    photography, in group 20 -> partner
//	person 5 Eva,   Bonn (1),        de,    wikidata           -> same city
//	person 6 Finn,  Oxford, away until after now, photography  -> excluded
//	person 7 Gus,   Oxford, at his mentee limit, photography   -> excluded
//	person 8 Hal,   Oxford, excluded pair with Ana             -> excluded
//	group 30,       Oxford, photography: another kind          -> excluded
func graph() Input {
	bonn, oxford, paris, tokyo := [2]float64{50.73, 7.10}, [2]float64{51.75, -1.26}, [2]float64{48.86, 2.35}, [2]float64{35.68, 139.69}
	p := func(id int64, name string, city int64, at [2]float64, langs []string, avail ...string) Party {
		return Party{Ref: Ref{Person, id}, Name: name, CityID: city, Lat: at[0], Lng: at[1], Languages: langs, Available: avail}
	}
	ana := p(1, "Ana", 1, bonn, []string{"de", "en"})
	ana.Wanted = []string{"photography", "wikidata"}
	ana.Groups = []int64{10}
	dan := p(4, "Dan", 4, tokyo, []string{"ja"}, "photography")
	dan.Groups = []int64{20}
	finn := p(6, "Finn", 2, oxford, []string{"en"}, "photography")
	finn.AwayUntil = now.Add(24 * time.Hour)
	gus := p(7, "Gus", 2, oxford, []string{"en"}, "photography")
	gus.MenteeLimit, gus.Mentees = 2, 2
	return Input{
		Parties: []Party{
			ana, p(2, "Ben", 2, oxford, []string{"en"}, "photography"), p(3, "Cleo", 3, paris, []string{"fr"}, "photography"),
			dan, p(5, "Eva", 1, bonn, []string{"de"}, "wikidata"), finn, gus,
			p(8, "Hal", 2, oxford, []string{"en"}, "photography"),
			{Ref: Ref{Group, 30}, Name: "Oxford group", CityID: 2, Available: []string{"photography"}},
		},
		Twins:    [][2]int64{{1, 2}},
		Partners: [][2]int64{{10, 20}},
		Excluded: [][2]Ref{{{Person, 8}, {Person, 1}}},
	}
}

func names(ss []Suggestion) []string {
	var out []string
	for _, s := range ss {
		out = append(out, s.Name)
	}
	return out
}

func codesOf(s Suggestion) []string {
	var out []string
	for _, r := range s.Reasons {
		out = append(out, r.Code)
	}
	return out
}

func TestSuggestRanksPartnersThenTwinsThenLanguageAndDistance(t *testing.T) {
	ix := New(graph())
	ss, err := ix.Suggest(Ref{Person, 1}, Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := names(ss), []string{"Dan", "Ben", "Eva", "Cleo"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("order = %v, want %v", got, want)
	}
	wantCodes := map[string][]string{
		"Dan":  {ReasonCapacity, ReasonPartners, ReasonDistance},
		"Ben":  {ReasonCapacity, ReasonTwinCity, ReasonLanguages, ReasonDistance},
		"Eva":  {ReasonCapacity, ReasonSameCity, ReasonLanguages, ReasonDistance},
		"Cleo": {ReasonCapacity, ReasonDistance},
	}
	for _, s := range ss {
		if got := codesOf(s); !reflect.DeepEqual(got, wantCodes[s.Name]) {
			t.Errorf("%s reasons = %v, want %v", s.Name, got, wantCodes[s.Name])
		}
		sum := 0.0
		for _, r := range s.Reasons {
			sum += r.Weight
			if r.Text == "" {
				t.Errorf("%s: reason %s without text", s.Name, r.Code)
			}
		}
		if quick := ix.score(ix.list[ix.parties[Ref{Person, 1}]], ix.list[ix.parties[s.Mentor]], len(s.Capacities)); quick != s.Score {
			t.Errorf("%s: ranking score %v differs from explained score %v", s.Name, quick, s.Score)
		}
		if sum != s.Score {
			t.Errorf("%s: score %v is not the sum of its reasons %v", s.Name, s.Score, sum)
		}
	}
	if got := ss[2].Capacities; !reflect.DeepEqual(got, []string{"wikidata"}) {
		t.Errorf("Eva's capacities = %v", got)
	}
}

func TestSuggestExcludesAwayFullExcludedSelfAndOtherKind(t *testing.T) {
	ss, err := New(graph()).Suggest(Ref{Person, 1}, Options{Now: now, Capacity: "photography"})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range ss {
		switch s.Name {
		case "Finn", "Gus", "Hal", "Ana", "Oxford group":
			t.Errorf("%s suggested", s.Name)
		}
	}
	// Finn is back the day after.
	ss, _ = New(graph()).Suggest(Ref{Person, 1}, Options{Now: now.Add(48 * time.Hour), Capacity: "photography"})
	found := false
	for _, s := range ss {
		found = found || s.Name == "Finn"
	}
	if !found {
		t.Errorf("Finn not suggested once back: %v", names(ss))
	}
}

func TestSuggestGroupToGroup(t *testing.T) {
	in := graph()
	in.Parties = append(in.Parties, Party{Ref: Ref{Group, 10}, Name: "Bonn group", CityID: 1, Wanted: []string{"photography"}})
	ss, err := New(in).Suggest(Ref{Group, 10}, Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if got := names(ss); !reflect.DeepEqual(got, []string{"Oxford group"}) {
		t.Errorf("group suggestions = %v", got)
	}
}

func TestSuggestIsDeterministic(t *testing.T) {
	in := graph()
	want, _ := New(in).Suggest(Ref{Person, 1}, Options{Now: now})
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 20; i++ {
		r.Shuffle(len(in.Parties), func(a, b int) { in.Parties[a], in.Parties[b] = in.Parties[b], in.Parties[a] })
		got, _ := New(in).Suggest(Ref{Person, 1}, Options{Now: now})
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("shuffle %d changed the answer:\n got %v\nwant %v", i, names(got), names(want))
		}
	}
}

func TestSuggestLimitAndUnknown(t *testing.T) {
	ix := New(graph())
	ss, _ := ix.Suggest(Ref{Person, 1}, Options{Now: now, Limit: 2})
	if len(ss) != 2 {
		t.Errorf("limit 2 gave %d", len(ss))
	}
	if _, err := ix.Suggest(Ref{Person, 99}, Options{}); !errors.Is(err, wikicities.ErrNotFound) {
		t.Errorf("unknown party: %v", err)
	}
}

// A party the index does not hold is ranked as it would be if it held it,
// except that nothing is excluded for it (Hal comes back).
func TestSuggestForAPartyOutsideTheIndexRanksLikeSuggest(t *testing.T) {
	in := graph()
	ana := in.Parties[0]
	ix := New(in)
	held, err := ix.Suggest(ana.Ref, Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if got := ix.SuggestFor(Party{Ref: ana.Ref}, Options{Now: now}); !reflect.DeepEqual(got, held) {
		t.Errorf("SuggestFor a held party = %v, want Suggest's %v", names(got), names(held))
	}
	outside := ana
	outside.Ref = Ref{Person, 99}
	outside.Wanted = []string{" photography ", "wikidata"}
	got := ix.SuggestFor(outside, Options{Now: now})
	if want := []string{"Dan", "Ben", "Hal", "Eva", "Cleo"}; !reflect.DeepEqual(names(got), want) {
		t.Fatalf("outside: %v, want %v", names(got), want)
	}
	for i, s := range []Suggestion{got[0], got[1], got[3], got[4]} {
		if !reflect.DeepEqual(s, held[i]) {
			t.Errorf("outside %s = %+v, held %+v", s.Name, s, held[i])
		}
	}
	if _, err := ix.Suggest(outside.Ref, Options{Now: now}); !errors.Is(err, ErrUnknownParty) {
		t.Errorf("Suggest outside: %v", err)
	}
}
