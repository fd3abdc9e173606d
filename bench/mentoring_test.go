package bench

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"testing"
	"time"

	"github.com/wikicities/wikicities/mentoring"
)

const (
	mentoringPeople     = 10000
	mentoringGroups     = 10000
	mentoringCities     = 3000
	mentoringCapacities = 120 // a CapX-sized vocabulary, three levels deep
	mentoringSample     = 1000
)

// mentoringWorld is a synthetic but realistically skewed world: capacities
// and languages drawn with a heavy head (a few are popular), each person in
// one or two groups, groups partnered in pairs, cities twinned.
func mentoringWorld() mentoring.Input {
	rng := rand.New(rand.NewPCG(7, 8))
	langs := []string{"en", "de", "fr", "es", "ar", "pt", "it", "pl", "ja", "zh", "ru", "nl", "sv", "tr", "uk"}
	skewed := func(n int) int { return int(float64(n) * rng.Float64() * rng.Float64()) }
	caps := func(k int) []string {
		out := make([]string, k)
		for i := range out {
			out[i] = fmt.Sprintf("cap%03d", skewed(mentoringCapacities))
		}
		return out
	}
	type pt struct{ lat, lng float64 }
	cities := make([]pt, mentoringCities+1)
	for i := range cities {
		cities[i] = pt{rng.Float64()*140 - 70, rng.Float64()*360 - 180}
	}
	var in mentoring.Input
	for i := 0; i < mentoringCities*2; i++ {
		in.Twins = append(in.Twins, [2]int64{int64(1 + rng.IntN(mentoringCities)), int64(1 + rng.IntN(mentoringCities))})
	}
	party := func(kind mentoring.Kind, id int64) mentoring.Party {
		city := int64(1 + rng.IntN(mentoringCities))
		p := mentoring.Party{
			Ref: mentoring.Ref{Kind: kind, ID: id}, Name: fmt.Sprintf("%s %d", kind, id), CityID: city,
			Lat: cities[city].lat, Lng: cities[city].lng,
			Languages: []string{langs[skewed(len(langs))], langs[rng.IntN(len(langs))]},
			Available: caps(1 + rng.IntN(4)), Wanted: caps(1 + rng.IntN(3)),
			MenteeLimit: rng.IntN(4), Mentees: rng.IntN(3),
		}
		if rng.IntN(10) == 0 {
			p.AwayUntil = time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
		}
		return p
	}
	for id := int64(1); id <= mentoringGroups; id++ {
		in.Parties = append(in.Parties, party(mentoring.Group, id))
	}
	for id := int64(1); id <= mentoringPeople; id++ {
		p := party(mentoring.Person, id)
		p.Groups = []int64{int64(1 + rng.IntN(mentoringGroups))}
		if rng.IntN(2) == 0 {
			p.Groups = append(p.Groups, int64(1+rng.IntN(mentoringGroups)))
		}
		in.Parties = append(in.Parties, p)
	}
	for i := 0; i < mentoringGroups/2; i++ {
		in.Partners = append(in.Partners, [2]int64{int64(1 + rng.IntN(mentoringGroups)), int64(1 + rng.IntN(mentoringGroups))})
	}
	return in
}

// BenchmarkMentoringSuggest: building the index over 10,000 people and
// 10,000 groups, then one mentoring query (median and p99 over a sample of
// people and groups).
// Run: go test -run '^$' -bench MentoringSuggest -benchtime 3x ./bench/
func BenchmarkMentoringSuggest(b *testing.B) {
	in := mentoringWorld()
	t0 := time.Now()
	ix := mentoring.New(in)
	build := time.Since(t0)
	rng := rand.New(rand.NewPCG(9, 10))
	sample := make([]mentoring.Ref, mentoringSample)
	for i := range sample {
		kind := mentoring.Person
		if i%2 == 1 {
			kind = mentoring.Group
		}
		sample[i] = mentoring.Ref{Kind: kind, ID: int64(1 + rng.IntN(mentoringPeople))}
	}
	now := time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)
	opts := mentoring.Options{Now: now}
	for _, r := range sample {
		ix.Suggest(r, opts)
	}
	runtime.GC()
	var took []time.Duration
	results := 0
	b.ResetTimer()
	for range b.N {
		took = took[:0]
		for _, r := range sample {
			t := time.Now()
			s, err := ix.Suggest(r, opts)
			took = append(took, time.Since(t))
			if err != nil {
				b.Fatal(err)
			}
			results += len(s)
		}
	}
	b.StopTimer()
	if results == 0 {
		b.Fatal("no suggestions at all: the world is wrong")
	}
	median, p99 := matchQuantiles(took)
	b.ReportMetric(float64(median.Microseconds()), "µs-median")
	b.ReportMetric(float64(p99.Microseconds()), "µs-p99")
	b.ReportMetric(float64(build.Milliseconds()), "ms-build")
	b.ReportMetric(float64(results)/float64(b.N*len(sample)), "suggestions/query")
}
