package bench

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/health"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

// seedPartnerships fills db with n active partnerships between n+1
// communities, each with perP past activities and two responsibilities,
// with plain SQL in one transaction.
func seedPartnerships(b *testing.B, db *store.DB, n, perP int) {
	b.Helper()
	ctx := context.Background()
	now := db.Now()
	err := db.Update(ctx, func(tx *store.Tx) error {
		city, err := tx.InsertID(ctx, `INSERT INTO cities (name, country, name_key, created_at, updated_at) VALUES ('Bench', 'XX', 'bench', 0, 0)`)
		if err != nil {
			return err
		}
		ids := make([]int64, n+1)
		for i := range ids {
			if ids[i], err = tx.InsertID(ctx, `INSERT INTO communities (kind, name, name_key, city_id, created_at, updated_at)
				VALUES ('user_group', ?, ?, ?, 0, 0)`, fmt.Sprintf("Community %d", i), fmt.Sprintf("community %d", i), city); err != nil {
				return err
			}
		}
		for i := range n {
			a, c := ids[i], ids[i+1]
			pid, err := tx.InsertID(ctx, `INSERT INTO partnerships (a_community_id, b_community_id, pair_key, kind, level, state,
				state_changed_at, created_at, updated_at) VALUES (?, ?, ?, 'regional', 'local', 'active', ?, ?, ?)`,
				a, c, fmt.Sprintf("community:%d|community:%d", a, c), now.AddDate(-2, 0, 0).Unix(), now.AddDate(-2, 0, 0).Unix(), now.Unix())
			if err != nil {
				return err
			}
			for j := range perP {
				// Every tenth partnership has gone quiet for eight months.
				start := now.AddDate(0, 0, -(j*30 + 5))
				if i%10 == 0 {
					start = start.AddDate(0, -8, 0)
				}
				if _, err := tx.Exec(ctx, `INSERT INTO partnership_activities (partnership_id, kind, title, starts_at, organizers_a_json,
					organizers_b_json, participants, created_at, updated_at) VALUES (?, 'workshop', 'Workshop', ?, '["a"]', '["b"]', 10, 0, 0)`,
					pid, start.Unix()); err != nil {
					return err
				}
			}
			for j := range 2 {
				if _, err := tx.Exec(ctx, `INSERT INTO partnership_responsibilities (partnership_id, owner_side, description, due_date, created_at, updated_at)
					VALUES (?, 'a', 'Task', ?, 0, 0)`, pid, now.AddDate(0, -j, 0).Unix()); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}

// atRiskBatched is what the API, the digest and `partnerships check` do:
// three queries, then pure scoring.
func atRiskBatched(ctx context.Context, db *store.DB) (int, error) {
	ps, acts, err := db.Partnerships().HealthInputs(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, r := range health.AssessAll(ps, acts, db.Now()) {
		if r.AtRisk {
			n++
		}
	}
	return n, nil
}

// atRiskPerPartnership is the baseline: list the partnerships, then load
// each one and its activities (two more queries per partnership).
func atRiskPerPartnership(ctx context.Context, db *store.DB) (int, error) {
	s := db.Partnerships()
	list, _, err := s.Partnerships(ctx, wikicities.PartnershipFilter{Limit: -1,
		States: []wikicities.State{wikicities.StateAccepted, wikicities.StateActive, wikicities.StateDormant}})
	if err != nil {
		return 0, err
	}
	n := 0
	for _, x := range list {
		p, err := s.Partnership(ctx, x.ID)
		if err != nil {
			return 0, err
		}
		acts, err := s.Activities(ctx, wikicities.ActivityFilter{PartnershipID: x.ID, Limit: -1})
		if err != nil {
			return 0, err
		}
		if health.Assess(p, acts, db.Now()).AtRisk {
			n++
		}
	}
	return n, nil
}

// BenchmarkPartnershipsAtRisk measures the list of partnerships at risk over
// 1000 active partnerships with 8 activities each, batched against the
// per-partnership baseline, on each backend, and reports the ratio.
func BenchmarkPartnershipsAtRisk(b *testing.B) {
	const n, perP = 1000, 8
	for _, d := range storetest.Dialects(b) {
		b.Run(string(d), func(b *testing.B) {
			db := storetest.MustOpen(b, d)
			seedPartnerships(b, db, n, perP)
			ctx := context.Background()
			var batched, naive time.Duration
			for b.Loop() {
				t0 := time.Now()
				got, err := atRiskBatched(ctx, db)
				if err != nil {
					b.Fatal(err)
				}
				t1 := time.Now()
				want, err := atRiskPerPartnership(ctx, db)
				if err != nil {
					b.Fatal(err)
				}
				batched, naive = batched+t1.Sub(t0), naive+time.Since(t1)
				if got != want || got != n/10 {
					b.Fatalf("at risk: batched %d, per partnership %d, want %d", got, want, n/10)
				}
			}
			runs := float64(b.N)
			b.ReportMetric(float64(batched.Milliseconds())/runs, "batched-ms")
			b.ReportMetric(float64(naive.Milliseconds())/runs, "per-partnership-ms")
			b.ReportMetric(float64(naive)/float64(batched), "speedup")
			b.Logf("%s: %d partnerships, %d activities: batched %v, per partnership %v (%.1fx)",
				d, n, n*perP, batched/time.Duration(b.N), naive/time.Duration(b.N), float64(naive)/float64(batched))
		})
	}
}
