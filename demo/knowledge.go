package demo

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/wikicities/wikicities"
)

// The Knowledge Park and Smart Region of the demo: a campaign with this
// year's edition, national and twin editions, events (a full workshop with
// a waitlist, a monthly photo walk, an online training of the edition, a
// past edit-a-thon), exchange visits, the library, capacities and a
// mentorship, Wiki Clubs and a regional champion. Everything invented
// carries Marker; the campaign and the library resources are real.

// Campaign is the demo campaign: Wiki Loves Monuments is real, its
// editions in the demo are not. Its Wikidata item is left empty rather
// than guessed, and so is its Meta-Wiki page.
const Campaign = "Wiki Loves Monuments"

// The invented people who register for the demo events, besides the demo
// accounts. Their passwords are derived from the site's secret and never
// printed.
var People = []string{"demo-anna", "demo-ben"}

// The titles of the demo events, after Marker.
const (
	EventWorkshop  = "Workshop: photographing museum objects"
	EventPhotoWalk = "Monthly photo walk through the old town"
	EventTraining  = "Online training: uploading monuments to Commons"
	EventEditathon = "Edit-a-thon on Bavarian monuments"
)

// Clubs are the demo Wiki Clubs: one at the Deutsches Museum and its
// sister club in Edinburgh, Munich's twin city.
var Clubs = []struct {
	Name, Host, Schedule, Agreement, Language, Toolkit string
	Members, Editors, Outreach, StartedDaysAgo         int
}{
	{Marker + " Wiki Club at the Deutsches Museum", "Deutsches Museum", "Wednesdays 16:00",
		"A room in the library and the museum's Wi-Fi; a curator joins once a month", "de", "demo:dewiki/Bildertutorial", 14, 6, 2, 60},
	{Marker + " Wiki Club at the University of Edinburgh", "University of Edinburgh", "Thursdays 17:00",
		"A seminar room and laptops, booked by the Wikimedian in Residence", "en", "demo:enwiki/How_to_run_an_edit-a-thon", 9, 4, 1, 40},
}

// ChampionRegion is the region WikiMUC champions in the demo: Bavaria.
const ChampionRegion = "DE-BY"

// Resources are the demo library: real guides, in English and German,
// whose links were checked against Wikimedia pages when this list was
// written. Their sources start with "demo:" so that an import of the real
// library does not take them for its own.
var Resources = []wikicities.TrainingResource{
	{Source: "demo:enwiki/How_to_run_an_edit-a-thon", Title: "How to run an edit-a-thon",
		Link:      "https://en.wikipedia.org/wiki/Wikipedia:How_to_run_an_edit-a-thon",
		Languages: []string{"en"}, Skill: "events", Topic: "Events", Level: wikicities.LevelBeginner,
		Format: wikicities.FormatHandbook, Licence: "CC-BY-SA-4.0", Maintainer: "English Wikipedia"},
	{Source: "demo:commons/WLM_monuments_lists_and_Wikidata", Title: "Wiki Loves Monuments: monuments lists and Wikidata",
		Link:      "https://commons.wikimedia.org/wiki/Commons:Wiki_Loves_Monuments/Documentation/Monuments_lists_and_Wikidata",
		Languages: []string{"en"}, Skill: "wikidata", Topic: "Campaigns", Level: wikicities.LevelIntermediate,
		Format: wikicities.FormatToolkit, Licence: "CC-BY-SA-4.0", Maintainer: "Wikimedia Commons"},
	{Source: "demo:commons/Freedom_of_panorama", Title: "Freedom of panorama on Commons",
		Link:      "https://commons.wikimedia.org/wiki/Commons:Freedom_of_panorama",
		Languages: []string{"en"}, Skill: "photography", Topic: "Photography", Level: wikicities.LevelIntermediate,
		Format: wikicities.FormatHandbook, Licence: "CC-BY-SA-4.0", Maintainer: "Wikimedia Commons"},
	{Source: "demo:meta/Freedom_of_panorama", Title: "Freedom of Panorama in the movement",
		Link:      "https://meta.wikimedia.org/wiki/Freedom_of_panorama",
		Languages: []string{"en"}, Skill: "glam", Topic: "Photography", Level: wikicities.LevelBeginner,
		Format: wikicities.FormatHandbook, Licence: "CC-BY-SA-4.0", Maintainer: "Meta-Wiki"},
	{Source: "demo:dewiki/Bildertutorial", Title: "Bildertutorial: Bilder hochladen und einbinden",
		Link:      "https://de.wikipedia.org/wiki/Wikipedia:Bildertutorial",
		Languages: []string{"de"}, Skill: "photography", Topic: "Photography", Level: wikicities.LevelBeginner,
		Format: wikicities.FormatToolkit, Licence: "CC-BY-SA-4.0", Maintainer: "Deutschsprachige Wikipedia"},
	{Source: "demo:commons/FAQ_de", Title: "Commons: Häufig gestellte Fragen",
		Link:      "https://commons.wikimedia.org/wiki/Commons:FAQ/de",
		Languages: []string{"de"}, Skill: "photography", Topic: "Photography", Level: wikicities.LevelBeginner,
		Format: wikicities.FormatHandbook, Licence: "CC-BY-SA-4.0", Maintainer: "Wikimedia Commons"},
}

