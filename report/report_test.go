package report_test

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/report"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
	"github.com/wikicities/wikicities/twins"
)

// world is a small hand-built graph and directory:
//
//	Lyon (France) ── Birmingham (England) ── Glasgow (Scotland, United Kingdom)
//	  │
//	Frankfurt (Germany) ── Leipzig (Germany) ── Kraków (Poland) ── Atlantis (Atlantis)
//	Bonn (Germany), no twin
//
// Communities: WM Lyon, WM Birmingham, WM Frankfurt (active), Leipzig
// Wikiclub (closed), Kraków group (dormant), Atlantis group (active),
// Glasgow meetup (active but archived). An institution in Leipzig.
// Partnerships: WM Lyon & WM Frankfurt active for two years without any
// activity (at risk), WM Birmingham & the Leipzig museum proposed,
// Kraków & Atlantis ended.
type world struct {
	db     *store.DB
	cities map[string]*wikicities.City
	comms  map[string]int64
	inst   int64
}

func seed(t *testing.T, db *store.DB) *world {
	t.Helper()
	ctx := wikicities.NewContext(context.Background(), wikicities.System)
	w := &world{db: db, cities: map[string]*wikicities.City{}, comms: map[string]int64{}}
	cities := []struct{ name, country string }{
		{"Lyon", "France"}, {"Birmingham", "England"}, {"Glasgow", "Scotland, United Kingdom"},
		{"Frankfurt", "Germany"}, {"Leipzig", "Germany"}, {"Bonn", "Germany"},
		{"Kraków", "Poland"}, {"Atlantis", "Atlantis"},
	}
	links := [][2]string{{"Lyon", "Birmingham"}, {"Lyon", "Frankfurt"}, {"Frankfurt", "Leipzig"},
		{"Leipzig", "Kraków"}, {"Kraków", "Atlantis"}, {"Birmingham", "Glasgow"}}
	comms := []struct {
		name, city string
		status     wikicities.Status
	}{
		{"WM Lyon", "Lyon", wikicities.StatusActive},
		{"WM Birmingham", "Birmingham", wikicities.StatusActive},
		{"WM Frankfurt", "Frankfurt", wikicities.StatusActive},
		{"Leipzig Wikiclub", "Leipzig", wikicities.StatusClosed},
		{"Kraków group", "Kraków", wikicities.StatusDormant},
		{"Atlantis group", "Atlantis", wikicities.StatusActive},
		{"Glasgow meetup", "Glasgow", wikicities.StatusActive},
	}
	now := db.Now()
	err := db.Update(ctx, func(tx *store.Tx) error {
		for _, c := range cities {
			city := &wikicities.City{Name: c.name, Country: c.country}
			if err := tx.CreateCity(ctx, city); err != nil {
				return err
			}
			w.cities[c.name] = city
		}
		for _, l := range links {
			if _, err := tx.AddTwinLink(ctx, &wikicities.TwinLink{A: w.cities[l[0]].ID, B: w.cities[l[1]].ID, Source: wikicities.SourceManual}); err != nil {
				return err
			}
		}
		for _, c := range comms {
			x := &wikicities.Community{Kind: wikicities.KindUserGroup, Name: c.name, CityID: w.cities[c.city].ID, Status: c.status}
			if err := tx.CreateCommunity(ctx, x); err != nil {
				return err
			}
			w.comms[c.name] = x.ID
		}
		if _, err := tx.Exec(ctx, `UPDATE communities SET archived = 1 WHERE id = ?`, w.comms["Glasgow meetup"]); err != nil {
			return err
		}
		inst := &wikicities.Institution{Kind: wikicities.InstMuseum, Name: "Leipzig museum", CityID: w.cities["Leipzig"].ID}
		if err := tx.CreateInstitution(ctx, inst); err != nil {
			return err
		}
		w.inst = inst.ID
		for _, p := range []struct {
			a        string
			bComm    string
			bInst    int64
			state    wikicities.State
			yearsAgo int
		}{
			{"WM Lyon", "WM Frankfurt", 0, wikicities.StateActive, 2},
			{"WM Birmingham", "", inst.ID, wikicities.StateProposed, 0},
			{"Kraków group", "Atlantis group", 0, wikicities.StateEnded, 1},
		} {
			if err := insertPartnership(ctx, tx, w.comms[p.a], w.comms[p.bComm], p.bInst, p.state, now.AddDate(-p.yearsAgo, 0, -1)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// insertPartnership writes a partnership in a given state directly: the
// state machine has its own tests; here only the counting matters.
func insertPartnership(ctx context.Context, tx *store.Tx, a, bComm, bInst int64, state wikicities.State, since time.Time) error {
	var bc, bi any
	key := fmt.Sprintf("community:%d|institution:%d", a, bInst)
	if bComm != 0 {
		bc = bComm
		key = fmt.Sprintf("community:%d|community:%d", min(a, bComm), max(a, bComm))
	} else {
		bi = bInst
	}
	_, err := tx.InsertID(ctx, `INSERT INTO partnerships (a_community_id, b_community_id, b_institution_id, pair_key, kind, level, state,
		state_changed_at, created_at, updated_at) VALUES (?, ?, ?, ?, 'twinning', 'local', ?, ?, ?, ?)`,
		a, bc, bi, key, string(state), since.Unix(), since.Unix(), since.Unix())
	return err
}

func (w *world) load(t *testing.T) *report.Report {
	t.Helper()
	ctx := context.Background()
	cities, err := w.db.Cities().AllCities(ctx)
	if err != nil {
		t.Fatal(err)
	}
	links, err := w.db.Cities().AllTwinLinks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	r, err := report.Load(ctx, w.db.Services(), twins.New(cities, links))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// states returns partnership counts by state with every state present.
func states(kv ...any) map[wikicities.State]int {
	m := map[wikicities.State]int{}
	for _, s := range wikicities.States {
		m[s] = 0
	}
	for i := 0; i < len(kv); i += 2 {
		m[kv[i].(wikicities.State)] = kv[i+1].(int)
	}
	return m
}

func asJSON(v any) string {
	b, _ := json.MarshalIndent(v, "", " ")
	return string(b)
}

func TestFiguresOfEveryCountryRegionAndTheWorld(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		r := seed(t, db).load(t)
		active, proposed, ended := wikicities.StateActive, wikicities.StateProposed, wikicities.StateEnded
		wantCountries := []report.Country{
			{Key: "poland", Name: "Poland", Labels: []string{"Poland"}, Region: twins.RegionCEE, Figures: report.Figures{
				Cities: 1, TwinnedCities: 1, TwinLinks: report.Links{Abroad: 2},
				Communities:  report.Communities{Dormant: 1, Total: 1},
				Partnerships: states(ended, 1), CommunitiesWithoutPartner: 1}},
			{Key: "france", Name: "France", Labels: []string{"France"}, Region: twins.RegionNWE, Figures: report.Figures{
				Cities: 1, TwinnedCities: 1, TwinLinks: report.Links{Abroad: 2},
				Communities:  report.Communities{Active: 1, Total: 1},
				Partnerships: states(active, 1), AtRisk: 1, PotentialPartnerships: 1}},
			{Key: "germany", Name: "Germany", Labels: []string{"Germany"}, Region: twins.RegionNWE, Figures: report.Figures{
				Cities: 3, TwinnedCities: 2, TwinLinks: report.Links{Within: 1, Abroad: 2},
				Communities: report.Communities{Active: 1, Closed: 1, Total: 2}, Institutions: 1,
				Partnerships: states(active, 1, proposed, 1), AtRisk: 1, CitiesToRecruit: 1}},
			{Key: "united kingdom", Name: "United Kingdom", Labels: []string{"England", "Scotland, United Kingdom"}, Region: twins.RegionNWE, Figures: report.Figures{
				Cities: 2, TwinnedCities: 2, TwinLinks: report.Links{Within: 1, Abroad: 1},
				Communities:  report.Communities{Active: 1, Total: 1},
				Partnerships: states(proposed, 1), CitiesToRecruit: 1, PotentialPartnerships: 1}},
			{Key: "atlantis", Name: "Atlantis", Labels: []string{"Atlantis"}, Region: twins.RegionUnknown, Figures: report.Figures{
				Cities: 1, TwinnedCities: 1, TwinLinks: report.Links{Abroad: 1},
				Communities:  report.Communities{Active: 1, Total: 1},
				Partnerships: states(ended, 1), CommunitiesWithoutPartner: 1}},
		}
		var got []report.Country
		for _, c := range r.Countries {
			got = append(got, *c)
		}
		if !reflect.DeepEqual(got, wantCountries) {
			t.Errorf("countries:\n%s\nwant:\n%s", asJSON(got), asJSON(wantCountries))
		}

		regions := map[twins.Region]report.Region{}
		for _, g := range r.Regions {
			regions[g.Region] = *g
		}
		if len(r.Regions) != len(twins.Regions) {
			t.Errorf("%d regions, want every one of %d, empty ones too", len(r.Regions), len(twins.Regions))
		}
		wantRegions := []report.Region{
			{Region: twins.RegionNWE, Name: "Northern and Western Europe", Countries: []string{"France", "Germany", "United Kingdom"}, Figures: report.Figures{
				Cities: 6, TwinnedCities: 5, TwinLinks: report.Links{Within: 4, Abroad: 1},
				Communities: report.Communities{Active: 3, Closed: 1, Total: 4}, Institutions: 1,
				Partnerships: states(active, 1, proposed, 1), AtRisk: 1, CitiesToRecruit: 2, PotentialPartnerships: 1}},
			{Region: twins.RegionCEE, Name: "Central and Eastern Europe and Central Asia", Countries: []string{"Poland"}, Figures: report.Figures{
				Cities: 1, TwinnedCities: 1, TwinLinks: report.Links{Abroad: 2},
				Communities:  report.Communities{Dormant: 1, Total: 1},
				Partnerships: states(ended, 1), CommunitiesWithoutPartner: 1}},
			{Region: twins.RegionUnknown, Name: "Unknown region", Countries: []string{"Atlantis"}, Figures: report.Figures{
				Cities: 1, TwinnedCities: 1, TwinLinks: report.Links{Abroad: 1},
				Communities:  report.Communities{Active: 1, Total: 1},
				Partnerships: states(ended, 1), CommunitiesWithoutPartner: 1}},
			{Region: twins.RegionSSA, Name: "Sub-Saharan Africa", Countries: []string{}, Figures: report.Figures{Partnerships: states()}},
		}
		for _, want := range wantRegions {
			if g := regions[want.Region]; !reflect.DeepEqual(g, want) {
				t.Errorf("region %s:\n%s\nwant:\n%s", want.Region, asJSON(g), asJSON(want))
			}
		}
		wantTotal := report.Figures{Cities: 8, TwinnedCities: 7, TwinLinks: report.Links{Within: 6},
			Communities: report.Communities{Active: 4, Dormant: 1, Closed: 1, Total: 6}, Institutions: 1,
			Partnerships: states(active, 1, proposed, 1, ended, 1), AtRisk: 1,
			CitiesToRecruit: 2, CommunitiesWithoutPartner: 2, PotentialPartnerships: 1}
		if !reflect.DeepEqual(r.Total, wantTotal) {
			t.Errorf("total:\n%s\nwant:\n%s", asJSON(r.Total), asJSON(wantTotal))
		}
	})
}

func TestGapListsOfACountry(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := seed(t, db)
		r := w.load(t)
		party := func(name, city string, status wikicities.Status) report.Party {
			c := w.cities[city]
			return report.Party{ID: w.comms[name], Name: name, Status: status,
				City: report.Place{ID: c.ID, Name: c.Name, Country: c.Country}}
		}
		place := func(city string) report.Place {
			c := w.cities[city]
			return report.Place{ID: c.ID, Name: c.Name, Country: c.Country}
		}
		lyon := party("WM Lyon", "Lyon", wikicities.StatusActive)
		brum := party("WM Birmingham", "Birmingham", wikicities.StatusActive)
		tests := []struct {
			country string // as a visitor may write it
			want    report.Gaps
		}{
			// Lyon and Birmingham are twins, both with an active
			// community, and not partners: a potential partnership,
			// listed from each side.
			{"France", report.Gaps{Recruit: []report.Recruit{},
				Potential:      []report.Potential{{Community: lyon, Partner: brum}},
				WithoutPartner: []report.Party{}}},
			// Glasgow's only community is archived: a place to recruit,
			// connecting WM Birmingham.
			{"England", report.Gaps{Recruit: []report.Recruit{{City: place("Glasgow"), Twins: 1, Connects: 1}},
				Potential:      []report.Potential{{Community: brum, Partner: lyon}},
				WithoutPartner: []report.Party{}}},
			// Leipzig's community is closed: recruit there, connecting
			// WM Frankfurt and the dormant Kraków group; Frankfurt and
			// Lyon are partners already; Bonn has no twin.
			{"germany", report.Gaps{Recruit: []report.Recruit{{City: place("Leipzig"), Twins: 2, Connects: 2}},
				Potential: []report.Potential{}, WithoutPartner: []report.Party{}}},
			// A dormant community is no potential partner; its ended
			// partnership leaves it without partner.
			{"Poland", report.Gaps{Recruit: []report.Recruit{}, Potential: []report.Potential{},
				WithoutPartner: []report.Party{party("Kraków group", "Kraków", wikicities.StatusDormant)}}},
			{"Atlantis", report.Gaps{Recruit: []report.Recruit{}, Potential: []report.Potential{},
				WithoutPartner: []report.Party{party("Atlantis group", "Atlantis", wikicities.StatusActive)}}},
		}
		for _, tt := range tests {
			c := r.Country(tt.country)
			if c == nil {
				t.Errorf("%s: no row", tt.country)
				continue
			}
			if got := r.Gaps(c); !reflect.DeepEqual(*got, tt.want) {
				t.Errorf("%s gaps:\n%s\nwant:\n%s", tt.country, asJSON(got), asJSON(tt.want))
			}
		}
		if c := r.Country("Narnia"); c != nil {
			t.Errorf("Country(Narnia) = %+v, want nil", c)
		}
	})
}

// Once the two communities of a twin link propose a partnership, they are
// no longer a potential partnership; when it is declined, they are again.
func TestAPartnershipClosesThePotentialPartnership(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := seed(t, db)
		ctx := wikicities.NewContext(context.Background(), wikicities.System)
		var pid int64
		err := db.Update(ctx, func(tx *store.Tx) error {
			return insertPartnership(ctx, tx, w.comms["WM Birmingham"], w.comms["WM Lyon"], 0, wikicities.StateProposed, db.Now())
		})
		if err != nil {
			t.Fatal(err)
		}
		r := w.load(t)
		if n := r.Total.PotentialPartnerships; n != 0 {
			t.Errorf("with a proposed partnership: %d potential partnerships, want 0", n)
		}
		if g := r.Gaps(r.Country("France")); len(g.Potential) != 0 {
			t.Errorf("France still lists %+v", g.Potential)
		}
		if err := db.QueryRow(ctx, `SELECT id FROM partnerships WHERE state = 'proposed' AND b_community_id IS NOT NULL`).Scan(&pid); err != nil {
			t.Fatal(err)
		}
		if err := db.Update(ctx, func(tx *store.Tx) error {
			_, err := tx.Exec(ctx, `UPDATE partnerships SET state = 'declined' WHERE id = ?`, pid)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		r = w.load(t)
		if n := r.Total.PotentialPartnerships; n != 1 {
			t.Errorf("after the proposal was declined: %d potential partnerships, want 1", n)
		}
		if n := r.Total.Partnerships[wikicities.StateDeclined]; n != 1 {
			t.Errorf("declined partnerships: %d, want 1", n)
		}
	})
}
