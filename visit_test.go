package wikicities_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/wikicities/wikicities"
)

// visitRoles: the visitor's and the host's coordinators and everyone else.
var visitRoles = map[string]*wikicities.Actor{
	"visitor":    {UserID: 10, Coordinates: []wikicities.PartyRef{orgA.Ref()}},
	"host":       {UserID: 11, Coordinates: []wikicities.PartyRef{orgB.Ref()}},
	"member":     {UserID: 12},
	"anonymous":  {},
	"admin":      {UserID: 13, Role: wikicities.RoleAdmin},
	"read-token": {UserID: 11, Coordinates: []wikicities.PartyRef{orgB.Ref()}, Scope: "read"},
}

// visitLegal lists, independently of the table, where each action may
// start, where it leads and who may take it.
var visitLegal = []struct {
	action wikicities.VisitAction
	from   []wikicities.VisitState
	to     wikicities.VisitState
	who    map[string]error
}{
	{wikicities.VisitAccept, []wikicities.VisitState{"requested"}, "accepted",
		map[string]error{"visitor": forb, "host": ok, "member": forb, "anonymous": unauth, "admin": forb, "read-token": forb}},
	{wikicities.VisitDecline, []wikicities.VisitState{"requested"}, "declined",
		map[string]error{"visitor": forb, "host": ok, "member": forb, "anonymous": unauth, "admin": forb, "read-token": forb}},
	{wikicities.VisitCancel, []wikicities.VisitState{"requested", "accepted"}, "cancelled",
		map[string]error{"visitor": ok, "host": ok, "member": forb, "anonymous": unauth, "admin": ok, "read-token": forb}},
	{wikicities.VisitComplete, []wikicities.VisitState{"accepted"}, "done",
		map[string]error{"visitor": ok, "host": ok, "member": forb, "anonymous": unauth, "admin": ok, "read-token": forb}},
}

// Every action from every state by every role, as for partnerships.
func TestVisitTransitionEveryActionStateAndRole(t *testing.T) {
	now := time.Date(2026, 6, 2, 0, 0, 0, 0, time.UTC)
	for _, l := range visitLegal {
		for _, from := range wikicities.VisitStates {
			for role, actor := range visitRoles {
				t.Run(fmt.Sprintf("%s/from-%s/%s", l.action, from, role), func(t *testing.T) {
					v := &wikicities.Visit{ID: 3, Visitor: orgA, Host: orgB, State: from, Start: now.Add(-24 * time.Hour)}
					to, err := wikicities.CheckVisitTransition(v, l.action, actor, now)
					isLegal := false
					for _, f := range l.from {
						isLegal = isLegal || f == from
					}
					want := l.who[role]
					switch {
					case want != nil:
						if !errors.Is(err, want) {
							t.Fatalf("got (%q, %v), want %v", to, err, want)
						}
					case !isLegal:
						var te *wikicities.VisitTransitionError
						if !errors.As(err, &te) || !errors.Is(err, wikicities.ErrConflict) ||
							!strings.Contains(err.Error(), string(from)) {
							t.Fatalf("got (%q, %v), want a VisitTransitionError naming %s", to, err, from)
						}
					default:
						if err != nil || to != l.to {
							t.Fatalf("got (%q, %v), want (%q, nil)", to, err, l.to)
						}
					}
				})
			}
		}
	}
}

