package bench

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"testing"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/mentoring"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
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

// seedMentoring fills db, with plain SQL in one transaction, with people
// users and groups communities over 300 twinned cities, each with
// capacities available and wanted drawn from the store's vocabulary, and a
// coordinator for every other group.
func seedMentoring(b *testing.B, db *store.DB, people, groups int) {
	b.Helper()
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(11, 12))
	err := db.Update(ctx, func(tx *store.Tx) error {
		var codes []string
		rows, err := tx.Query(ctx, `SELECT code FROM capacities ORDER BY code`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var c string
			rows.Scan(&c)
			codes = append(codes, c)
		}
		rows.Close()
		hold := func(kind string, id int64) error {
			for _, st := range []string{"available", "wanted"} {
				for range 1 + rng.IntN(3) {
					if _, err := tx.Exec(ctx, `INSERT INTO holder_capacities (holder_kind, holder_id, state, capacity) VALUES (?, ?, ?, ?)
						ON CONFLICT DO NOTHING`, kind, id, st, codes[rng.IntN(len(codes))]); err != nil {
						return err
					}
				}
			}
			return nil
		}
		cities := make([]int64, 300)
		for i := range cities {
			if cities[i], err = tx.InsertID(ctx, `INSERT INTO cities (name, country, lat, lng, has_coords, name_key, created_at, updated_at)
				VALUES (?, 'XX', ?, ?, 1, ?, 0, 0)`, fmt.Sprintf("City %d", i), rng.Float64()*140-70, rng.Float64()*360-180, fmt.Sprintf("city %d", i)); err != nil {
				return err
			}
			if i > 0 {
				if _, err := tx.Exec(ctx, `INSERT INTO twin_links (a, b, source, created_at) VALUES (?, ?, 'manual', 0)`, cities[i-1], cities[i]); err != nil {
					return err
				}
			}
		}
		gids := make([]int64, groups)
		for i := range gids {
			if gids[i], err = tx.InsertID(ctx, `INSERT INTO communities (kind, name, name_key, city_id, created_at, updated_at)
				VALUES ('user_group', ?, ?, ?, 0, 0)`, fmt.Sprintf("Group %d", i), fmt.Sprintf("group %d", i), cities[rng.IntN(len(cities))]); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `INSERT INTO community_languages (community_id, language) VALUES (?, ?)`, gids[i], []string{"en", "de", "fr", "ar"}[rng.IntN(4)]); err != nil {
				return err
			}
			if err := hold("group", gids[i]); err != nil {
				return err
			}
		}
		for i := range people {
			uid, err := tx.InsertID(ctx, `INSERT INTO users (username, created_at, updated_at) VALUES (?, 0, 0)`, fmt.Sprintf("Person %d", i))
			if err != nil {
				return err
			}
			if i%2 == 0 {
				if _, err := tx.Exec(ctx, `INSERT INTO coordinators (user_id, party_kind, party_id, created_at) VALUES (?, 'community', ?, 0)`,
					uid, gids[rng.IntN(len(gids))]); err != nil {
					return err
				}
			}
			if err := hold("person", uid); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}

// BenchmarkStoreSuggestMentors: one SuggestMentors call of the SQLite store
// holding 4,000 people and 2,000 groups with capacities, as the API's and
// the CLI's mentoring suggestions make it (median and p99 over a sample of
// people and groups; reads only, nothing written between calls).
// Run: go test -run '^$' -bench StoreSuggestMentors -benchtime 3x ./bench/
func BenchmarkStoreSuggestMentors(b *testing.B) {
	db := storetest.MustOpen(b, store.SQLite)
	const people, groups = 4000, 2000
	seedMentoring(b, db, people, groups)
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(13, 14))
	sample := make([]wikicities.Holder, 50)
	for i := range sample {
		sample[i] = wikicities.Holder{Kind: wikicities.HolderPerson, ID: int64(1 + rng.IntN(people))}
		if i%2 == 1 {
			sample[i] = wikicities.Holder{Kind: wikicities.HolderGroup, ID: int64(1 + rng.IntN(groups))}
		}
	}
	ms := db.Mentorships()
	var took []time.Duration
	results := 0
	b.ResetTimer()
	for range b.N {
		took = took[:0]
		for _, h := range sample {
			t := time.Now()
			s, err := ms.SuggestMentors(ctx, h, "", 0)
			took = append(took, time.Since(t))
			if err != nil {
				b.Fatal(err)
			}
			results += len(s)
		}
	}
	b.StopTimer()
	if results == 0 {
		b.Fatal("no suggestions at all: the seed is wrong")
	}
	median, p99 := matchQuantiles(took)
	b.ReportMetric(float64(median.Microseconds()), "µs-median")
	b.ReportMetric(float64(p99.Microseconds()), "µs-p99")
	b.ReportMetric(float64(results)/float64(b.N*len(sample)), "suggestions/query")
}
