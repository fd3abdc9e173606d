package matchmaking_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/match"
	"github.com/wikicities/wikicities/matchmaking"
	"github.com/wikicities/wikicities/twins"
)

// The world of these tests: Munich is twinned with Edinburgh and Verona.
var (
	cities = []*wikicities.City{
		{ID: 1, Name: "Munich", Country: "Germany", Lat: 48.14, Lng: 11.58, HasCoords: true},
		{ID: 2, Name: "Edinburgh", Country: "United Kingdom", Lat: 55.95, Lng: -3.19, HasCoords: true},
		{ID: 3, Name: "Verona", Country: "Italy", Lat: 45.44, Lng: 10.99, HasCoords: true},
	}
	links = []*wikicities.TwinLink{{A: 1, B: 2}, {A: 1, B: 3}}
)

// source is an in-memory directory: the index's Source and, through the
// fake services below, what the services write to. reads counts the
// index's full loads; stamp moves at every write, as the store's does.
type source struct {
	comms  map[int64]*wikicities.Community
	reqs   map[int64]*wikicities.PartnerRequest
	pairs  []wikicities.PartnershipParties
	stamp  int
	reads  int
	nextID int64
}

func newSource() *source {
	return &source{comms: map[int64]*wikicities.Community{}, reqs: map[int64]*wikicities.PartnerRequest{}, nextID: 100}
}

func (s *source) AllCommunities(context.Context) ([]*wikicities.Community, error) {
	s.reads++
	var out []*wikicities.Community
	for _, c := range s.comms {
		cc := *c
		out = append(out, &cc)
	}
	return out, nil
}

func (s *source) AllInstitutions(context.Context) ([]*wikicities.Institution, error) { return nil, nil }

func (s *source) OpenRequests(context.Context) ([]*wikicities.PartnerRequest, error) {
	var out []*wikicities.PartnerRequest
	for _, r := range s.reqs {
		out = append(out, r)
	}
	return out, nil
}

func (s *source) PartnerPairs(context.Context) ([]wikicities.PartnershipParties, error) {
	return s.pairs, nil
}

func (s *source) DirectoryStamp(context.Context) (string, error) { return fmt.Sprint(s.stamp), nil }

// put writes c straight to the source, as another process would.
func (s *source) put(c *wikicities.Community) {
	if c.ID == 0 {
		s.nextID++
		c.ID = s.nextID
	}
	c.Status = wikicities.StatusActive
	cc := *c
	s.comms[c.ID] = &cc
	s.stamp++
}

// communities is a CommunityService over the source; only the writes the
// index observes are implemented.
type communities struct {
	wikicities.CommunityService
	src *source
}

func (f communities) CreateCommunity(_ context.Context, c *wikicities.Community) error {
	f.src.put(c)
	return nil
}

func (f communities) UpdateCommunity(_ context.Context, c *wikicities.Community) error {
	if f.src.comms[c.ID] == nil {
		return wikicities.ErrNotFound
	}
	f.src.put(c)
	return nil
}

func (f communities) DeleteCommunity(_ context.Context, id, _ int64) error {
	delete(f.src.comms, id)
	f.src.stamp++
	return nil
}

// partnerships is a PartnershipService over the source.
type partnerships struct {
	wikicities.PartnershipService
	src   *source
	byID  map[int64]*wikicities.Partnership
	fails bool // Propose and Transition fail, changing nothing
}

func (f *partnerships) Propose(_ context.Context, p *wikicities.Partnership, _ string) error {
	if f.fails {
		return wikicities.ErrConflict
	}
	f.src.nextID++
	p.ID, p.State = f.src.nextID, wikicities.StateProposed
	f.byID[p.ID] = p
	f.src.pairs = append(f.src.pairs, wikicities.PartnershipParties{PartnershipID: p.ID, A: p.A.Ref(), B: p.B.Ref(), State: p.State})
	f.src.stamp++
	return nil
}

func (f *partnerships) Transition(_ context.Context, id int64, a wikicities.Action, _ int64, _ string) (*wikicities.Partnership, error) {
	if f.fails {
		return nil, wikicities.ErrConflict
	}
	p := f.byID[id]
	if a == wikicities.ActionDecline {
		p.State = wikicities.StateDeclined
		f.src.pairs = slices.DeleteFunc(f.src.pairs, func(x wikicities.PartnershipParties) bool { return x.PartnershipID == id })
	}
	f.src.stamp++
	return p, nil
}

// setup returns services over a fresh source, observed by an index that
// never checks the source by itself (RefreshEvery one hour), so that what
// it knows it learnt from the services.
func setup(t *testing.T) (*source, *wikicities.Services, *partnerships, *matchmaking.Index) {
	t.Helper()
	src := newSource()
	src.put(&wikicities.Community{ID: 1, Name: "WikiMUC", CityID: 1, Languages: []string{"de"}})
	ps := &partnerships{src: src, byID: map[int64]*wikicities.Partnership{}}
	svc := &wikicities.Services{Communities: communities{src: src}, Partnerships: ps}
	now := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	idx := matchmaking.New(src, twins.New(cities, links), wikicities.ClockFunc(func() time.Time { return now }), match.DefaultWeights())
	idx.RefreshEvery = time.Hour
	idx.Observe(svc)
	if svc.Suggestions != idx {
		t.Fatal("Observe did not make the index the Suggestions")
	}
	return src, svc, ps, idx
}

// suggested returns the names of the communities suggested to WikiMUC.
func suggested(t *testing.T, svc *wikicities.Services) []string {
	t.Helper()
	sug, err := svc.Suggestions.Suggest(context.Background(), 1, 10)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range sug {
		if s.Kind == wikicities.SuggestCommunity {
			names = append(names, s.Name)
		}
	}
	return names
}

