package wikicities_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/wikicities/wikicities"
)

var (
	partyA = wikicities.Party{Kind: wikicities.PartyCommunity, ID: 1, Name: "Wikimedians of Berlin"}
	partyB = wikicities.Party{Kind: wikicities.PartyCommunity, ID: 2, Name: "Wikimedia Paris"}
)

// roles are the actors every transition is tried with.
var roles = map[string]*wikicities.Actor{
	"proposer":   {UserID: 10, Username: "anna", Role: wikicities.RoleMember, Coordinates: []wikicities.PartyRef{partyA.Ref()}},
	"other":      {UserID: 11, Username: "bertrand", Role: wikicities.RoleMember, Coordinates: []wikicities.PartyRef{partyB.Ref()}},
	"member":     {UserID: 12, Username: "max", Role: wikicities.RoleMember},
	"anonymous":  {},
	"admin":      {UserID: 13, Username: "ada", Role: wikicities.RoleAdmin},
	"system":     wikicities.System,
	"read-token": {UserID: 11, Username: "bertrand", Role: wikicities.RoleMember, Coordinates: []wikicities.PartyRef{partyB.Ref()}, Scope: "read"},
}

var (
	ok     error = nil
	unauth       = wikicities.ErrUnauthorized
	forb         = wikicities.ErrForbidden
)

// legal lists, independently of the table under test, which states each
// action may start from and who may perform it.
var legal = []struct {
	action wikicities.Action
	from   []wikicities.State
	to     wikicities.State
	// proposer, other, member, anonymous, admin, system, read-token
	who map[string]error
}{
	{wikicities.ActionAccept, []wikicities.State{"proposed"}, "accepted",
		map[string]error{"proposer": forb, "other": ok, "member": forb, "anonymous": unauth, "admin": forb, "system": forb, "read-token": forb}},
	{wikicities.ActionDecline, []wikicities.State{"proposed"}, "declined",
		map[string]error{"proposer": forb, "other": ok, "member": forb, "anonymous": unauth, "admin": forb, "system": forb, "read-token": forb}},
	{wikicities.ActionWithdraw, []wikicities.State{"proposed"}, "withdrawn",
		map[string]error{"proposer": ok, "other": forb, "member": forb, "anonymous": unauth, "admin": ok, "system": ok, "read-token": forb}},
	{wikicities.ActionActivate, []wikicities.State{"accepted"}, "active",
		map[string]error{"proposer": ok, "other": ok, "member": forb, "anonymous": unauth, "admin": ok, "system": ok, "read-token": forb}},
	{wikicities.ActionLapse, []wikicities.State{"accepted", "active"}, "dormant",
		map[string]error{"proposer": forb, "other": forb, "member": forb, "anonymous": unauth, "admin": forb, "system": ok, "read-token": forb}},
	{wikicities.ActionRenew, []wikicities.State{"dormant"}, "active",
		map[string]error{"proposer": ok, "other": ok, "member": forb, "anonymous": unauth, "admin": ok, "system": ok, "read-token": forb}},
	{wikicities.ActionEnd, []wikicities.State{"accepted", "active", "dormant"}, "ended",
		map[string]error{"proposer": ok, "other": ok, "member": forb, "anonymous": unauth, "admin": ok, "system": ok, "read-token": forb}},
}

// Every action from every state by every role: legal transitions go to
// their state for the roles allowed and are refused with 401/403 semantics
// for the others; illegal ones are refused with a TransitionError (a
// conflict) naming the action and the state to those who may take the
// action, and with 401/403 to those who may not (a non-party never learns
// the state through a 409).
func TestCheckTransitionEveryActionStateAndRole(t *testing.T) {
	for _, l := range legal {
		for _, from := range wikicities.States {
			for role, actor := range roles {
				t.Run(fmt.Sprintf("%s/from-%s/%s", l.action, from, role), func(t *testing.T) {
					p := &wikicities.Partnership{ID: 7, A: partyA, B: partyB, State: from}
					to, err := wikicities.CheckTransition(p, l.action, actor)
					isLegal := false
					for _, f := range l.from {
						isLegal = isLegal || f == from
					}
					if want := l.who[role]; !isLegal && want != nil {
						if !errors.Is(err, want) {
							t.Fatalf("got (%q, %v), want %v", to, err, want)
						}
						return
					}
					if !isLegal {
						var te *wikicities.TransitionError
						if !errors.As(err, &te) || !errors.Is(err, wikicities.ErrConflict) {
							t.Fatalf("got (%q, %v), want a TransitionError", to, err)
						}
						if msg := err.Error(); !strings.Contains(msg, string(l.action)) || !strings.Contains(msg, string(from)) {
							t.Errorf("error %q does not name the action and the state", msg)
						}
						return
					}
					want := l.who[role]
					if want == nil {
						if err != nil || to != l.to {
							t.Fatalf("got (%q, %v), want (%q, nil)", to, err, l.to)
						}
						return
					}
					if !errors.Is(err, want) {
						t.Fatalf("got (%q, %v), want %v", to, err, want)
					}
				})
			}
		}
	}
}

