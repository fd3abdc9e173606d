package demo

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/password"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

// enlivened loads the demo into db and enlivens it.
func enlivened(t *testing.T, db *store.DB) wikicities.Services {
	t.Helper()
	ctx := context.Background()
	if loaded, err := Load(ctx, db); err != nil || !loaded {
		t.Fatalf("Load = %v, %v", loaded, err)
	}
	svc := db.Services()
	svc.Passwords = password.Default
	if _, err := Enliven(ctx, svc); err != nil {
		t.Fatalf("Enliven: %v", err)
	}
	return svc
}

// kpSnapshot counts what the demo's Knowledge Park holds, and names the
// parts a test looks at, so that a second Enliven can be compared.
type kpSnapshot struct {
	Users, Campaigns, Editions, National, Twin, Events, Registered, Waiting int
	Resources, Visits, Mentorships, Clubs, Champions, Partnerships          int
	EventTitles, VisitStates, ClubNames                                     []string
}

func snapshot(t *testing.T, svc wikicities.Services) kpSnapshot {
	t.Helper()
	ctx := wikicities.NewContext(context.Background(), wikicities.System)
	var s kpSnapshot
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	us, err := svc.Accounts.Users(ctx)
	must(err)
	s.Users = len(us)
	cs, err := svc.Campaigns.Campaigns(ctx)
	must(err)
	s.Campaigns = len(cs)
	for _, c := range cs {
		es, err := svc.Campaigns.Editions(ctx, c.ID)
		must(err)
		s.Editions += len(es)
		ns, ts, err := svc.Campaigns.Participation(ctx, c.ID, 0)
		must(err)
		s.National, s.Twin = s.National+len(ns), s.Twin+len(ts)
	}
	evs, err := svc.Events.Events(ctx, wikicities.EventFilter{Limit: 1000})
	must(err)
	s.Events = len(evs)
	for _, e := range evs {
		s.Registered, s.Waiting = s.Registered+e.Registered, s.Waiting+e.Waitlisted
		s.EventTitles = append(s.EventTitles, e.Title)
	}
	slices.Sort(s.EventTitles)
	rs, err := svc.Training.Resources(ctx, wikicities.ResourceFilter{})
	must(err)
	s.Resources = len(rs)
	for _, name := range []string{DemoCommunity, "Amical Wikimedia"} {
		vs, err := svc.Visits.Visits(ctx, communityID(t, svc, name))
		must(err)
		s.Visits += len(vs)
		for _, v := range vs {
			s.VisitStates = append(s.VisitStates, string(v.State))
		}
	}
	slices.Sort(s.VisitStates)
	demoUser, err := svc.Accounts.UserByName(ctx, DemoUser)
	must(err)
	ms, err := svc.Mentorships.Mentorships(ctx, wikicities.Holder{Kind: wikicities.HolderPerson, ID: demoUser.ID})
	must(err)
	s.Mentorships = len(ms)
	clubs, err := svc.Clubs.Clubs(ctx)
	must(err)
	s.Clubs = len(clubs)
	for _, c := range clubs {
		s.ClubNames = append(s.ClubNames, c.Name)
	}
	chs, err := svc.Regions.Champions(ctx)
	must(err)
	s.Champions = len(chs)
	ps, _, err := svc.Partnerships.Partnerships(ctx, wikicities.PartnershipFilter{Limit: 1000})
	must(err)
	s.Partnerships = len(ps)
	return s
}

func communityID(t *testing.T, svc wikicities.Services, name string) int64 {
	t.Helper()
	cs, err := svc.Communities.AllCommunities(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if c.Name == name {
			return c.ID
		}
	}
	t.Fatalf("no community %q", name)
	return 0
}

