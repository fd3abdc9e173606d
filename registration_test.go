package wikicities_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/wikicities/wikicities"
)

var (
	evStart = time.Date(2026, 5, 9, 10, 0, 0, 0, time.UTC)
	before  = evStart.Add(-time.Hour)
)

// expectedStatus is the registration status written independently of the
// table under test: cancelled or past events are closed; without a limit or
// with places left registration is open; a full event waitlists newcomers
// if it keeps a waitlist and is full otherwise.
func expectedStatus(cancelled, past, limited, placesLeft, waitlist bool) wikicities.RegistrationStatus {
	if cancelled || past {
		return wikicities.RegistrationClosed
	}
	if !limited || placesLeft {
		return wikicities.RegistrationOpen
	}
	if waitlist {
		return wikicities.RegistrationWaitlisted
	}
	return wikicities.RegistrationFull
}

// Every combination of the five facts gives the expected status, and Join
// turns it into a registration, a place on the waitlist or a refusal.
func TestRegistrationStatusEveryCombination(t *testing.T) {
	for bits := range 32 {
		cancelled, past, limited, placesLeft, waitlist := bits&1 != 0, bits&2 != 0, bits&4 != 0, bits&8 != 0, bits&16 != 0
		t.Run(fmt.Sprintf("c%v-p%v-l%v-left%v-w%v", cancelled, past, limited, placesLeft, waitlist), func(t *testing.T) {
			e := &wikicities.Event{ID: 4, Start: evStart, Status: wikicities.EventScheduled, Waitlist: waitlist}
			if cancelled {
				e.Status = wikicities.EventCancelled
			}
			now := before
			if past {
				now = evStart
			}
			registered := 0
			if limited {
				e.Capacity = 2
				registered = 2
				if placesLeft {
					registered = 1
				}
			} else if !placesLeft {
				registered = 50 // no limit: any number registered leaves room
			}
			want := expectedStatus(cancelled, past, limited, placesLeft || !limited, waitlist)
			if got := e.StatusAt(now, registered); got != want {
				t.Fatalf("StatusAt = %s, want %s", got, want)
			}
			st, err := e.Join(now, registered)
			switch want {
			case wikicities.RegistrationOpen:
				if err != nil || st != wikicities.Registered {
					t.Fatalf("Join = (%s, %v), want registered", st, err)
				}
			case wikicities.RegistrationWaitlisted:
				if err != nil || st != wikicities.Waitlisted {
					t.Fatalf("Join = (%s, %v), want waitlisted", st, err)
				}
			default:
				var re *wikicities.RegistrationError
				if !errors.As(err, &re) || re.Status != want || !errors.Is(err, wikicities.ErrConflict) {
					t.Fatalf("Join = (%s, %v), want a RegistrationError %s", st, err, want)
				}
			}
		})
	}
}

func TestRegistrationClosesAtItsOwnTimeWhenSet(t *testing.T) {
	e := &wikicities.Event{Start: evStart, Status: wikicities.EventScheduled, RegistrationCloses: evStart.Add(-24 * time.Hour)}
	if got := e.StatusAt(evStart.Add(-25*time.Hour), 0); got != wikicities.RegistrationOpen {
		t.Errorf("a day and an hour before: %s, want open", got)
	}
	if got := e.StatusAt(evStart.Add(-23*time.Hour), 0); got != wikicities.RegistrationClosed {
		t.Errorf("23 hours before: %s, want closed", got)
	}
}

func TestPromotionsFillFreePlacesFromTheWaitlist(t *testing.T) {
	cases := []struct {
		capacity, registered, waiting int
		cancelled                     bool
		want                          int
	}{
		{2, 1, 1, false, 1}, // one cancelled of two: the first waiting moves up
		{2, 1, 3, false, 1}, // only as many as places are free
		{2, 2, 3, false, 0}, // no place free
		{5, 1, 2, false, 2}, // capacity raised: everyone waiting fits
		{0, 9, 4, false, 4}, // no limit: everyone moves up
		{2, 0, 0, false, 0}, // nobody waiting
		{2, 0, 3, true, 0},  // a cancelled event promotes nobody
		{2, 3, 1, false, 0}, // over capacity (capacity lowered): never negative
	}
	for _, c := range cases {
		e := &wikicities.Event{Capacity: c.capacity, Status: wikicities.EventScheduled}
		if c.cancelled {
			e.Status = wikicities.EventCancelled
		}
		if got := e.Promotions(c.registered, c.waiting); got != c.want {
			t.Errorf("capacity %d, %d registered, %d waiting, cancelled %v: %d promotions, want %d",
				c.capacity, c.registered, c.waiting, c.cancelled, got, c.want)
		}
	}
}

