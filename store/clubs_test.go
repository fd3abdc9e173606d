package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

func TestWikiClubStartsAndFindsSisterClubsInTwinCities(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		withPartnershipClock(db)
		w := storetest.MustPartners(t, db)
		ctx := context.Background()
		as := func(a *wikicities.Actor) context.Context { return storetest.As(ctx, a) }
		now := db.Now().Unix()
		var school int64
		if err := db.QueryRow(ctx, `INSERT INTO institutions (kind, name, name_key, city_id, created_at, updated_at)
			VALUES ('school', 'Gymnasium Berlin', 'gymnasium berlin', ?, ?, ?) RETURNING id`, w.Berlin, now, now).Scan(&school); err != nil {
			t.Fatal(err)
		}
		a, b := min(w.Berlin, w.Paris), max(w.Berlin, w.Paris)
		if _, err := db.Exec(ctx, `INSERT INTO twin_links (a, b, source, created_at) VALUES (?, ?, 'manual', ?)`, a, b, now); err != nil {
			t.Fatal(err)
		}
		w.CoordA.Coordinates = append(w.CoordA.Coordinates, wikicities.PartyRef{Kind: wikicities.PartyInstitution, ID: school})
		if _, _, err := db.Training().ImportResources(as(w.Admin), libraryFixture()); err != nil {
			t.Fatal(err)
		}
		toolkit, _ := db.Training().Resources(ctx, wikicities.ResourceFilter{Query: "toolkit"})
		clubs := db.Clubs()
		paris := &wikicities.WikiClub{Name: "Carnavalet Wiki Club", HostID: w.Inst.ID, MeetingSchedule: "Wednesdays 16:00"}
		if err := clubs.StartClub(as(w.CoordA), paris); !errors.Is(err, wikicities.ErrForbidden) {
			t.Errorf("a stranger to the host starts a club: %v", err)
		}
		if err := clubs.StartClub(as(w.CoordInst), paris); err != nil {
			t.Fatal(err)
		}
		berlin := &wikicities.WikiClub{Name: "Gymnasium Wiki Club", HostID: school, HostAgreement: "Room 12 after school; a teacher attends",
			MeetingSchedule: "Thursdays 15:00", FirstMeeting: db.Now().AddDate(0, 0, 7), ToolkitID: toolkit[0].ID, Members: 12, RegularEditors: 4}
		if err := clubs.StartClub(as(w.CoordA), berlin); err != nil {
			t.Fatal(err)
		}
		got, err := clubs.Club(ctx, berlin.CommunityID)
		if err != nil || got.HostName != "Gymnasium Berlin" || got.CityID != w.Berlin || got.ToolkitID != toolkit[0].ID || got.Members != 12 ||
			!got.FirstMeeting.Equal(berlin.FirstMeeting.Truncate(1e9)) {
			t.Fatalf("club: %+v, %v", got, err)
		}
		com, err := db.Communities().Community(ctx, berlin.CommunityID)
		if err != nil || com.Kind != wikicities.KindWikiClub {
			t.Errorf("club's community: %+v, %v", com, err)
		}
		inst, err := db.Institutions().Institution(ctx, school)
		if err != nil || !inst.HostsWikiClub {
			t.Errorf("host not marked: %+v, %v", inst, err)
		}
		if r, _ := db.Training().Resource(ctx, toolkit[0].ID); r.Uses != 1 {
			t.Errorf("toolkit uses = %d", r.Uses)
		}
		sisters, err := clubs.SisterClubs(ctx, berlin.CommunityID)
		if err != nil || len(sisters) != 1 || sisters[0].CommunityID != paris.CommunityID {
			t.Fatalf("sister clubs: %+v, %v", sisters, err)
		}
		// Paired through the partnership machinery: no longer suggested.
		w.CoordA.Coordinates = append(w.CoordA.Coordinates, wikicities.PartyRef{Kind: wikicities.PartyCommunity, ID: berlin.CommunityID})
		p := &wikicities.Partnership{A: wikicities.Party{Kind: wikicities.PartyCommunity, ID: berlin.CommunityID},
			B: wikicities.Party{Kind: wikicities.PartyCommunity, ID: paris.CommunityID}, Type: wikicities.TypeTwinning, Level: wikicities.LevelGlobal}
		if err := db.Partnerships().Propose(as(w.CoordA), p, "sister clubs"); err != nil {
			t.Fatal(err)
		}
		if sisters, _ := clubs.SisterClubs(ctx, berlin.CommunityID); len(sisters) != 0 {
			t.Errorf("a partner still suggested: %+v", sisters)
		}
		berlin.Members, berlin.RegularEditors = 3, 5
		if err := clubs.UpdateClub(as(w.CoordA), berlin); !errors.Is(err, wikicities.ErrInvalid) {
			t.Errorf("more regular editors than members: %v", err)
		}
		berlin.Members, berlin.OutreachEvents = 15, 2
		if err := clubs.UpdateClub(as(w.CoordB), berlin); !errors.Is(err, wikicities.ErrForbidden) {
			t.Errorf("another group's coordinator: %v", err)
		}
		if err := clubs.UpdateClub(as(w.CoordA), berlin); err != nil {
			t.Fatal(err)
		}
		if got, _ := clubs.Club(ctx, berlin.CommunityID); got.Members != 15 || got.OutreachEvents != 2 || got.Version != 2 || berlin.Version != 2 {
			t.Errorf("after update: %+v (version %d)", got, berlin.Version)
		}
		// An update based on what was read before that one is refused, and
		// the figures it would have overwritten stay.
		stale := *berlin
		stale.Version, stale.Members, stale.OutreachEvents = 1, 9, 0
		var se *wikicities.StaleError
		if err := clubs.UpdateClub(as(w.CoordA), &stale); !errors.As(err, &se) || se.Current != 2 || !errors.Is(err, wikicities.ErrStale) {
			t.Errorf("update from a stale read: %v", err)
		}
		if got, _ := clubs.Club(ctx, berlin.CommunityID); got.Members != 15 || got.OutreachEvents != 2 || got.Version != 2 {
			t.Errorf("a stale update was written: %+v", got)
		}
		if _, err := clubs.Club(ctx, w.A.ID); !errors.Is(err, wikicities.ErrNotFound) {
			t.Errorf("not a club: %v", err)
		}
	})
}

func TestWikiClubsListsClubsByName(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := storetest.MustPartners(t, db)
		ctx := context.Background()
		clubs := db.Clubs()
		if all, err := clubs.Clubs(ctx); err != nil || len(all) != 0 {
			t.Fatalf("no clubs: %+v, %v", all, err)
		}
		for _, name := range []string{"Zoo Wiki Club", "Atelier Wiki Club"} {
			if err := clubs.StartClub(storetest.As(ctx, w.CoordInst), &wikicities.WikiClub{Name: name, HostID: w.Inst.ID}); err != nil {
				t.Fatal(err)
			}
		}
		all, err := clubs.Clubs(ctx)
		if err != nil || len(all) != 2 || all[0].Name != "Atelier Wiki Club" || all[1].HostID != w.Inst.ID {
			t.Fatalf("clubs: %+v, %v", all, err)
		}
	})
}