// Writes made through the observed services reach the index at once, with
// no rebuild and no call from the caller.
func TestWritesThroughTheServicesReachTheIndex(t *testing.T) {
	src, svc, _, _ := setup(t)
	ctx := context.Background()
	if got := suggested(t, svc); len(got) != 0 {
		t.Fatalf("empty world suggests %v", got)
	}
	edinburgh := &wikicities.Community{Name: "Edinburgh Wikimedians", CityID: 2}
	if err := svc.Communities.CreateCommunity(ctx, edinburgh); err != nil {
		t.Fatal(err)
	}
	if got := suggested(t, svc); !slices.Equal(got, []string{"Edinburgh Wikimedians"}) {
		t.Errorf("after create: %v", got)
	}
	edinburgh.Name = "Wikimedians of Edinburgh"
	if err := svc.Communities.UpdateCommunity(ctx, edinburgh); err != nil {
		t.Fatal(err)
	}
	if got := suggested(t, svc); !slices.Equal(got, []string{"Wikimedians of Edinburgh"}) {
		t.Errorf("after update: %v", got)
	}

	p := &wikicities.Partnership{A: wikicities.Party{Kind: wikicities.PartyCommunity, ID: 1},
		B: wikicities.Party{Kind: wikicities.PartyCommunity, ID: edinburgh.ID}}
	if err := svc.Partnerships.Propose(ctx, p, ""); err != nil {
		t.Fatal(err)
	}
	if got := suggested(t, svc); len(got) != 0 {
		t.Errorf("a proposed partner is still suggested: %v", got)
	}
	if _, err := svc.Partnerships.Transition(ctx, p.ID, wikicities.ActionDecline, 0, ""); err != nil {
		t.Fatal(err)
	}
	if got := suggested(t, svc); !slices.Equal(got, []string{"Wikimedians of Edinburgh"}) {
		t.Errorf("a declined partner is not suggested again: %v", got)
	}

	if err := svc.Communities.DeleteCommunity(ctx, edinburgh.ID, 0); err != nil {
		t.Fatal(err)
	}
	if got := suggested(t, svc); len(got) != 0 {
		t.Errorf("a deleted community is still suggested: %v", got)
	}
	if src.reads != 3 {
		t.Errorf("the index loaded the directory %d times, want 3 (first use, after the decline, after the delete)", src.reads)
	}
}

// A write that fails changes nothing in the index.
func TestFailedWritesLeaveTheIndexAlone(t *testing.T) {
	src, svc, ps, _ := setup(t)
	ctx := context.Background()
	src.put(&wikicities.Community{ID: 2, Name: "Edinburgh Wikimedians", CityID: 2})
	suggested(t, svc)
	ps.fails = true
	p := &wikicities.Partnership{A: wikicities.Party{Kind: wikicities.PartyCommunity, ID: 1},
		B: wikicities.Party{Kind: wikicities.PartyCommunity, ID: 2}}
	if err := svc.Partnerships.Propose(ctx, p, ""); !errors.Is(err, wikicities.ErrConflict) {
		t.Fatalf("Propose: %v", err)
	}
	if got := suggested(t, svc); !slices.Equal(got, []string{"Edinburgh Wikimedians"}) {
		t.Errorf("a refused proposal excluded the pair: %v", got)
	}
	if err := svc.Communities.UpdateCommunity(ctx, &wikicities.Community{ID: 99, Name: "Ghost", CityID: 3}); err == nil {
		t.Fatal("update of an unknown community succeeded")
	}
	if got := suggested(t, svc); slices.Contains(got, "Ghost") {
		t.Errorf("a failed update reached the index: %v", got)
	}
}

// Writes behind the index's back (another process) show once RefreshEvery
// has passed and the source's stamp moved, not before.
func TestWritesElsewhereShowAfterRefreshEvery(t *testing.T) {
	src, svc, _, idx := setup(t)
	suggested(t, svc)
	src.put(&wikicities.Community{Name: "Verona Wikimedians", CityID: 3})
	if got := suggested(t, svc); len(got) != 0 {
		t.Errorf("the index checked the source before RefreshEvery passed: %v", got)
	}
	idx.RefreshEvery = 0
	if got := suggested(t, svc); !slices.Equal(got, []string{"Verona Wikimedians"}) {
		t.Errorf("after a refresh: %v", got)
	}
	reads := src.reads
	suggested(t, svc)
	if src.reads != reads {
		t.Errorf("the index reloaded an unchanged source")
	}
}

func TestSuggestUnknownCommunityIsNotFound(t *testing.T) {
	_, svc, _, _ := setup(t)
	_, err := svc.Suggestions.Suggest(context.Background(), 404, 10)
	if !errors.Is(err, wikicities.ErrNotFound) {
		t.Errorf("Suggest(404): %v, want ErrNotFound", err)
	}
}

// SetWeights rebuilds with the new weights; Weights reports them.
func TestSetWeights(t *testing.T) {
	src, svc, _, idx := setup(t)
	src.put(&wikicities.Community{ID: 2, Name: "Edinburgh Wikimedians", CityID: 2})
	before, _ := svc.Suggestions.Suggest(context.Background(), 1, 10)
	w := match.DefaultWeights()
	w.DirectTwin *= 2
	idx.SetWeights(w)
	if idx.Weights() != w {
		t.Errorf("Weights() = %+v, want %+v", idx.Weights(), w)
	}
	after, _ := svc.Suggestions.Suggest(context.Background(), 1, 10)
	if len(before) == 0 || len(after) == 0 || after[0].Score != 2*before[0].Score {
		t.Errorf("doubling direct_twin: score %v then %v", before, after)
	}
}