func TestAnswerCountsHideSmallGroupsAndCancelledRegistrations(t *testing.T) {
	e := &wikicities.Event{Questions: []wikicities.Question{
		{Text: "First event?", Options: []string{"yes", "no"}},
		{Text: "Need a laptop?", Options: []string{"yes", "no"}},
	}}
	regs := []*wikicities.Registration{
		{State: wikicities.Registered, Answers: []int{0, 0}},
		{State: wikicities.Waitlisted, Answers: []int{0, -1}},
		{State: wikicities.Registered, Answers: []int{1}},
		{State: wikicities.RegistrationCancelled, Answers: []int{1, 1}},
	}
	got := e.AnswerCounts(regs)
	if got[0].Answered != 3 || got[0].Counts["yes"] != 2 || got[0].Counts["no"] != 1 {
		t.Errorf("first question: %+v, want 3 answers, 2 yes and 1 no", got[0])
	}
	if got[1].Answered != 1 || got[1].Counts != nil {
		t.Errorf("second question: %+v, want 1 answer and no counts (fewer than %d)", got[1], wikicities.MinAnswersShown)
	}
}

func TestValidateAnswersRefusesUnknownOptions(t *testing.T) {
	e := &wikicities.Event{Questions: []wikicities.Question{{Text: "Q", Options: []string{"a", "b"}}}}
	for _, a := range [][]int{{2}, {-2}, {0, 1}} {
		if err := e.ValidateAnswers(a); !errors.Is(err, wikicities.ErrInvalid) {
			t.Errorf("%v: %v, want ErrInvalid", a, err)
		}
	}
	for _, a := range [][]int{nil, {-1}, {1}} {
		if err := e.ValidateAnswers(a); err != nil {
			t.Errorf("%v: %v", a, err)
		}
	}
}

var (
	orgA  = wikicities.Party{Kind: wikicities.PartyCommunity, ID: 1, Name: "Wikimedians of Berlin"}
	orgB  = wikicities.Party{Kind: wikicities.PartyCommunity, ID: 2, Name: "Wikimedia Paris"}
	other = wikicities.PartyRef{Kind: wikicities.PartyCommunity, ID: 3}
)

func TestOnlyOrganisersSeeAPrivateListAndAnyoneAPublicOne(t *testing.T) {
	actors := map[string]*wikicities.Actor{
		"organiser A": {UserID: 1, Coordinates: []wikicities.PartyRef{orgA.Ref()}},
		"organiser B": {UserID: 2, Coordinates: []wikicities.PartyRef{orgB.Ref()}},
		"other group": {UserID: 3, Coordinates: []wikicities.PartyRef{other}},
		"member":      {UserID: 4},
		"anonymous":   {},
		"admin":       {UserID: 5, Role: wikicities.RoleAdmin},
	}
	sees := map[string]bool{"organiser A": true, "organiser B": true, "admin": true}
	for name, a := range actors {
		e := &wikicities.Event{Organisers: []wikicities.Party{orgA, orgB}, Registration: wikicities.ListPrivate}
		if got := e.CanSeeParticipants(a); got != sees[name] {
			t.Errorf("private list, %s: sees %v, want %v", name, got, sees[name])
		}
		e.Registration = wikicities.ListPublic
		if !e.CanSeeParticipants(a) {
			t.Errorf("public list, %s: does not see it", name)
		}
	}
	e := &wikicities.Event{Organisers: []wikicities.Party{orgA}}
	r := &wikicities.Registration{UserID: 4}
	for name, a := range actors {
		err := e.CanCancelRegistration(a, r)
		want := map[string]error{"organiser A": nil, "member": nil, "admin": nil, "anonymous": wikicities.ErrUnauthorized}[name]
		if _, listed := map[string]bool{"organiser A": true, "member": true, "admin": true, "anonymous": true}[name]; !listed {
			want = wikicities.ErrForbidden
		}
		if (want == nil) != (err == nil) || (want != nil && !errors.Is(err, want)) {
			t.Errorf("cancel another's registration, %s: %v, want %v", name, err, want)
		}
	}
}

