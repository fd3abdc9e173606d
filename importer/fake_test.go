package importer_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/importer"
	"github.com/wikicities/wikicities/importer/csvimport"
	"github.com/wikicities/wikicities/resolve"
)

// fakeStore is an importer.Store in memory: the importers need nothing
// else of a store. A transaction works on a copy that is kept only when fn
// succeeds, as a database transaction would.
type fakeStore struct {
	state fakeTx
	calls []string // the methods the importers called, in order
	fail  string   // a method that fails
}

type fakeTx struct {
	s      *fakeStore
	nextID int64
	cities []*wikicities.City
	labels []resolve.Label
	links  []*wikicities.TwinLink
	stated []wikicities.LinkStatement
	audits []string
}

var errFake = errors.New("fake store down")

func (s *fakeStore) run(fn func(*fakeTx) error) error {
	tx := s.state
	tx.s = s
	tx.cities = slices.Clone(s.state.cities)
	tx.labels = slices.Clone(s.state.labels)
	tx.links = slices.Clone(s.state.links)
	tx.stated = slices.Clone(s.state.stated)
	tx.audits = slices.Clone(s.state.audits)
	if err := fn(&tx); err != nil {
		return err
	}
	s.state = tx
	return nil
}

func (s *fakeStore) Bulk(_ context.Context, fn func(*fakeTx) error) error   { return s.run(fn) }
func (s *fakeStore) Update(_ context.Context, fn func(*fakeTx) error) error { return s.run(fn) }

func (t *fakeTx) call(name string) error {
	t.s.calls = append(t.s.calls, name)
	if t.s.fail == name {
		return errFake
	}
	return nil
}

func (t *fakeTx) LockForImport(context.Context) error { return t.call("LockForImport") }
func (t *fakeTx) AllCities(context.Context) ([]*wikicities.City, error) {
	return slices.Clone(t.cities), t.call("AllCities")
}
func (t *fakeTx) AllLabels(context.Context) ([]resolve.Label, error) {
	return slices.Clone(t.labels), t.call("AllLabels")
}
func (t *fakeTx) NewCityIDs(_ context.Context, n int) ([]int64, error) {
	ids := make([]int64, n)
	for i := range ids {
		t.nextID++
		ids[i] = t.nextID
	}
	return ids, t.call("NewCityIDs")
}
func (t *fakeTx) InsertCities(_ context.Context, cs []*wikicities.City) error {
	t.cities = append(t.cities, cs...)
	return t.call("InsertCities")
}
func (t *fakeTx) InsertLabels(_ context.Context, ls []resolve.Label) (int, error) {
	t.labels = append(t.labels, ls...)
	return len(ls), t.call("InsertLabels")
}
func (t *fakeTx) SetCityQID(context.Context, int64, string) error { return t.call("SetCityQID") }
func (t *fakeTx) InsertTwinLinks(_ context.Context, ls []*wikicities.TwinLink) (int, error) {
	added := 0
	for _, l := range ls {
		if !slices.ContainsFunc(t.links, func(x *wikicities.TwinLink) bool { return x.A == l.A && x.B == l.B }) {
			t.links = append(t.links, l)
			added++
		}
	}
	return added, t.call("InsertTwinLinks")
}
func (t *fakeTx) InsertLinkStatements(_ context.Context, st []wikicities.LinkStatement) error {
	t.stated = append(t.stated, st...)
	return t.call("InsertLinkStatements")
}
func (t *fakeTx) AddTwinLink(_ context.Context, l *wikicities.TwinLink) (bool, error) {
	n, err := t.InsertTwinLinks(context.Background(), []*wikicities.TwinLink{l})
	return n == 1, err
}
func (t *fakeTx) Audit(_ context.Context, entity string, _ int64, action string, _, _ any) error {
	t.audits = append(t.audits, entity+" "+action)
	return t.call("Audit")
}

var _ importer.Store[*fakeTx] = (*fakeStore)(nil)

