package match_test

import (
	"context"
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/internal/realdata"
	"github.com/wikicities/wikicities/match"
	"github.com/wikicities/wikicities/resolve"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
	"github.com/wikicities/wikicities/twins"
)

// worldGraph imports the real world dataset with the product's importer
// and builds the graph from the store, as serve does.
func worldGraph(t *testing.T) *twins.Graph {
	t.Helper()
	return realdata.Import(t, storetest.MustOpen(t, store.SQLite))
}

// On the real world dataset, a community in Munich is suggested the ones in
// Edinburgh and Harare, Munich's twin cities.
func TestSuggestOnTheRealDatasetFindsMunichsTwins(t *testing.T) {
	g := worldGraph(t)
	one := func(q string) int64 {
		t.Helper()
		cs := lookupAll(t, g, q)
		if len(cs) != 1 {
			t.Fatalf("%q resolves to %d cities", q, len(cs))
		}
		return cs[0].ID
	}
	munich, edinburgh, harare, berlin := one("Munich, Germany"), one("Edinburgh"), one("Harare"), one("Berlin, Germany")
	comms := []*wikicities.Community{
		community(1, munich, "WikiMUC", []string{"de"}, []string{"photography"}, nil),
		community(2, edinburgh, "Edinburgh group", []string{"en"}, nil, nil),
		community(3, harare, "Harare group", []string{"en", "sn"}, nil, nil),
		community(4, berlin, "Berlin group", []string{"de"}, nil, nil),
	}
	m := match.New(match.Input{Graph: g, Communities: comms}, match.DefaultWeights())
	s, err := m.Suggest(1, match.Options{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []int64{2, 3} {
		x := find(s, match.KindCommunity, id)
		if x == nil || reason(x, match.ReasonTwinCity) == nil {
			t.Errorf("community %d (%s) not suggested as a twin-city partner: %s", id, comms[id-1].Name, ranking(s))
		}
	}
}

// lookupAll is what a query names in g, by the one resolver: its city, or
// the candidates when it is ambiguous.
func lookupAll(tb testing.TB, g *twins.Graph, q string) []*wikicities.City {
	tb.Helper()
	cs, err := resolve.Matches(context.Background(), resolve.InGraph(g), q)
	if err != nil {
		tb.Fatal(err)
	}
	return cs
}
