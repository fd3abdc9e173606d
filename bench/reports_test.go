package bench

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/report"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
	"github.com/wikicities/wikicities/twins"
)

const reportBenchPartnerships = 3000

// seedReportPartnerships adds partnerships in every state between random
// pairs of the synthetic communities, two thirds of them between
// communities of twin cities (where potential partnerships are counted),
// with plain SQL in one transaction.
func seedReportPartnerships(b *testing.B, db *store.DB, g *twins.Graph) {
	b.Helper()
	ctx := wikicities.NewContext(context.Background(), wikicities.System)
	type comm struct{ id, city int64 }
	var comms []comm
	byCity := map[int64][]int64{}
	rows, err := db.Query(ctx, `SELECT id, city_id FROM communities ORDER BY id`)
	if err != nil {
		b.Fatal(err)
	}
	for rows.Next() {
		var c comm
		if err := rows.Scan(&c.id, &c.city); err != nil {
			b.Fatal(err)
		}
		comms = append(comms, c)
		byCity[c.city] = append(byCity[c.city], c.id)
	}
	rows.Close()
	rng := rand.New(rand.NewPCG(5, 6))
	seen := map[[2]int64]bool{}
	now := db.Now().Unix()
	err = db.Update(ctx, func(tx *store.Tx) error {
		for n := 0; n < reportBenchPartnerships; {
			a := comms[rng.IntN(len(comms))]
			bID := comms[rng.IntN(len(comms))].id
			if n%3 != 0 {
				twinIDs := g.Twins(a.city)
				if len(twinIDs) == 0 {
					continue
				}
				there := byCity[twinIDs[rng.IntN(len(twinIDs))]]
				if len(there) == 0 {
					continue
				}
				bID = there[rng.IntN(len(there))]
			}
			pair := [2]int64{min(a.id, bID), max(a.id, bID)}
			if a.id == bID || seen[pair] {
				continue
			}
			seen[pair] = true
			state := wikicities.States[rng.IntN(len(wikicities.States))]
			if _, err := tx.Exec(ctx, `INSERT INTO partnerships (a_community_id, b_community_id, pair_key, kind, level, state,
				state_changed_at, created_at, updated_at) VALUES (?, ?, ?, 'twinning', 'local', ?, ?, ?, ?)`,
				a.id, bID, fmt.Sprintf("community:%d|community:%d", pair[0], pair[1]), string(state), now, now, now); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}

// reportCountrySQL is the baseline: one plain SQL query per country,
// computing its figures (all but the at-risk count, which needs the
// health score) over the cities whose stored country is one of the
// country's labels.
const reportCountrySQL = `
WITH cc AS (SELECT id FROM cities WHERE country IN (%s)),
tw AS (SELECT id FROM cc WHERE EXISTS (SELECT 1 FROM twin_links l WHERE l.a = cc.id) OR EXISTS (SELECT 1 FROM twin_links l WHERE l.b = cc.id)),
comm AS (SELECT id, city_id, status FROM communities WHERE archived = 0),
pc AS (SELECT p.state FROM partnerships p
       JOIN communities ac ON ac.id = p.a_community_id
       LEFT JOIN communities bc ON bc.id = p.b_community_id
       LEFT JOIN institutions bi ON bi.id = p.b_institution_id
       WHERE ac.city_id IN (SELECT id FROM cc) OR bc.city_id IN (SELECT id FROM cc) OR bi.city_id IN (SELECT id FROM cc))
SELECT
  (SELECT COUNT(*) FROM cc),
  (SELECT COUNT(*) FROM tw),
  (SELECT COUNT(*) FROM twin_links WHERE a IN (SELECT id FROM cc) AND b IN (SELECT id FROM cc)),
  (SELECT COUNT(*) FROM twin_links WHERE a IN (SELECT id FROM cc) OR b IN (SELECT id FROM cc)),
  (SELECT COUNT(*) FROM comm WHERE city_id IN (SELECT id FROM cc) AND status = 'active'),
  (SELECT COUNT(*) FROM comm WHERE city_id IN (SELECT id FROM cc) AND status = 'dormant'),
  (SELECT COUNT(*) FROM comm WHERE city_id IN (SELECT id FROM cc) AND status = 'closed'),
  (SELECT COUNT(*) FROM institutions WHERE archived = 0 AND city_id IN (SELECT id FROM cc)),
  (SELECT COUNT(*) FROM pc WHERE state = 'proposed'),
  (SELECT COUNT(*) FROM pc WHERE state = 'accepted'),
  (SELECT COUNT(*) FROM pc WHERE state = 'declined'),
  (SELECT COUNT(*) FROM pc WHERE state = 'withdrawn'),
  (SELECT COUNT(*) FROM pc WHERE state = 'active'),
  (SELECT COUNT(*) FROM pc WHERE state = 'dormant'),
  (SELECT COUNT(*) FROM pc WHERE state = 'ended'),
  (SELECT COUNT(*) FROM tw WHERE NOT EXISTS (SELECT 1 FROM comm WHERE comm.city_id = tw.id AND comm.status <> 'closed')),
  (SELECT COUNT(*) FROM comm WHERE city_id IN (SELECT id FROM cc) AND status <> 'closed'
     AND NOT EXISTS (SELECT 1 FROM partnerships p WHERE p.a_community_id = comm.id AND p.state IN ('proposed', 'accepted', 'active', 'dormant'))
     AND NOT EXISTS (SELECT 1 FROM partnerships p WHERE p.b_community_id = comm.id AND p.state IN ('proposed', 'accepted', 'active', 'dormant'))),
  (SELECT COUNT(*) FROM twin_links l JOIN communities ca ON ca.city_id = l.a
     JOIN communities cb ON cb.city_id = l.b
     WHERE (l.a IN (SELECT id FROM cc) OR l.b IN (SELECT id FROM cc))
       AND ca.archived = 0 AND ca.status = 'active' AND cb.archived = 0 AND cb.status = 'active'
       AND NOT EXISTS (SELECT 1 FROM partnerships p WHERE p.a_community_id = ca.id AND p.b_community_id = cb.id AND p.state IN ('proposed', 'accepted', 'active', 'dormant'))
       AND NOT EXISTS (SELECT 1 FROM partnerships p WHERE p.a_community_id = cb.id AND p.b_community_id = ca.id AND p.state IN ('proposed', 'accepted', 'active', 'dormant')))`

// reportPerCountry runs the baseline for every country of ours (the same
// labels) and returns the figures by country key.
func reportPerCountry(ctx context.Context, db *store.DB, countries []*report.Country) (map[string]report.Figures, error) {
	out := map[string]report.Figures{}
	for _, c := range countries {
		args := make([]any, len(c.Labels))
		for i, l := range c.Labels {
			args[i] = l
		}
		q := fmt.Sprintf(reportCountrySQL, strings.TrimSuffix(strings.Repeat("?, ", len(args)), ", "))
		f := report.Figures{Partnerships: map[wikicities.State]int{}}
		var touching int
		st := make([]int, len(wikicities.States))
		dest := []any{&f.Cities, &f.TwinnedCities, &f.TwinLinks.Within, &touching,
			&f.Communities.Active, &f.Communities.Dormant, &f.Communities.Closed, &f.Institutions}
		for i := range st {
			dest = append(dest, &st[i])
		}
		dest = append(dest, &f.CitiesToRecruit, &f.CommunitiesWithoutPartner, &f.PotentialPartnerships)
		if err := db.QueryRow(ctx, q, args...).Scan(dest...); err != nil {
			return nil, fmt.Errorf("%s: %w", c.Name, err)
		}
		f.TwinLinks.Abroad = touching - f.TwinLinks.Within
		f.Communities.Total = f.Communities.Active + f.Communities.Dormant + f.Communities.Closed
		for i, s := range wikicities.States {
			f.Partnerships[s] = st[i]
		}
		out[c.Key] = f
	}
	return out, nil
}

// BenchmarkReports: the whole country and region report (report.Load: the
// in-memory graph and a few bulk queries, health scoring included) against
// one plain SQL query per country computing the same figures, over the real
// world dataset with 10,000 synthetic communities, 2,000 institutions and
// 3,000 partnerships, on each store; prints the ratio. The baseline's
// figures must equal ours, country by country.
// Run: go test -run '^$' -bench Reports -benchtime 1x ./bench/
func BenchmarkReports(b *testing.B) {
	for _, d := range storetest.Dialects(b) {
		b.Run(string(d), func(b *testing.B) {
			db := storetest.MustOpen(b, d)
			g := loadMatchWorld(b, db)
			seedReportPartnerships(b, db, g)
			ctx := context.Background()
			r, err := report.Load(ctx, db.Services(), g) // warm up
			if err != nil {
				b.Fatal(err)
			}
			var ours, build, sql time.Duration
			for b.Loop() {
				t0 := time.Now()
				if r, err = report.Load(ctx, db.Services(), g); err != nil {
					b.Fatal(err)
				}
				ours += time.Since(t0)
			}
			runs := time.Duration(b.N)
			ours /= runs
			parties, err := db.ReportParties(ctx)
			if err != nil {
				b.Fatal(err)
			}
			for range 5 {
				t0 := time.Now()
				report.Build(report.Input{Graph: g, Parties: parties})
				if d := time.Since(t0); build == 0 || d < build {
					build = d
				}
			}
			t0 := time.Now()
			base, err := reportPerCountry(ctx, db, r.Countries)
			if err != nil {
				b.Fatal(err)
			}
			sql = time.Since(t0)
			mismatches := 0
			for _, c := range r.Countries {
				want := c.Figures
				want.AtRisk = 0
				if got := base[c.Key]; fmt.Sprint(got) != fmt.Sprint(want) {
					if mismatches++; mismatches <= 5 {
						b.Errorf("%s: SQL %+v, ours %+v", c.Name, got, want)
					}
				}
			}
			b.ReportMetric(float64(ours.Microseconds())/1000, "ms-report")
			b.ReportMetric(float64(build.Microseconds())/1000, "ms-build-in-memory")
			b.ReportMetric(float64(sql.Microseconds())/1000, "ms-sql-per-country")
			b.ReportMetric(float64(sql)/float64(ours), "speedup")
			cities, links := g.Len()
			msg := fmt.Sprintf("\nreports on %s: %d cities, %d twin links, %d countries, %d communities, %d institutions, %d partnerships\n"+
				"  report.Load (bulk queries + in-memory build): %v (of which report.Build %v)\n"+
				"  one SQL query per country (%d queries):      %v\n"+
				"  SQL / ours: %.1fx; figures identical for %d of %d countries\n",
				d, cities, links, len(r.Countries), matchBenchCommunities, matchBenchInstitutions, reportBenchPartnerships,
				ours.Round(time.Millisecond), build.Round(time.Millisecond), len(r.Countries), sql.Round(time.Millisecond),
				float64(sql)/float64(ours), len(r.Countries)-mismatches, len(r.Countries))
			b.Log(msg)
			fmt.Print(msg)
		})
	}
}