// knowledge is what enlivenKnowledge works with: the services, the demo
// parties and the acting accounts.
type knowledge struct {
	svc        wikicities.Services
	parties    map[string]wikicities.PartyRef
	now        time.Time
	sys        context.Context
	demo       context.Context // as DemoUser, who coordinates WikiMUC
	partners   context.Context // as PartnersUser, who coordinates the others
	demoID     int64
	partnersID int64
	people     []context.Context // as People
	resources  map[string]int64  // by Source
	edition    int64
	events     map[string]int64 // by title
}

// enlivenKnowledge adds the demo's Knowledge Park and Smart Region through
// the services, unless the demo campaign has it already.
func enlivenKnowledge(ctx context.Context, svc wikicities.Services, parties map[string]wikicities.PartyRef) error {
	if done, err := knowledgeDone(ctx, svc); done || err != nil {
		return err
	}
	k := &knowledge{svc: svc, parties: parties, now: svc.Clock.Now(), sys: ctx,
		resources: map[string]int64{}, events: map[string]int64{}}
	var err error
	if k.demo, k.demoID, err = k.as(DemoUser); err != nil {
		return err
	}
	if k.partners, k.partnersID, err = k.as(PartnersUser); err != nil {
		return err
	}
	secret, err := svc.Accounts.Secret(ctx)
	if err != nil {
		return err
	}
	for _, name := range People {
		a, err := demoAccount(ctx, svc, name, derive(secret, name), nil)
		if err != nil {
			return err
		}
		k.people = append(k.people, wikicities.NewContext(ctx, a))
	}
	for _, step := range []struct {
		what string
		fn   func() error
	}{
		{"library", k.library}, {"campaign", k.campaign}, {"events", k.addEvents}, {"visits", k.visits},
		{"capacities", k.capacities}, {"mentorship", k.mentorship}, {"clubs", k.clubs}, {"champion", k.champion},
	} {
		if err := step.fn(); err != nil {
			return fmt.Errorf("demo %s: %w", step.what, err)
		}
	}
	return nil
}

// knowledgeDone reports whether the demo campaign exists.
func knowledgeDone(ctx context.Context, svc wikicities.Services) (bool, error) {
	cs, err := svc.Campaigns.Campaigns(ctx)
	if err != nil {
		return false, err
	}
	for _, c := range cs {
		if c.Name == Campaign && strings.HasPrefix(c.Description, Marker) {
			return true, nil
		}
	}
	return false, nil
}

// as returns a context acting as the account named name, with its grants
// as they are now.
func (k *knowledge) as(name string) (context.Context, int64, error) {
	u, err := k.svc.Accounts.UserByName(k.sys, name)
	if err != nil {
		return nil, 0, fmt.Errorf("demo account %s: %w", name, err)
	}
	a, err := k.svc.Accounts.Actor(k.sys, u, "")
	if err != nil {
		return nil, 0, err
	}
	return wikicities.NewContext(k.sys, a), u.ID, nil
}

func (k *knowledge) party(name string) wikicities.Party {
	p := k.parties[name]
	return wikicities.Party{Kind: p.Kind, ID: p.ID}
}

