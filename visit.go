package wikicities

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// An exchange visit: a group (the visitor) asks a twinned group (the host)
// to host a visit of some of its people. Its state machine is a pure table
// (VisitTransitions):
//
//	request (coordinator of the visitor) ──▶ requested
//	requested ──accept (coordinator of the host, with its offer)──▶ accepted
//	requested ──decline (coordinator of the host)──▶ declined
//	requested, accepted ──cancel (either side)──▶ cancelled
//	accepted ──complete (either side, once the visit has begun)──▶ done
//
// A done visit takes a report, which lands in the partnership's activity
// log. Declined, cancelled and done are final. As with partnerships,
// consent is personal: only a coordinator granted on the host accepts or
// declines (not an admin).

// VisitState is where a visit stands.
type VisitState string

// Visit states.
const (
	VisitRequested VisitState = "requested"
	VisitAccepted  VisitState = "accepted"
	VisitDeclined  VisitState = "declined"
	VisitDone      VisitState = "done"
	VisitCancelled VisitState = "cancelled"
)

// VisitStates lists every state, in life order.
var VisitStates = []VisitState{VisitRequested, VisitAccepted, VisitDeclined, VisitDone, VisitCancelled}

// VisitAction is a transition of a visit.
type VisitAction string

// Visit actions.
const (
	VisitRequest  VisitAction = "request"
	VisitAccept   VisitAction = "accept"
	VisitDecline  VisitAction = "decline"
	VisitCancel   VisitAction = "cancel"
	VisitComplete VisitAction = "complete"
)

// VisitRule is one row of the visit state machine.
type VisitRule struct {
	Action VisitAction
	From   []VisitState // empty for request, which creates the visit
	To     VisitState
	By     Who // ByProposer is the visitor, ByOtherParty the host
}

// VisitTransitions is the visit state machine, one row per action.
var VisitTransitions = []VisitRule{
	{VisitRequest, nil, VisitRequested, ByProposer},
	{VisitAccept, []VisitState{VisitRequested}, VisitAccepted, ByOtherParty},
	{VisitDecline, []VisitState{VisitRequested}, VisitDeclined, ByOtherParty},
	{VisitCancel, []VisitState{VisitRequested, VisitAccepted}, VisitCancelled, ByEitherParty},
	{VisitComplete, []VisitState{VisitAccepted}, VisitDone, ByEitherParty},
}

// HostOffer is what the host's space offers the visit.
type HostOffer struct {
	Capacity  int    `json:"capacity"`  // people the space holds
	Equipment string `json:"equipment"` // projector, laptops, scanner, ...
	Access    string `json:"access"`    // opening hours, step-free access, keys
}