func TestVisitRequestIsByTheVisitorAndOnlyOnce(t *testing.T) {
	now := time.Now()
	want := map[string]error{"visitor": ok, "host": forb, "member": forb, "anonymous": unauth, "admin": ok, "read-token": forb}
	for role, a := range visitRoles {
		v := &wikicities.Visit{Visitor: orgA, Host: orgB}
		to, err := wikicities.CheckVisitTransition(v, wikicities.VisitRequest, a, now)
		if w := want[role]; (w == nil && (err != nil || to != wikicities.VisitRequested)) || (w != nil && !errors.Is(err, w)) {
			t.Errorf("%s: got (%q, %v), want %v", role, to, err, w)
		}
	}
	v := &wikicities.Visit{ID: 1, Visitor: orgA, Host: orgB, State: wikicities.VisitAccepted}
	if _, err := wikicities.CheckVisitTransition(v, wikicities.VisitRequest, visitRoles["visitor"], now); !errors.Is(err, wikicities.ErrConflict) {
		t.Errorf("requesting an existing visit again: %v", err)
	}
	if _, err := wikicities.CheckVisitTransition(v, "fly", visitRoles["visitor"], now); !errors.Is(err, wikicities.ErrInvalid) {
		t.Errorf("unknown action: %v", err)
	}
}

func TestVisitCannotBeCompletedBeforeItBegins(t *testing.T) {
	now := time.Date(2026, 6, 2, 0, 0, 0, 0, time.UTC)
	v := &wikicities.Visit{ID: 1, Visitor: orgA, Host: orgB, State: wikicities.VisitAccepted, Start: now.Add(48 * time.Hour)}
	if _, err := wikicities.CheckVisitTransition(v, wikicities.VisitComplete, visitRoles["host"], now); !errors.Is(err, wikicities.ErrConflict) {
		t.Fatalf("completing a future visit: %v, want ErrConflict", err)
	}
}

func TestVisitReportOnlyWhenDoneAndByEitherSide(t *testing.T) {
	for _, st := range wikicities.VisitStates {
		v := &wikicities.Visit{ID: 1, Visitor: orgA, Host: orgB, State: st}
		err := wikicities.CanReport(v, visitRoles["visitor"])
		if (st == wikicities.VisitDone) != (err == nil) {
			t.Errorf("report on a %s visit: %v", st, err)
		}
	}
	v := &wikicities.Visit{ID: 1, Visitor: orgA, Host: orgB, State: wikicities.VisitDone}
	if err := wikicities.CanReport(v, visitRoles["member"]); !errors.Is(err, wikicities.ErrForbidden) {
		t.Errorf("a member reports: %v", err)
	}
}

func TestDelegationListIsHiddenFromNonParties(t *testing.T) {
	v := &wikicities.Visit{Visitor: orgA, Host: orgB, Delegation: []string{"Anna", "Bertrand"}}
	for role, a := range visitRoles {
		got := v.ForViewer(a)
		party := role == "visitor" || role == "host" || role == "admin" || role == "read-token"
		if (len(got.Delegation) > 0) != party {
			t.Errorf("%s sees delegation %v", role, got.Delegation)
		}
	}
	if len(v.Delegation) != 2 {
		t.Error("ForViewer changed the visit itself")
	}
}

func TestVisitValidate(t *testing.T) {
	good := func() *wikicities.Visit {
		d := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
		return &wikicities.Visit{Visitor: orgA, Host: orgB, Start: d, End: d.Add(48 * time.Hour), People: 6, Purpose: "Photo walk and archive visit"}
	}
	if err := good().Validate(); err != nil {
		t.Fatal(err)
	}
	for field, spoil := range map[string]func(v *wikicities.Visit){
		"host":           func(v *wikicities.Visit) { v.Host = orgA },
		"end":            func(v *wikicities.Visit) { v.End = v.Start.Add(-time.Hour) },
		"people":         func(v *wikicities.Visit) { v.People = 0 },
		"purpose":        func(v *wikicities.Visit) { v.Purpose = " " },
		"delegation[0]":  func(v *wikicities.Visit) { v.Delegation = []string{"a\nb"} },
		"offer.capacity": func(v *wikicities.Visit) { v.Offer = &wikicities.HostOffer{Capacity: -1} },
	} {
		v := good()
		spoil(v)
		var errs wikicities.ValidationErrors
		if err := v.Validate(); !errors.As(err, &errs) || errs[0].Field != field {
			t.Errorf("%s: %v", field, err)
		}
	}
}