// day is midnight UTC days from now.
func (k *knowledge) day(days int) time.Time {
	return k.now.AddDate(0, 0, days).UTC().Truncate(24 * time.Hour)
}

func (k *knowledge) library() error {
	if _, _, err := k.svc.Training.ImportResources(k.sys, Resources); err != nil {
		return err
	}
	rs, err := k.svc.Training.Resources(k.sys, wikicities.ResourceFilter{})
	if err != nil {
		return err
	}
	for _, r := range rs {
		k.resources[r.Source] = r.ID
	}
	for _, r := range Resources {
		if k.resources[r.Source] == 0 {
			return fmt.Errorf("resource %s was not imported", r.Source)
		}
	}
	return nil
}

// campaign adds the demo campaign, owned by the demo account, with this
// year's edition running now, four national editions and the twin
// edition of WikiMUC and the Wikimedians of Zimbabwe (Munich and Harare
// are twins).
func (k *knowledge) campaign() error {
	c := &wikicities.Campaign{Name: Campaign,
		Description: Marker + " The photo contest of monuments is real; its editions here are invented to try WikiCities with."}
	if err := k.svc.Campaigns.CreateCampaign(k.demo, c); err != nil {
		return err
	}
	e := &wikicities.Edition{CampaignID: c.ID, Year: k.now.Year(), Start: k.day(-10), End: k.day(50)}
	if err := k.svc.Campaigns.CreateEdition(k.demo, e); err != nil {
		return fmt.Errorf("edition %d: %w", e.Year, err)
	}
	k.edition = e.ID
	for _, n := range []struct {
		as            context.Context
		group, region string
		country       string
		partners      []string
	}{
		{k.demo, DemoCommunity, "Bavaria", "DE", []string{"Bayerische Staatsbibliothek"}},
		{k.partners, "Kontor Hamburg", "", "DE", nil},
		{k.partners, "Wikimedians of Zimbabwe", "", "ZW", nil},
		{k.partners, "Amical Wikimedia", "Catalonia", "ES", nil},
	} {
		ne := &wikicities.NationalEdition{EditionID: e.ID, Community: k.party(n.group), Country: n.country, Region: n.region, Partners: []wikicities.Party{}}
		for _, p := range n.partners {
			ne.Partners = append(ne.Partners, k.party(p))
		}
		if err := k.svc.Campaigns.JoinEdition(n.as, ne); err != nil {
			return fmt.Errorf("%s joins: %w", n.group, err)
		}
	}
	t := &wikicities.TwinEdition{EditionID: e.ID, A: k.party(DemoCommunity), B: k.party("Wikimedians of Zimbabwe"),
		Goal:     Marker + " Photograph 200 monuments in each of the twin cities and write their articles in both languages",
		Worklist: []string{"Siegestor", "Feldherrnhalle", "Great Zimbabwe", "Heroes' Acre"}}
	if err := k.svc.Campaigns.CreateTwinEdition(k.demo, t); err != nil {
		return fmt.Errorf("twin edition: %w", err)
	}
	return k.svc.Training.AttachResource(k.demo, k.resources["demo:commons/WLM_monuments_lists_and_Wikidata"],
		wikicities.ResourceTarget{Kind: wikicities.TargetCampaign, ID: c.ID})
}

// at is a time of day days from now in Munich.
func (k *knowledge) at(days, hour int) time.Time {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		loc = time.UTC
	}
	d := k.now.In(loc).AddDate(0, 0, days)
	return time.Date(d.Year(), d.Month(), d.Day(), hour, 0, 0, 0, loc)
}