func validEvent() *wikicities.Event {
	return &wikicities.Event{
		Title: "Wikidata workshop", Type: wikicities.EventWorkshop, Mode: wikicities.ModeInPerson,
		Status: wikicities.EventScheduled, TimeZone: "Europe/Berlin", Start: evStart, End: evStart.Add(3 * time.Hour),
		CityID: 7, Address: "Tempelhofer Ufer 24", OpenStreetMap: "https://www.openstreetmap.org/node/123",
		Organisers: []wikicities.Party{orgA}, Capacity: 2, Waitlist: true, Registration: wikicities.ListPublic,
		RRule: "FREQ=WEEKLY;COUNT=4",
	}
}

func TestEventValidateNamesEachBadField(t *testing.T) {
	if err := validEvent().Validate(); err != nil {
		t.Fatal(err)
	}
	cases := map[string]func(e *wikicities.Event){
		"title":         func(e *wikicities.Event) { e.Title = "a\nb" },
		"type":          func(e *wikicities.Event) { e.Type = "party" },
		"mode":          func(e *wikicities.Event) { e.Mode = "" },
		"time_zone":     func(e *wikicities.Event) { e.TimeZone = "Mars/Olympus" },
		"end":           func(e *wikicities.Event) { e.End = e.Start },
		"city_id":       func(e *wikicities.Event) { e.CityID = 0 },
		"openstreetmap": func(e *wikicities.Event) { e.OpenStreetMap = "https://evil.example/node/1" },
		"online_url":    func(e *wikicities.Event) { e.Mode = wikicities.ModeHybrid },
		"organisers":    func(e *wikicities.Event) { e.Organisers = nil },
		"capacity":      func(e *wikicities.Event) { e.Capacity = -1 },
		"registration":  func(e *wikicities.Event) { e.Registration = "secret" },
		"rrule":         func(e *wikicities.Event) { e.RRule = "every tuesday" },
		"questions[0].options": func(e *wikicities.Event) {
			e.Questions = []wikicities.Question{{Text: "Q", Options: []string{"only"}}}
		},
	}
	for field, spoil := range cases {
		e := validEvent()
		spoil(e)
		var v wikicities.ValidationErrors
		if err := e.Validate(); !errors.As(err, &v) || v[0].Field != field {
			t.Errorf("%s: got %v", field, err)
		}
	}
}

func TestEventFilterMatchesOnEveryField(t *testing.T) {
	e := validEvent()
	e.Country, e.Language, e.CampaignID, e.EditionID = "DE", "de", 5, 6
	pass := []wikicities.EventFilter{
		{}, {Country: "DE"}, {CityIDs: []int64{3, 7}}, {Type: wikicities.EventWorkshop}, {Language: "de"},
		{Mode: wikicities.ModeInPerson}, {Campaign: 5}, {Edition: 6}, {Organiser: 1},
		{From: evStart.Add(time.Hour), To: evStart.Add(time.Hour)},
	}
	fail := []wikicities.EventFilter{
		{Country: "FR"}, {CityIDs: []int64{3}}, {Type: wikicities.EventMeetup}, {Language: "fr"},
		{Mode: wikicities.ModeOnline}, {Campaign: 9}, {Edition: 9}, {Organiser: 2},
		{From: evStart.Add(3 * time.Hour)}, {To: evStart},
	}
	for _, f := range pass {
		if !f.Matches(e) {
			t.Errorf("%+v does not match", f)
		}
	}
	for _, f := range fail {
		if f.Matches(e) {
			t.Errorf("%+v matches", f)
		}
	}
	e.Mode = wikicities.ModeHybrid
	if f := (wikicities.EventFilter{Mode: wikicities.ModeOnline}); !f.Matches(e) {
		t.Error("a hybrid event is not listed among online ones")
	}
}