// Visit is an exchange visit between two groups of twinned cities.
type Visit struct {
	ID      int64      `json:"id"`
	Visitor Party      `json:"visitor"`
	Host    Party      `json:"host"`
	State   VisitState `json:"state"`
	Start   time.Time  `json:"start"` // a date
	End     time.Time  `json:"end"`   // a date, the last day
	People  int        `json:"people"`
	Purpose string     `json:"purpose"`
	Offer   *HostOffer `json:"offer,omitempty"`
	// Agenda lists the events the visit takes part in.
	Agenda []int64 `json:"agenda"`
	// Delegation names the people travelling; only the coordinators of
	// either side see it (nil for everyone else).
	Delegation []string  `json:"delegation,omitempty"`
	Report     string    `json:"report,omitempty"`
	ReportedAt time.Time `json:"reported_at,omitzero"`
	// ActivityID is the entry of the report in the partnership's log.
	ActivityID int64     `json:"activity_id,omitempty"`
	Version    int64     `json:"version"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// Validate checks the visit's fields. Returns ValidationErrors.
func (v *Visit) Validate() error {
	var errs ValidationErrors
	for field, p := range map[string]Party{"visitor": v.Visitor, "host": v.Host} {
		if p.Kind != PartyCommunity || p.ID <= 0 {
			errs.Add(field, "must be a community").Because(ProblemRequired)
		}
	}
	if v.Visitor.ID == v.Host.ID && v.Host.ID > 0 {
		errs.Add("host", "is the visiting community itself").Because(ProblemSelfPartner)
	}
	if v.Start.IsZero() {
		errs.Add("start", "is missing").Because(ProblemRequired)
	}
	if v.End.IsZero() {
		errs.Add("end", "is missing").Because(ProblemRequired)
	} else if v.End.Before(v.Start) {
		errs.Add("end", "is before start").Because(ProblemBeforeStart)
	}
	CheckDate(&errs, "start", v.Start)
	CheckDate(&errs, "end", v.End)
	if v.People < 1 || v.People > 500 {
		errs.Add("people", "must be from 1 to 500, not %d", v.People).Because(ProblemNumberRange, 1, 500)
	}
	if strings.TrimSpace(v.Purpose) == "" {
		errs.Add("purpose", "is empty").Because(ProblemRequired)
	} else if len(v.Purpose) > 5000 {
		errs.Add("purpose", "is longer than 5000 bytes").Because(ProblemTooLong, 5000)
	}
	if len(v.Delegation) > 500 {
		errs.Add("delegation", "has more than 500 names").Because(ProblemTooMany, 500)
	}
	for i, n := range v.Delegation {
		if strings.TrimSpace(n) == "" || len(n) > 200 || strings.ContainsAny(n, "\n\r") {
			errs.Add(fmt.Sprintf("delegation[%d]", i), "must be one line of 1 to 200 bytes").Because(ProblemLength, 1, 200)
		}
	}
	if len(v.Agenda) > 50 {
		errs.Add("agenda", "has more than 50 events").Because(ProblemTooMany, 50)
	}
	if o := v.Offer; o != nil {
		if o.Capacity < 0 || o.Capacity > 10000 {
			errs.Add("offer.capacity", "must be from 0 to 10000, not %d", o.Capacity).Because(ProblemNumberRange, 0, 10000)
		}
		for field, s := range map[string]string{"offer.equipment": o.Equipment, "offer.access": o.Access} {
			if len(s) > 2000 {
				errs.Add(field, "is longer than 2000 bytes").Because(ProblemTooLong, 2000)
			}
		}
	}
	if len(v.Report) > 20000 {
		errs.Add("report", "is longer than 20000 bytes").Because(ProblemTooLong, 20000)
	}
	return sortFields(errs).Err()
}

// VisitRuleOf returns the row of action, or nil if there is none.
func VisitRuleOf(action VisitAction) *VisitRule {
	for i := range VisitTransitions {
		if VisitTransitions[i].Action == action {
			return &VisitTransitions[i]
		}
	}
	return nil
}

// VisitTransitionError reports an action the visit state machine does not
// allow from the visit's state. It matches ErrConflict.
type VisitTransitionError struct {
	ID     int64
	Action VisitAction
	From   VisitState
}

func (e *VisitTransitionError) Error() string {
	return fmt.Sprintf("visit %d: cannot %s a visit that is %s", e.ID, e.Action, e.From)
}

// Is reports whether target is ErrConflict.
func (e *VisitTransitionError) Is(target error) bool { return target == ErrConflict }

// parties returns v as a partnership of its two sides, for Who.Allowed.
func (v *Visit) parties() *Partnership { return &Partnership{ID: v.ID, A: v.Visitor, B: v.Host} }

// IsParty reports whether a coordinates either side of v (admins count).
func (v *Visit) IsParty(a *Actor) bool {
	return a.CoordinatorOf(v.Visitor.Ref()) || a.CoordinatorOf(v.Host.Ref())
}

// CheckVisitTransition decides whether a may perform action on v at now and
// returns the state it leads to: ErrUnauthorized or ErrForbidden when a may
// not take the action at all, then a *VisitTransitionError (ErrConflict)
// for an illegal transition or a visit completed before it began, and
// ErrInvalid for an unknown action. Use VisitRequest with an empty State.
func CheckVisitTransition(v *Visit, action VisitAction, a *Actor, now time.Time) (VisitState, error) {
	r := VisitRuleOf(action)
	if r == nil {
		return "", Invalidf("action", "unknown action %q", action)
	}
	if err := r.By.Allowed(a, v.parties()); err != nil {
		return "", err
	}
	legal := slices.Contains(r.From, v.State) || (action == VisitRequest && v.State == "")
	if !legal {
		return "", &VisitTransitionError{ID: v.ID, Action: action, From: v.State}
	}
	if action == VisitComplete && now.Before(v.Start) {
		return "", fmt.Errorf("%w: visit %d has not begun yet (it starts on %s)", ErrConflict, v.ID, v.Start.Format(time.DateOnly))
	}
	return r.To, nil
}

// CanReport returns nil if a may write the report of v: a coordinator of
// either side, once the visit is done. Returns ErrUnauthorized,
// ErrForbidden or ErrConflict.
func CanReport(v *Visit, a *Actor) error {
	if err := ByEitherParty.Allowed(a, v.parties()); err != nil {
		return err
	}
	if v.State != VisitDone {
		return fmt.Errorf("%w: visit %d is %s; a report is written once it is done", ErrConflict, v.ID, v.State)
	}
	return nil
}

// ForViewer returns v as a may see it: without the delegation list unless a
// coordinates either side.
func (v *Visit) ForViewer(a *Actor) *Visit {
	if v.IsParty(a) {
		return v
	}
	c := *v
	c.Delegation = nil
	return &c
}