func eventNamed(t *testing.T, svc wikicities.Services, title string) *wikicities.Event {
	t.Helper()
	evs, err := svc.Events.Events(context.Background(), wikicities.EventFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range evs {
		if e.Title == Marker+" "+title {
			return e
		}
	}
	t.Fatalf("no demo event %q", title)
	return nil
}

// After Enliven, every Knowledge Park feature of the demo is there, alive
// and marked; a second Enliven adds nothing.
func TestEnlivenFillsTheKnowledgePark(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc := enlivened(t, db)
		ctx := wikicities.NewContext(context.Background(), wikicities.System)
		now := svc.Clock.Now()
		s := snapshot(t, svc)
		if s.Campaigns != 1 || s.Editions != 1 || s.National != 4 || s.Twin != 1 {
			t.Errorf("campaigns %d, editions %d, national %d, twin %d; want 1, 1, 4, 1", s.Campaigns, s.Editions, s.National, s.Twin)
		}
		cs, _ := svc.Campaigns.Campaigns(ctx)
		es, _ := svc.Campaigns.Editions(ctx, cs[0].ID)
		if len(es) != 1 || es[0].Year != now.Year() || now.Before(es[0].Start) || now.After(es[0].End) {
			t.Errorf("edition %+v does not run now (%s)", es[0], now)
		}
		_, ts, _ := svc.Campaigns.Participation(ctx, cs[0].ID, 0)
		wikimuc := communityID(t, svc, DemoCommunity)
		if len(ts) != 1 || (ts[0].A.ID != wikimuc && ts[0].B.ID != wikimuc) || !strings.HasPrefix(ts[0].Goal, Marker) {
			t.Errorf("twin edition %+v: want WikiMUC's, with a marked goal", ts)
		}

		w := eventNamed(t, svc, EventWorkshop)
		if w.Mode != wikicities.ModeInPerson || w.Capacity != 2 || w.Registered != 2 || w.Waitlisted != 1 || !w.Start.After(now) {
			t.Errorf("workshop: mode %s, capacity %d, %d registered, %d waiting, start %s", w.Mode, w.Capacity, w.Registered, w.Waitlisted, w.Start)
		}
		if p := eventNamed(t, svc, EventPhotoWalk); !strings.Contains(p.RRule, "FREQ=MONTHLY") || p.Type != wikicities.EventPhotoWalk {
			t.Errorf("photo walk: type %s, rule %q", p.Type, p.RRule)
		}
		if tr := eventNamed(t, svc, EventTraining); tr.Mode != wikicities.ModeOnline || tr.EditionID != es[0].ID {
			t.Errorf("training: mode %s, edition %d; want online in edition %d", tr.Mode, tr.EditionID, es[0].ID)
		}
		if e := eventNamed(t, svc, EventEditathon); !e.End.Before(now) || e.Type != wikicities.EventEditathon {
			t.Errorf("edit-a-thon: type %s ends %s; want a past edit-a-thon", e.Type, e.End)
		}

		if want := []string{"accepted", "requested"}; !reflect.DeepEqual(s.VisitStates, want) {
			t.Errorf("visits %v, want %v", s.VisitStates, want)
		}
		vs, _ := svc.Visits.Visits(ctx, wikimuc)
		if len(vs) != 1 || len(vs[0].Agenda) != 2 || vs[0].Offer == nil {
			t.Errorf("WikiMUC's visit %+v: want one, accepted with an offer and two events on its agenda", vs)
		}

		if s.Resources != len(Resources) {
			t.Errorf("%d library resources, want %d", s.Resources, len(Resources))
		}
		de, _ := svc.Training.Resources(ctx, wikicities.ResourceFilter{Language: "de"})
		if len(de) == 0 {
			t.Error("no German resource in the library")
		}

		hc, err := svc.Capacities.HolderCapacities(ctx, wikicities.Holder{Kind: wikicities.HolderGroup, ID: wikimuc})
		if err != nil || len(hc.Available) == 0 || len(hc.Wanted) == 0 {
			t.Errorf("WikiMUC's capacities %+v, %v", hc, err)
		}
		partners, _ := svc.Accounts.UserByName(ctx, PartnersUser)
		ms, _ := svc.Mentorships.Mentorships(ctx, wikicities.Holder{Kind: wikicities.HolderPerson, ID: partners.ID})
		if len(ms) != 1 || ms[0].State != wikicities.MentorshipActive || ms[0].MenteeName != DemoUser || len(ms[0].CheckIns) == 0 {
			t.Errorf("demo-partners' mentorships %+v: want one active with %s", ms, DemoUser)
		}

		clubs, _ := svc.Clubs.Clubs(ctx)
		var museum *wikicities.WikiClub
		for _, c := range clubs {
			if c.HostName == "Deutsches Museum" {
				museum = c
			}
			if !strings.HasPrefix(c.Name, Marker) {
				t.Errorf("club %q is not marked as demo", c.Name)
			}
		}
		if museum == nil {
			t.Fatalf("no club at the Deutsches Museum among %d", len(clubs))
		}
		sisters, err := svc.Clubs.SisterClubs(ctx, museum.CommunityID)
		if err != nil || len(sisters) != 1 || sisters[0].HostName != "University of Edinburgh" {
			t.Errorf("sister clubs of the museum's club: %v, %v", sisters, err)
		}
		chs, _ := svc.Regions.Champions(ctx)
		if len(chs) != 1 || chs[0].Region != ChampionRegion || chs[0].CommunityID != wikimuc {
			t.Errorf("champions %+v, want WikiMUC for %s", chs, ChampionRegion)
		}
		for _, title := range s.EventTitles {
			if !strings.HasPrefix(title, Marker) {
				t.Errorf("event %q is not marked as demo", title)
			}
		}

		if _, err := Enliven(context.Background(), svc); err != nil {
			t.Fatalf("second Enliven: %v", err)
		}
		if again := snapshot(t, svc); !reflect.DeepEqual(again, s) {
			t.Errorf("second Enliven changed\n%+v\nto\n%+v", s, again)
		}
	})
}