// addEvents adds the demo events and fills the workshop: two places, both
// taken, and one person waiting.
func (k *knowledge) addEvents() error {
	munich, err := k.svc.Cities.LookupCity(k.sys, "Q1726")
	if err != nil {
		return err
	}
	inMunich := func(e *wikicities.Event) *wikicities.Event {
		e.Mode, e.CityID = wikicities.ModeInPerson, munich.ID
		return e
	}
	mk := func(as context.Context, organiser, title string, e *wikicities.Event) error {
		e.Title, e.Organisers, e.TimeZone, e.Registration = Marker+" "+title, []wikicities.Party{k.party(organiser)}, "Europe/Berlin", wikicities.ListPublic
		e.Description = "An invented event to try WikiCities with; " + organiser + " did not plan it."
		if err := k.svc.Events.CreateEvent(as, e); err != nil {
			return fmt.Errorf("%s: %w", title, err)
		}
		k.events[title] = e.ID
		return nil
	}
	if err := errors.Join(
		mk(k.demo, DemoCommunity, EventWorkshop, inMunich(&wikicities.Event{Type: wikicities.EventWorkshop, Language: "de",
			Start: k.at(10, 14), End: k.at(10, 17), Address: "Museumsinsel 1", Capacity: 2, Waitlist: true})),
		mk(k.demo, DemoCommunity, EventPhotoWalk, inMunich(&wikicities.Event{Type: wikicities.EventPhotoWalk, Language: "de",
			Start: k.at(12, 10), End: k.at(12, 13), Address: "Marienplatz", RRule: "FREQ=MONTHLY;COUNT=6"})),
		mk(k.partners, "Kontor Hamburg", EventTraining, &wikicities.Event{Type: wikicities.EventTraining, Mode: wikicities.ModeOnline,
			Language: "de", Start: k.at(5, 19), End: k.at(5, 20), OnlineURL: "https://example.org/demo-training", EditionID: k.edition}),
		mk(k.demo, DemoCommunity, EventEditathon, inMunich(&wikicities.Event{Type: wikicities.EventEditathon, Language: "de",
			Start: k.at(-30, 10), End: k.at(-30, 17), Address: "Ludwigstraße 16"})),
	); err != nil {
		return err
	}
	workshop := k.events[EventWorkshop]
	for i, as := range []context.Context{k.partners, k.people[0], k.people[1]} {
		r, err := k.svc.Events.Register(as, workshop, nil)
		if err != nil {
			return fmt.Errorf("registration %d: %w", i+1, err)
		}
		if want := map[bool]wikicities.RegistrationState{true: wikicities.Registered, false: wikicities.Waitlisted}[i < 2]; r.State != want {
			return fmt.Errorf("registration %d is %s, want %s", i+1, r.State, want)
		}
	}
	if _, err := k.svc.Events.Register(k.people[0], k.events[EventTraining], nil); err != nil {
		return fmt.Errorf("training registration: %w", err)
	}
	return k.svc.Training.AttachResource(k.demo, k.resources["demo:enwiki/How_to_run_an_edit-a-thon"],
		wikicities.ResourceTarget{Kind: wikicities.TargetEvent, ID: k.events[EventEditathon]})
}

// visits adds a visit of the Wikimedians of Zimbabwe to WikiMUC, accepted
// with an agenda of the workshop and the photo walk, and a visit Amical
// Wikimedia asked the group in Monterrey for (Barcelona and Monterrey are
// twins), still unanswered.
func (k *knowledge) visits() error {
	v := &wikicities.Visit{Visitor: k.party("Wikimedians of Zimbabwe"), Host: k.party(DemoCommunity),
		Start: k.day(9), End: k.day(13), People: 3,
		Purpose: Marker + " Learn how WikiMUC runs its photo walks, and plan the twin edition of Wiki Loves Monuments together"}
	if err := k.svc.Visits.RequestVisit(k.partners, v); err != nil {
		return err
	}
	v, err := k.svc.Visits.TransitionVisit(k.demo, v.ID, wikicities.VisitAccept, v.Version,
		&wikicities.HostOffer{Capacity: 12, Equipment: "projector, two cameras", Access: "weekdays from 10:00, step-free"})
	if err != nil {
		return fmt.Errorf("accept: %w", err)
	}
	if _, err := k.svc.Visits.SetAgenda(k.demo, v.ID, v.Version, []int64{k.events[EventWorkshop], k.events[EventPhotoWalk]}); err != nil {
		return fmt.Errorf("agenda: %w", err)
	}
	asked := &wikicities.Visit{Visitor: k.party("Amical Wikimedia"), Host: k.party("Wiki Learning Tec de Monterrey User Group"),
		Start: k.day(60), End: k.day(64), People: 2,
		Purpose: Marker + " Exchange what both groups learnt translating education material"}
	return k.svc.Visits.RequestVisit(k.partners, asked)
}

