package matchmaking_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/match"
	"github.com/wikicities/wikicities/matchmaking"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
	"github.com/wikicities/wikicities/twins"
)

var _ matchmaking.Source = (*store.DB)(nil)

// Over the real store (both dialects): a partnership proposed through the
// observed services leaves the suggestions at once, and a community added
// by another process (straight into the store) shows after a refresh.
func TestIndexOverTheStore(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := storetest.MustPartners(t, db)
		sys := wikicities.NewContext(ctx, wikicities.System)
		if _, err := db.Cities().AddTwinLink(sys, &wikicities.TwinLink{A: w.Berlin, B: w.Paris, Source: wikicities.SourceManual}); err != nil {
			t.Fatal(err)
		}
		cs, _ := db.Cities().AllCities(ctx)
		ls, _ := db.Cities().AllTwinLinks(ctx)
		svc := db.Services()
		idx := matchmaking.New(db, twins.New(cs, ls), svc.Clock, match.DefaultWeights())
		idx.RefreshEvery = time.Hour
		idx.Observe(&svc)
		names := func() []string {
			t.Helper()
			sug, err := svc.Suggestions.Suggest(ctx, w.A.ID, 10)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, s := range sug {
				if s.Kind == wikicities.SuggestCommunity {
					out = append(out, s.Name)
				}
			}
			slices.Sort(out)
			return out
		}
		if got := names(); !slices.Equal(got, []string{w.C.Name, w.B.Name}) {
			t.Fatalf("suggested to %s: %v", w.A.Name, got)
		}
		p := &wikicities.Partnership{A: w.A, B: w.B, Type: wikicities.TypeTwinning, Level: wikicities.LevelLocal}
		if err := svc.Partnerships.Propose(storetest.As(ctx, w.CoordA), p, ""); err != nil {
			t.Fatal(err)
		}
		if got := names(); !slices.Equal(got, []string{w.C.Name}) {
			t.Errorf("after proposing to %s: %v", w.B.Name, got)
		}
		other := &wikicities.Community{Kind: wikicities.KindLocalGroup, Name: "Paris Wiki Loves Monuments", CityID: w.Paris, Languages: []string{"fr"}}
		if err := db.Communities().CreateCommunity(sys, other); err != nil {
			t.Fatal(err)
		}
		if got := names(); slices.Contains(got, other.Name) {
			t.Errorf("a write behind the index's back showed before RefreshEvery: %v", got)
		}
		idx.RefreshEvery = 0
		if got := names(); !slices.Equal(got, []string{w.C.Name, other.Name}) {
			t.Errorf("after a refresh: %v", got)
		}
	})
}
