// Package bench measures WikiCities against baselines named in its issues,
// in the same run, and prints the ratios.
package bench

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/internal/realdata"
	"github.com/wikicities/wikicities/match"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
	"github.com/wikicities/wikicities/twins"
)

const (
	matchBenchCommunities  = 10000
	matchBenchInstitutions = 2000
	matchQuerySample       = 1000 // suggestion queries timed one by one
	matchSQLSample         = 200  // the SQL baseline is slower: fewer queries
)

// loadMatchWorld imports the real world dataset into db with the product's
// importer, adds 10,000 synthetic communities (of realistic kinds, see
// below) and 2,000 institutions spread over its cities (fixed seed), and
// returns the graph built from the store.
func loadMatchWorld(b *testing.B, db *store.DB) *twins.Graph {
	b.Helper()
	g := realdata.Import(b, db)
	cities, err := db.Cities().AllCities(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	ctx := wikicities.NewContext(context.Background(), wikicities.System)
	rng := rand.New(rand.NewPCG(1, 2))
	langs := []string{"en", "de", "fr", "es", "it", "pt", "ru", "zh", "ja", "ar", "pl", "nl", "sv", "uk", "tr", "sn", "hi", "mr"}
	skills := wikicities.DefaultSkills
	pick := func(from []string, n int) []string {
		var out []string
		for range n {
			if s := from[rng.IntN(len(from))]; !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
		return out
	}
	// Kinds as in the real directory: about one chapter a country, a few
	// thematic organisations, user groups, and mostly local groups and wiki
	// clubs. Chapters, thematic organisations and user groups listed by
	// country cover their country: their share decides how many a query
	// may consider (match.Matcher bounds it anyway).
	chapterIn := map[string]bool{}
	kind := func(city *wikicities.City) wikicities.CommunityKind {
		switch land := twins.Sovereign(city.Country); {
		case land != "" && !chapterIn[land]:
			chapterIn[land] = true
			return wikicities.KindChapter
		case rng.IntN(500) == 0:
			return wikicities.KindThematic
		case rng.IntN(5) == 0:
			return wikicities.KindUserGroup
		case rng.IntN(2) == 0:
			return wikicities.KindWikiClub
		}
		return wikicities.KindLocalGroup
	}
	err = db.Update(ctx, func(tx *store.Tx) error {
		for i := range matchBenchCommunities {
			city := cities[rng.IntN(len(cities))]
			status := "active"
			if rng.IntN(10) == 0 {
				status = "dormant"
			}
			id, err := tx.InsertID(ctx, `INSERT INTO communities (kind, name, name_key, city_id, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 0, 0)`,
				string(kind(city)), fmt.Sprintf("Community %d of %s", i, city.Name), fmt.Sprintf("community %d", i), city.ID, status)
			if err != nil {
				return err
			}
			for _, l := range pick(langs, 1+rng.IntN(3)) {
				if _, err := tx.Exec(ctx, `INSERT INTO community_languages (community_id, language) VALUES (?, ?)`, id, l); err != nil {
					return err
				}
			}
			for dir, n := range map[string]int{"offered": 1 + rng.IntN(3), "wanted": rng.IntN(3)} {
				for _, s := range pick(skills, n) {
					if _, err := tx.Exec(ctx, `INSERT INTO party_skills (party_kind, party_id, direction, skill) VALUES ('community', ?, ?, ?)`, id, dir, s); err != nil {
						return err
					}
				}
			}
		}
		ikinds := wikicities.InstitutionKinds
		for i := range matchBenchInstitutions {
			city := cities[rng.IntN(len(cities))]
			id, err := tx.InsertID(ctx, `INSERT INTO institutions (kind, name, name_key, city_id, created_at, updated_at) VALUES (?, ?, ?, ?, 0, 0)`,
				string(ikinds[rng.IntN(len(ikinds))]), fmt.Sprintf("Institution %d", i), fmt.Sprintf("institution %d", i), city.ID)
			if err != nil {
				return err
			}
			for _, s := range pick(skills, 1+rng.IntN(2)) {
				if _, err := tx.Exec(ctx, `INSERT INTO party_skills (party_kind, party_id, direction, skill) VALUES ('institution', ?, 'wanted', ?)`, id, s); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return g
}

// buildMatchIndex loads the directory from the store as the server does.
func buildMatchIndex(b *testing.B, db *store.DB, g *twins.Graph) *match.Matcher {
	b.Helper()
	ctx := context.Background()
	comms, err := db.Communities().AllCommunities(ctx)
	if err != nil {
		b.Fatal(err)
	}
	insts, err := db.Institutions().AllInstitutions(ctx)
	if err != nil {
		b.Fatal(err)
	}
	return match.New(match.Input{Graph: g, Communities: comms, Institutions: insts}, match.DefaultWeights())
}

// matchSQLRanking is the baseline: the twin-graph part of the ranking (direct
// twins, twins of twins, shared languages, skills both ways, with the
// default weights) as one plain SQL query against the same store. It has no
// nearest-community fallback, institutions or requests: those need a
// spatial index and more than SQL does well, so the baseline is the
// cheaper part of the work.
const matchSQLRanking = `
WITH me AS (SELECT id, city_id FROM communities WHERE id = ?),
tw AS (SELECT b AS city FROM twin_links WHERE a = (SELECT city_id FROM me)
       UNION SELECT a FROM twin_links WHERE b = (SELECT city_id FROM me)),
tw2 AS (SELECT l.b AS city FROM twin_links l JOIN tw ON l.a = tw.city
        UNION SELECT l.a FROM twin_links l JOIN tw ON l.b = tw.city),
cand AS (
  SELECT c.id, 10.0 AS s FROM communities c JOIN tw ON c.city_id = tw.city
  UNION ALL
  SELECT c.id, 4.0 FROM communities c JOIN tw2 ON c.city_id = tw2.city
   WHERE tw2.city NOT IN (SELECT city FROM tw) AND tw2.city <> (SELECT city_id FROM me)
),
scored AS (
  SELECT cand.id, SUM(cand.s) AS s FROM cand JOIN communities c ON c.id = cand.id
   WHERE c.archived = 0 AND c.status <> 'closed' AND cand.id <> (SELECT id FROM me)
   GROUP BY cand.id
)
SELECT s.id,
  (s.s
   + 1.5 * (SELECT COUNT(*) FROM community_languages l1 JOIN community_languages l2 ON l1.language = l2.language
            WHERE l1.community_id = s.id AND l2.community_id = (SELECT id FROM me))
   + 1.0 * (SELECT COUNT(*) FROM party_skills o JOIN party_skills w ON o.skill = w.skill
            WHERE o.party_kind = 'community' AND o.party_id = s.id AND o.direction = 'offered'
              AND w.party_kind = 'community' AND w.party_id = (SELECT id FROM me) AND w.direction = 'wanted')
   + 1.0 * (SELECT COUNT(*) FROM party_skills o JOIN party_skills w ON o.skill = w.skill
            WHERE o.party_kind = 'community' AND o.party_id = (SELECT id FROM me) AND o.direction = 'offered'
              AND w.party_kind = 'community' AND w.party_id = s.id AND w.direction = 'wanted')
  ) * (CASE WHEN (SELECT status FROM communities WHERE id = s.id) = 'dormant' THEN 0.5 ELSE 1.0 END) AS score
FROM scored s
ORDER BY score DESC, s.id
LIMIT 50`

func matchQuantiles(d []time.Duration) (median, p99 time.Duration) {
	slices.Sort(d)
	return d[len(d)/2], d[min(len(d)-1, len(d)*99/100)]
}

// BenchmarkSuggest: one suggestion query (median and p99 over a sample of
// communities), every community's suggestions in one batch, and the same
// sample ranked by plain SQL on the same store; ratios ours/SQL.
// Run: make bench (or go test -run '^$' -bench Suggest -benchtime 1x ./bench/).
func BenchmarkSuggest(b *testing.B) {
	for _, d := range storetest.Dialects(b) {
		b.Run(string(d), func(b *testing.B) {
			db := storetest.MustOpen(b, d)
			g := loadMatchWorld(b, db)
			start := time.Now()
			m := buildMatchIndex(b, db, g)
			build := time.Since(start)
			ctx := context.Background()
			rng := rand.New(rand.NewPCG(3, 4))
			sample := make([]int64, matchQuerySample)
			for i := range sample {
				sample[i] = int64(1 + rng.IntN(matchBenchCommunities))
			}
			var ours, sql []time.Duration
			var results int
			// Steady state, as in a running server: the loading's garbage
			// collected, the sample run once.
			for _, id := range sample {
				m.Suggest(id, match.Options{})
			}
			runtime.GC()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			b.ResetTimer()
			for range b.N {
				ours = ours[:0]
				for _, id := range sample {
					t0 := time.Now()
					s, err := m.Suggest(id, match.Options{})
					ours = append(ours, time.Since(t0))
					if err != nil {
						b.Fatal(err)
					}
					results += len(s)
				}
			}
			b.StopTimer()
			runtime.ReadMemStats(&after)
			allocs := float64(after.Mallocs-before.Mallocs) / float64(b.N*len(sample))
			// The machine is shared: a query descheduled midway inflates
			// the p99. The best of 5 runs of each query is its own cost.
			best := make([]time.Duration, len(sample))
			for i, id := range sample {
				for range 5 {
					t0 := time.Now()
					m.Suggest(id, match.Options{})
					if d := time.Since(t0); best[i] == 0 || d < best[i] {
						best[i] = d
					}
				}
			}
			bm, bp := matchQuantiles(best)
			t0 := time.Now()
			for id := int64(1); id <= matchBenchCommunities; id++ {
				if _, err := m.Suggest(id, match.Options{}); err != nil {
					b.Fatal(err)
				}
			}
			batch := time.Since(t0)
			for _, id := range sample[:matchSQLSample] {
				t0 := time.Now()
				rows, err := db.Query(ctx, matchSQLRanking, id)
				if err != nil {
					b.Fatal(err)
				}
				n := 0
				for rows.Next() {
					n++
				}
				if err := rows.Err(); err != nil {
					b.Fatal(err)
				}
				rows.Close()
				sql = append(sql, time.Since(t0))
			}
			sqlBatch := time.Duration(0)
			for _, x := range sql {
				sqlBatch += x
			}
			sqlBatch = sqlBatch * matchBenchCommunities / matchSQLSample // extrapolated from the sample
			om, op := matchQuantiles(ours)
			sm, sp := matchQuantiles(sql)
			b.ReportMetric(float64(om.Microseconds()), "µs-median")
			b.ReportMetric(float64(op.Microseconds()), "µs-p99")
			b.ReportMetric(float64(bp.Microseconds()), "µs-p99-best-of-5")
			b.ReportMetric(batch.Seconds()*1000, "ms-batch")
			b.ReportMetric(float64(om)/float64(sm), "ours/sql-median")
			b.ReportMetric(allocs, "allocs/query")
			cities, links := g.Len()
			var sb strings.Builder
			fmt.Fprintf(&sb, "\nmatchmaking on %s: %d cities, %d twin links, %d communities, %d institutions (index built from the store in %v)\n",
				d, cities, links, matchBenchCommunities, matchBenchInstitutions, build.Round(time.Millisecond))
			fmt.Fprintf(&sb, "  %-34s %12s %12s\n", "", "median", "p99")
			fmt.Fprintf(&sb, "  %-34s %12v %12v   (%.0f allocations a query)\n", "match.Suggest, one query", om, op, allocs)
			fmt.Fprintf(&sb, "  %-34s %12v %12v\n", "match.Suggest, best of 5 a query", bm, bp)
			fmt.Fprintf(&sb, "  %-34s %12v %12v\n", "plain SQL ranking, one query", sm, sp)
			fmt.Fprintf(&sb, "  %-34s %12.4f %12.4f\n", "ours / SQL", float64(om)/float64(sm), float64(op)/float64(sp))
			fmt.Fprintf(&sb, "  all %d communities' suggestions: ours %v, SQL ~%v (extrapolated from %d queries), ours/SQL %.4f\n",
				matchBenchCommunities, batch.Round(time.Millisecond), sqlBatch.Round(time.Millisecond), matchSQLSample, float64(batch)/float64(sqlBatch))
			b.Log(sb.String())
			fmt.Print(sb.String())
		})
	}
}