// The importers work over any Store: a CSV import into the fake creates
// the cities, labels and links with the ids the store gave, and a failure
// of any method the import calls is returned, naming the source. (That a
// failed transaction leaves no trace is the store's part, tested on both
// real stores.)
func TestImportOverAnyStore(t *testing.T) {
	ctx := context.Background()
	csv := header + "Leipzig,Germany,51.34,12.37,Kraków,Poland,50.06,19.94\nLeipzig,Germany,,,Lyon,France,,\n"
	b, err := csvimport.Read(strings.NewReader(csv), "t.csv", false)
	if err != nil {
		t.Fatal(err)
	}
	s := &fakeStore{}
	r, err := importer.Import(ctx, s, b, importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.PairsAdded != 2 || r.CitiesCreated != 3 {
		t.Errorf("pairs added %d, cities created %d; want 2, 3", r.PairsAdded, r.CitiesCreated)
	}
	if len(s.state.cities) != 3 || len(s.state.links) != 2 || len(s.state.stated) != 2 {
		t.Fatalf("store has %d cities, %d links, %d statements; want 3, 2, 2", len(s.state.cities), len(s.state.links), len(s.state.stated))
	}
	for _, l := range s.state.links {
		if l.A <= 0 || l.B <= 0 || l.A >= l.B {
			t.Errorf("link %d–%d: want the store's ids, smaller first", l.A, l.B)
		}
	}
	if !slices.Equal(s.state.audits, []string{"import import"}) {
		t.Errorf("audit %q", s.state.audits)
	}
	again, err := importer.Import(ctx, s, b, importer.Options{})
	if err != nil || again.PairsAdded != 0 || again.PairsExisting != 2 || again.CitiesCreated != 0 {
		t.Errorf("repeated import: %+v, %v; want nothing added", again, err)
	}

	calls := slices.Compact(slices.Clone(s.calls))
	for _, m := range calls {
		f := &fakeStore{fail: m}
		if _, err := importer.Import(ctx, f, b, importer.Options{}); !errors.Is(err, errFake) || !strings.HasPrefix(err.Error(), "import t.csv: ") {
			t.Errorf("%s failing: import returned %v, want the failure after \"import t.csv: \"", m, err)
		}
	}
}

// ImportTwinning works over any Store as well, its groups going to the
// sink with the import's own transaction.
func TestImportTwinningOverAnyStore(t *testing.T) {
	ctx := context.Background()
	rows := []wikicities.TwinningRow{{City: "Leipzig", Country: "Germany", Group: "Wikimedia Deutschland", TwinCity: "Kraków", Line: 3}}
	s := &fakeStore{}
	var sunk []string
	sink := groupFunc(func(tx *fakeTx, g wikicities.TwinningGroup) (string, error) {
		if tx == nil || len(tx.cities) != 2 {
			t.Errorf("sink ran outside the import's transaction")
		}
		sunk = append(sunk, g.Name)
		return "matched " + g.Name, nil
	})
	rep, err := importer.ImportTwinning(ctx, s, rows, importer.TwinningImport[*fakeTx]{Source: "x", Groups: sink})
	if err != nil {
		t.Fatal(err)
	}
	if rep.CitiesAdded != 2 || rep.LinksAdded != 1 || len(s.state.links) != 1 {
		t.Errorf("report %+v, %d links stored; want 2 cities and 1 link", rep, len(s.state.links))
	}
	if !slices.Equal(sunk, []string{"Wikimedia Deutschland"}) || !slices.Contains(rep.Groups, "matched Wikimedia Deutschland") {
		t.Errorf("groups sunk %q, reported %q", sunk, rep.Groups)
	}
	for _, m := range slices.Compact(slices.Clone(s.calls)) {
		f := &fakeStore{fail: m}
		if _, err := importer.ImportTwinning(ctx, f, rows, importer.TwinningImport[*fakeTx]{Source: "x", Groups: sink}); !errors.Is(err, errFake) {
			t.Errorf("%s failing: ImportTwinning returned %v", m, err)
		}
	}
}

type groupFunc func(*fakeTx, wikicities.TwinningGroup) (string, error)

func (f groupFunc) ImportGroup(_ context.Context, tx *fakeTx, g wikicities.TwinningGroup) (string, error) {
	return f(tx, g)
}