func TestProposeIsByTheProposingPartysCoordinator(t *testing.T) {
	want := map[string]error{"proposer": ok, "other": forb, "member": forb, "anonymous": unauth, "admin": ok, "system": ok, "read-token": forb}
	for role, actor := range roles {
		p := &wikicities.Partnership{A: partyA, B: partyB}
		to, err := wikicities.CheckTransition(p, wikicities.ActionPropose, actor)
		if w := want[role]; (w == nil && (err != nil || to != wikicities.StateProposed)) || (w != nil && !errors.Is(err, w)) {
			t.Errorf("%s: got (%q, %v), want %v", role, to, err, w)
		}
	}
	// An existing partnership cannot be proposed again.
	p := &wikicities.Partnership{ID: 3, A: partyA, B: partyB, State: wikicities.StateActive}
	if _, err := wikicities.CheckTransition(p, wikicities.ActionPropose, roles["proposer"]); !errors.Is(err, wikicities.ErrConflict) {
		t.Errorf("propose an active partnership: %v, want conflict", err)
	}
}

// The documented table and the independent list above agree on every row,
// so that the doc comment and the behaviour cannot drift apart silently.
func TestTransitionsTableHasOneRowPerAction(t *testing.T) {
	seen := map[wikicities.Action]bool{}
	for _, r := range wikicities.Transitions {
		if seen[r.Action] {
			t.Errorf("action %s has two rows", r.Action)
		}
		seen[r.Action] = true
	}
	for _, l := range legal {
		if !seen[l.action] {
			t.Errorf("action %s has no row", l.action)
		}
	}
	if _, err := wikicities.CheckTransition(&wikicities.Partnership{State: "active"}, "merge", roles["admin"]); !errors.Is(err, wikicities.ErrInvalid) {
		t.Errorf("unknown action: %v, want ErrInvalid", err)
	}
}

func TestPartnershipValidateNamesEveryBadField(t *testing.T) {
	p := &wikicities.Partnership{
		A: wikicities.Party{Kind: wikicities.PartyInstitution, ID: 1}, B: wikicities.Party{Kind: "city"},
		Type: "friendship", Level: "planetary",
		Agreement: wikicities.Agreement{Goals: []string{" "}, Languages: []string{"de", "Deutsch"}},
	}
	err := p.Validate()
	if !errors.Is(err, wikicities.ErrInvalid) {
		t.Fatalf("got %v, want ErrInvalid", err)
	}
	for _, field := range []string{"a.kind", "b.kind", "b.id", "type", "level", "agreement.goals[0]", "agreement.languages[1]"} {
		if !strings.Contains(err.Error(), field+":") {
			t.Errorf("error %q does not name %s", err, field)
		}
	}
	self := &wikicities.Partnership{A: partyA, B: partyA, Type: "regional", Level: "local"}
	if err := self.Validate(); err == nil || !strings.Contains(err.Error(), "itself") {
		t.Errorf("self partnership: %v", err)
	}
}

func TestActivityValidate(t *testing.T) {
	good := wikicities.Activity{Kind: wikicities.ActivityPhotoWalk, Title: "Walk", Start: time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC),
		Outcomes: wikicities.Outcomes{Links: []string{"https://commons.wikimedia.org/wiki/Category:X"}}}
	if err := good.Validate(); err != nil {
		t.Fatalf("good activity: %v", err)
	}
	cases := map[string]func(a *wikicities.Activity){
		"kind":                      func(a *wikicities.Activity) { a.Kind = "party" },
		"title":                     func(a *wikicities.Activity) { a.Title = "  " },
		"start":                     func(a *wikicities.Activity) { a.Start = time.Time{} },
		"end":                       func(a *wikicities.Activity) { a.End = a.Start.Add(-time.Hour) },
		"participants":              func(a *wikicities.Activity) { a.Participants = -1 },
		"outcomes.media_uploaded":   func(a *wikicities.Activity) { a.Outcomes.MediaUploaded = -3 },
		"outcomes.links[0]":         func(a *wikicities.Activity) { a.Outcomes.Links = []string{"javascript:alert(1)"} },
		"organizers_b[0]":           func(a *wikicities.Activity) { a.OrganizersB = []string{""} },
		"outcomes.articles_created": func(a *wikicities.Activity) { a.Outcomes.ArticlesCreated = 20_000_000 },
	}
	for field, spoil := range cases {
		a := good
		spoil(&a)
		if err := a.Validate(); !errors.Is(err, wikicities.ErrInvalid) || !strings.Contains(err.Error(), field+":") {
			t.Errorf("%s: got %v", field, err)
		}
	}
}

func TestResponsibilityOverdueAndOnTime(t *testing.T) {
	due := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	r := wikicities.Responsibility{Due: due}
	if r.Overdue(due.Add(20 * time.Hour)) {
		t.Error("overdue on its due day")
	}
	if !r.Overdue(due.Add(25 * time.Hour)) {
		t.Error("not overdue the day after")
	}
	r.Done, r.DoneAt = true, due.Add(23*time.Hour)
	if !r.OnTime() || r.Overdue(due.AddDate(1, 0, 0)) {
		t.Error("done on the due day is on time and never overdue")
	}
	r.DoneAt = due.AddDate(0, 0, 2)
	if r.OnTime() {
		t.Error("done two days late counts as on time")
	}
}