// capacities sets what a few demo groups offer and want, and makes the
// demo-partners account a mentor.
func (k *knowledge) capacities() error {
	group := func(name string) wikicities.Holder {
		return wikicities.Holder{Kind: wikicities.HolderGroup, ID: k.parties[name].ID}
	}
	for _, c := range []struct {
		as                context.Context
		h                 wikicities.Holder
		known, avail, wan []string
		limit             int
	}{
		{k.demo, group(DemoCommunity), []string{"content.editing"}, []string{"content.photography", "organization.events"},
			[]string{"communication.translation", "content.wikidata"}, 2},
		{k.partners, group("Kontor Hamburg"), nil, []string{"content.photography.cultural_heritage"}, []string{"content.wikidata"}, 1},
		{k.partners, group("Wikimedians of Zimbabwe"), []string{"communication.outreach"}, nil, []string{"content.photography", "organization.partnerships"}, 0},
		{k.partners, group("Amical Wikimedia"), nil, []string{"organization.glam", "content.wikidata"}, nil, 2},
		{k.partners, wikicities.Holder{Kind: wikicities.HolderPerson, ID: k.partnersID}, []string{"content.commons"},
			[]string{"organization.partnerships", "organization.glam"}, nil, 3},
		{k.demo, wikicities.Holder{Kind: wikicities.HolderPerson, ID: k.demoID}, []string{"content.photography"}, nil,
			[]string{"organization.partnerships"}, 0},
	} {
		hc := &wikicities.HolderCapacities{Holder: c.h, Known: nonNil(c.known), Available: nonNil(c.avail), Wanted: nonNil(c.wan), MenteeLimit: c.limit}
		if err := k.svc.Capacities.SetHolderCapacities(c.as, hc); err != nil {
			return fmt.Errorf("%s %d: %w", c.h.Kind, c.h.ID, err)
		}
	}
	return nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// mentorship: the demo account, WikiMUC's coordinator, asked the
// demo-partners account for mentoring in partnerships; it is under way.
func (k *knowledge) mentorship() error {
	m := &wikicities.Mentorship{Kind: wikicities.HolderPerson, Mentor: k.partnersID, Mentee: k.demoID,
		Capacity: "organization.partnerships", Months: 3,
		Goals: Marker + " Help WikiMUC set up its first twin edition and its partnership with the Deutsches Museum"}
	if err := k.svc.Mentorships.RequestMentorship(k.demo, m); err != nil {
		return err
	}
	if _, err := k.svc.Mentorships.MentorshipAction(k.partners, m.ID, "accept"); err != nil {
		return fmt.Errorf("accept: %w", err)
	}
	if _, err := k.svc.Mentorships.MentorshipAction(k.demo, m.ID, "start"); err != nil {
		return fmt.Errorf("start: %w", err)
	}
	_, err := k.svc.Mentorships.AddCheckIn(k.partners, m.ID, Marker+" First call: we listed the partners of WikiMUC's national edition.")
	return err
}

// clubs starts the two Wiki Clubs, as the coordinator of their hosts.
func (k *knowledge) clubs() error {
	for _, c := range Clubs {
		club := &wikicities.WikiClub{Name: c.Name, HostID: k.parties[c.Host].ID, MeetingSchedule: c.Schedule,
			HostAgreement: c.Agreement, FirstMeeting: k.day(-c.StartedDaysAgo), Members: c.Members, RegularEditors: c.Editors,
			OutreachEvents: c.Outreach, Languages: []string{c.Language}, ToolkitID: k.resources[c.Toolkit]}
		if err := k.svc.Clubs.StartClub(k.partners, club); err != nil {
			return fmt.Errorf("%s: %w", c.Name, err)
		}
	}
	return nil
}

// champion makes WikiMUC the demo's champion of Bavaria.
func (k *knowledge) champion() error {
	return k.svc.Regions.AddChampion(k.demo, &wikicities.RegionChampion{Region: ChampionRegion, CommunityID: k.parties[DemoCommunity].ID,
		Note: Marker + " Photo walks and Wiki Loves Monuments across Bavaria"})
}
