package demo

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/resolve"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
	"github.com/wikicities/wikicities/twins"
)

// withLoaders replaces the registered loaders for one test.
func withLoaders(t *testing.T, ls ...namedLoader) {
	t.Helper()
	mu.Lock()
	saved := loaders
	loaders = ls
	mu.Unlock()
	t.Cleanup(func() { mu.Lock(); loaders = saved; mu.Unlock() })
}

func graph(t *testing.T, db *store.DB) *twins.Graph {
	t.Helper()
	cs, err := db.Cities().AllCities(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	ls, err := db.Cities().AllTwinLinks(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return twins.New(cs, ls)
}

func TestLoadFillsAnEmptyStoreOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var seen map[string]int64
		withLoaders(t, namedLoader{"probe", func(ctx context.Context, tx wikicities.SeedTx, cities map[string]int64) error {
			seen = cities
			return nil
		}})
		loaded, err := Load(ctx, db)
		if err != nil || !loaded {
			t.Fatalf("Load = %v, %v; want loaded", loaded, err)
		}
		st, _ := db.Cities().Stats(ctx)
		if st.Cities != len(Cities) || st.TwinLinks != len(Links) {
			t.Errorf("stats %+v, want %d cities and %d links", st, len(Cities), len(Links))
		}
		if seen["Munich"] == 0 || seen["Q1726"] != seen["Munich"] || seen["Washington, D.C."] == 0 {
			t.Errorf("loaders got cities %v", seen)
		}
		if v, _ := db.Setting(ctx, SettingKey); v == "" {
			t.Error("the load is not remembered in settings")
		}

		g := graph(t, db)
		aug := lookupAll(t, g, "Augsburg")
		if len(aug) != 1 {
			t.Fatalf("Augsburg resolves to %v", aug)
		}
		var names []string
		for _, c := range g.TwinCities(aug[0].ID) {
			names = append(names, c.Name)
		}
		if got := strings.Join(names, ", "); got != "Amagasaki, Bourges, Dayton, Inverness, Jinan, Liberec, Nagahama" {
			t.Errorf("Augsburg's demo twins: %s", got)
		}
		if got := lookupAll(t, g, "Hannover"); len(got) != 1 || got[0].QID != "Q1715" {
			t.Errorf("the label Hannover resolves to %v", got)
		}

		before, _ := db.Cities().Stats(ctx)
		loaded, err = Load(ctx, db)
		if err != nil || loaded {
			t.Fatalf("second Load = %v, %v; want nothing loaded", loaded, err)
		}
		after, _ := db.Cities().Stats(ctx)
		if !reflect.DeepEqual(before, after) {
			t.Errorf("second Load changed %+v to %+v", before, after)
		}
	})
}

func TestLoadLeavesUserDataAlone(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := db.Cities().CreateCity(ctx, &wikicities.City{Name: "Kiel", Country: "Germany"}); err != nil {
			t.Fatal(err)
		}
		loaded, err := Load(ctx, db)
		if err != nil || loaded {
			t.Fatalf("Load = %v, %v; want nothing loaded over user data", loaded, err)
		}
		if st, _ := db.Cities().Stats(ctx); st.Cities != 1 {
			t.Errorf("%d cities, want only the user's", st.Cities)
		}
		if v, _ := db.Setting(ctx, SettingKey); v != "" {
			t.Errorf("setting %q recorded although nothing was loaded", v)
		}
	})
}

func TestLoadRollsBackWhenALoaderFails(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		boom := errors.New("boom")
		withLoaders(t, namedLoader{"broken", func(context.Context, wikicities.SeedTx, map[string]int64) error { return boom }})
		if _, err := Load(ctx, db); !errors.Is(err, boom) || !strings.Contains(err.Error(), "demo broken") {
			t.Fatalf("Load = %v, want the loader's error named", err)
		}
		if st, _ := db.Cities().Stats(ctx); st.Cities != 0 {
			t.Errorf("%d cities left behind by a failed load", st.Cities)
		}
		if v, _ := db.Setting(ctx, SettingKey); v != "" {
			t.Error("a failed load is remembered as done")
		}
	})
}

// The demo data must be sound: valid items, no duplicate, every link
// between known cities.
func TestDemoDataIsConsistent(t *testing.T) {
	names := map[string]bool{}
	qids := map[string]bool{}
	for _, c := range Cities {
		if names[c.Name] || (c.QID != "" && qids[c.QID]) {
			t.Errorf("%s appears twice", c.Name)
		}
		names[c.Name], qids[c.QID] = true, true
		if c.QID != "" && !wikicities.ValidQID(c.QID) {
			t.Errorf("%s: bad QID %q", c.Name, c.QID)
		}
		if err := store.ValidateCity(&wikicities.City{Name: c.Name, Country: c.Country, Lat: c.Lat, Lng: c.Lng, HasCoords: true}); err != nil {
			t.Errorf("%s: %v", c.Name, err)
		}
	}
	for _, l := range Links {
		if !names[l.A] || !names[l.B] {
			t.Errorf("link %s – %s names an unknown city", l.A, l.B)
		}
	}
}

// The cities where the demo groups are based are named on every page
// that lists or suggests a group ("based in Harare, a twin city"): each
// has its Arabic name, as its Wikidata item labels it, so that an Arabic
// page of the demo does not fall back to the Latin script there.
func TestDemoGroupsCitiesAreNamedInArabic(t *testing.T) {
	names := map[string]map[string]string{}
	for _, c := range Cities {
		names[c.Name] = c.Names
	}
	cities := map[string]bool{}
	for _, c := range Communities {
		cities[c.City] = true
	}
	for _, i := range Institutions {
		cities[i.City] = true
	}
	for city := range cities {
		if names[city]["ar"] == "" {
			t.Errorf("demo groups are based in %s, which has no Arabic name", city)
		}
	}
}

// Demo activities say where they took place, and only those that can be
// held online are: a photo walk or a visit happens somewhere.
func TestDemoActivitiesHaveTheirPlace(t *testing.T) {
	inPerson := map[wikicities.ActivityKind]bool{wikicities.ActivityPhotoWalk: true, wikicities.ActivityVisit: true, wikicities.ActivityExchange: true}
	for _, p := range Partnerships {
		for _, a := range p.Activities {
			if a.Place == "" || (a.Place == "online" && inPerson[a.Kind]) {
				t.Errorf("%s – %s: %s %q takes place %q", p.A, p.B, a.Kind, a.Title, a.Place)
			}
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
