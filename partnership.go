package wikicities

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// A partnership joins two parties: a community (party A, the proposer) and
// another community or an institution (party B). It goes through a small
// state machine, kept below as a pure table (Transitions) so that it can be
// read, documented and tested on its own:
//
//	           propose (coordinator of A)
//	                  │
//	               proposed ──decline (coordinator of B)──▶ declined
//	                  │     ──withdraw (coordinator of A)─▶ withdrawn
//	   accept (coordinator of B)
//	                  ▼
//	               accepted ──activate (first activity logged)──▶ active
//	                  │                                             │
//	                  └──── lapse (the dormancy job, System) ───────┤
//	                                                                ▼
//	               active ◀──renew (either party)── dormant
//	   accepted, active, dormant ──end (either party)──▶ ended
//
// Decision: "accepted" and "active" are distinct states. Accepted means both
// parties agreed on paper; the partnership becomes active with its first
// logged activity (past or planned), so that a list of "accepted" partnerships
// is exactly the list of agreements that never got going. Both accepted and
// active partnerships lapse to dormant after a configurable time without
// activity (see DormancyPolicy); a dormant partnership is renewed (back to
// active) or ended by a coordinator of either party. Declined, withdrawn and
// ended are final.
//
// Consent is personal: only a coordinator explicitly granted on party B may
// accept or decline, site admins included (an admin cannot consent on behalf
// of a community). For every other action admins count as coordinators of
// both parties, so that they can clean up.

// PartnershipType is what a partnership is about.
type PartnershipType string

// Partnership types.
const (
	TypeTwinning      PartnershipType = "twinning"      // communities of twin towns
	TypeInstitutional PartnershipType = "institutional" // a community and an institution
	TypeRegional      PartnershipType = "regional"      // communities of one region
	TypeCampaign      PartnershipType = "campaign"      // around one campaign or contest
)

// PartnershipTypes lists the valid types, in display order.
var PartnershipTypes = []PartnershipType{TypeTwinning, TypeInstitutional, TypeRegional, TypeCampaign}

// Level is the geographic reach of a partnership.
type Level string

// Partnership levels.
const (
	LevelLocal    Level = "local"
	LevelRegional Level = "regional"
	LevelGlobal   Level = "global"
)

// Levels lists the valid levels, in display order.
var Levels = []Level{LevelLocal, LevelRegional, LevelGlobal}

// State is where a partnership stands in its life.
type State string

// Partnership states.
const (
	StateProposed  State = "proposed"
	StateAccepted  State = "accepted"
	StateDeclined  State = "declined"
	StateWithdrawn State = "withdrawn"
	StateActive    State = "active"
	StateDormant   State = "dormant"
	StateEnded     State = "ended"
)

// States lists every state, in life order.
var States = []State{StateProposed, StateAccepted, StateDeclined, StateWithdrawn, StateActive, StateDormant, StateEnded}

// LiveStates are the states in which two parties count as partners (or about
// to be): a second live partnership between the same pair is refused, and
// matchmaking does not suggest them to each other again.
var LiveStates = []State{StateProposed, StateAccepted, StateActive, StateDormant}

// Live reports whether s is one of LiveStates.
func (s State) Live() bool { return slices.Contains(LiveStates, s) }

// Action is a transition of the partnership state machine.
type Action string

// Actions of the state machine.
const (
	ActionPropose  Action = "propose"
	ActionAccept   Action = "accept"
	ActionDecline  Action = "decline"
	ActionWithdraw Action = "withdraw"
	ActionActivate Action = "activate" // automatic, on the first activity logged
	ActionLapse    Action = "lapse"    // automatic, by the dormancy job
	ActionRenew    Action = "renew"
	ActionEnd      Action = "end"
)

// Who says which actors may perform a transition.
type Who string

// Who may perform a transition.
const (
	// ByProposer: a coordinator of party A (admins count).
	ByProposer Who = "coordinator of the proposing party"
	// ByOtherParty: a coordinator explicitly granted on party B (admins do
	// not count: accepting is the other party's consent).
	ByOtherParty Who = "coordinator of the other party"
	// ByEitherParty: a coordinator of A or B (admins count).
	ByEitherParty Who = "coordinator of either party"
	// BySystem: only the program itself (the dormancy job).
	BySystem Who = "the system"
)

// TransitionRule is one row of the state machine.
type TransitionRule struct {
	Action Action
	From   []State // empty for propose, which creates the partnership
	To     State
	By     Who
}

// Transitions is the partnership state machine, one row per action.
var Transitions = []TransitionRule{
	{ActionPropose, nil, StateProposed, ByProposer},
	{ActionAccept, []State{StateProposed}, StateAccepted, ByOtherParty},
	{ActionDecline, []State{StateProposed}, StateDeclined, ByOtherParty},
	{ActionWithdraw, []State{StateProposed}, StateWithdrawn, ByProposer},
	{ActionActivate, []State{StateAccepted}, StateActive, ByEitherParty},
	{ActionLapse, []State{StateAccepted, StateActive}, StateDormant, BySystem},
	{ActionRenew, []State{StateDormant}, StateActive, ByEitherParty},
	{ActionEnd, []State{StateAccepted, StateActive, StateDormant}, StateEnded, ByEitherParty},
}

// Rule returns the row of action, or nil if there is none.
func Rule(action Action) *TransitionRule {
	for i := range Transitions {
		if Transitions[i].Action == action {
			return &Transitions[i]
		}
	}
	return nil
}

// TransitionError reports an action that the state machine does not allow
// from the partnership's current state. It matches ErrConflict.
type TransitionError struct {
	ID     int64
	Action Action
	From   State
}

func (e *TransitionError) Error() string {
	r := Rule(e.Action)
	if r == nil {
		return fmt.Sprintf("partnership %d: unknown action %q", e.ID, e.Action)
	}
	from := make([]string, len(r.From))
	for i, s := range r.From {
		from[i] = string(s)
	}
	return fmt.Sprintf("partnership %d: cannot %s a partnership that is %s (only from: %s)",
		e.ID, e.Action, e.From, strings.Join(from, ", "))
}

// Is reports whether target is ErrConflict.
func (e *TransitionError) Is(target error) bool { return target == ErrConflict }

// hasGrant reports whether a holds an explicit coordinator grant on p.
func hasGrant(a *Actor, p PartyRef) bool {
	return a != nil && slices.Contains(a.Coordinates, p)
}

// Allowed reports whether a may act as who on p: nil, ErrUnauthorized for
// anonymous actors, or ErrForbidden.
func (w Who) Allowed(a *Actor, p *Partnership) error {
	if w == BySystem {
		if a.IsSystem() {
			return nil
		}
		if !a.SignedIn() {
			return ErrUnauthorized
		}
		return ErrForbidden
	}
	if err := a.RequireWrite(); err != nil {
		return err
	}
	ok := false
	switch w {
	case ByProposer:
		ok = a.CoordinatorOf(p.A.Ref())
	case ByOtherParty:
		ok = hasGrant(a, p.B.Ref())
	case ByEitherParty:
		ok = a.CoordinatorOf(p.A.Ref()) || a.CoordinatorOf(p.B.Ref())
	}
	if !ok {
		return fmt.Errorf("%w: only a %s may do this", ErrForbidden, w)
	}
	return nil
}

// CheckTransition decides whether a may perform action on p, which is in
// p.State, and returns the state it leads to. Who may act is checked first:
// Returns ErrUnauthorized or ErrForbidden when a may not take action at all,
// then a *TransitionError (ErrConflict) for an illegal transition, and
// ErrInvalid for an unknown action.
// Use ActionPropose with a partnership whose State is empty.
func CheckTransition(p *Partnership, action Action, a *Actor) (State, error) {
	r := Rule(action)
	if r == nil {
		return "", Invalidf("action", "unknown action %q", action)
	}
	if err := r.By.Allowed(a, p); err != nil {
		return "", err
	}
	if action == ActionPropose {
		if p.State != "" {
			return "", &TransitionError{ID: p.ID, Action: action, From: p.State}
		}
	} else if !slices.Contains(r.From, p.State) {
		return "", &TransitionError{ID: p.ID, Action: action, From: p.State}
	}
	return r.To, nil
}

// Party is one side of a partnership: a reference with the party's name.
type Party struct {
	Kind PartyKind `json:"kind"`
	ID   int64     `json:"id"`
	Name string    `json:"name,omitempty"` // filled in on reads
}

// Ref returns the bare reference of p.
func (p Party) Ref() PartyRef { return PartyRef{Kind: p.Kind, ID: p.ID} }

// Side names a party of a partnership: "a" (the proposer) or "b".
type Side string

// Sides.
const (
	SideA Side = "a"
	SideB Side = "b"
)

// Other returns the opposite side.
func (s Side) Other() Side {
	if s == SideA {
		return SideB
	}
	return SideA
}

// Agreement is what two parties agreed: shared goals, working languages and
// a date to review it. Its responsibilities are records of their own.
type Agreement struct {
	Goals      []string  `json:"goals"`
	Languages  []string  `json:"languages"` // Wikimedia language codes
	ReviewDate time.Time `json:"review_date,omitzero"`
}

// Responsibility is a task of the agreement owned by one party.
type Responsibility struct {
	ID            int64     `json:"id"`
	PartnershipID int64     `json:"partnership_id"`
	Owner         Side      `json:"owner"`
	Description   string    `json:"description"`
	Due           time.Time `json:"due,omitzero"`
	Done          bool      `json:"done"`
	DoneAt        time.Time `json:"done_at,omitzero"`
	Version       int64     `json:"version"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// Overdue reports whether r is not done and its due date has passed at now.
func (r *Responsibility) Overdue(now time.Time) bool {
	return !r.Done && !r.Due.IsZero() && now.After(endOfDay(r.Due))
}

// OnTime reports whether r was done by the end of its due day (or has no due date).
func (r *Responsibility) OnTime() bool {
	return r.Done && (r.Due.IsZero() || !r.DoneAt.After(endOfDay(r.Due)))
}

func endOfDay(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 23, 59, 59, 0, time.UTC)
}

// Partnership is an agreement between two parties to work together.
type Partnership struct {
	ID    int64           `json:"id"`
	A     Party           `json:"a"` // the proposer, always a community
	B     Party           `json:"b"` // a community or an institution
	Type  PartnershipType `json:"type"`
	Level Level           `json:"level"`
	State State           `json:"state"`
	// Message is the proposal's text to the other party.
	Message          string            `json:"message"`
	Agreement        Agreement         `json:"agreement"`
	Responsibilities []*Responsibility `json:"responsibilities"`
	ProposedBy       int64             `json:"proposed_by"`
	// StateChangedAt is when the partnership entered its current state.
	StateChangedAt time.Time `json:"state_changed_at"`
	// StartedAt is its latest fresh start: the acceptance, or the latest
	// renewal (zero while proposed). See QuietSince.
	StartedAt time.Time `json:"started_at,omitzero"`
	// LastActivity is the date of the latest activity that has taken place.
	LastActivity time.Time `json:"last_activity,omitzero"`
	// NextActivity is the date of the earliest planned activity to come.
	NextActivity time.Time `json:"next_activity,omitzero"`
	Version      int64     `json:"version"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// SideOf returns the side of p that ref is, or "" if ref is not a party.
func (p *Partnership) SideOf(ref PartyRef) Side {
	switch ref {
	case p.A.Ref():
		return SideA
	case p.B.Ref():
		return SideB
	}
	return ""
}

// PartyOn returns the party on side s.
func (p *Partnership) PartyOn(s Side) Party {
	if s == SideB {
		return p.B
	}
	return p.A
}

// Validate checks a new partnership's fields (parties, type, level, texts).
func (p *Partnership) Validate() error {
	var v ValidationErrors
	if p.A.Kind != PartyCommunity {
		v.Add("a.kind", "the proposing party must be a community, not %q", p.A.Kind).Because(ProblemNotAllowed, p.A.Kind)
	}
	if p.A.ID <= 0 {
		v.Add("a.id", "is missing").Because(ProblemRequired)
	}
	if p.B.Kind != PartyCommunity && p.B.Kind != PartyInstitution {
		v.Add("b.kind", "must be community or institution, not %q", p.B.Kind).Because(ProblemNotAllowed, p.B.Kind)
	}
	if p.B.ID <= 0 {
		v.Add("b.id", "is missing").Because(ProblemRequired)
	}
	if p.A.Ref() == p.B.Ref() {
		v.Add("b", "a community cannot partner with itself").Because(ProblemSelfPartner)
	}
	if !slices.Contains(PartnershipTypes, p.Type) {
		v.Add("type", "must be one of twinning, institutional, regional, campaign, not %q", p.Type).Because(ProblemNotAllowed, p.Type)
	}
	if !slices.Contains(Levels, p.Level) {
		v.Add("level", "must be one of local, regional, global, not %q", p.Level).Because(ProblemNotAllowed, p.Level)
	}
	if len(p.Message) > 5000 {
		v.Add("message", "is longer than 5000 bytes").Because(ProblemTooLong, 5000)
	}
	if err := p.Agreement.validate(); err != nil {
		v = append(v, err.(ValidationErrors)...)
	}
	return v.Err()
}

func (ag *Agreement) validate() error {
	var v ValidationErrors
	if len(ag.Goals) > 50 {
		v.Add("agreement.goals", "has more than 50 goals").Because(ProblemTooMany, 50)
	}
	for i, g := range ag.Goals {
		if strings.TrimSpace(g) == "" {
			v.Add(fmt.Sprintf("agreement.goals[%d]", i), "is empty").Because(ProblemRequired)
		} else if len(g) > 1000 {
			v.Add(fmt.Sprintf("agreement.goals[%d]", i), "is longer than 1000 bytes").Because(ProblemTooLong, 1000)
		}
	}
	CheckDate(&v, "agreement.review_date", ag.ReviewDate)
	if len(ag.Languages) > 30 {
		v.Add("agreement.languages", "has more than 30 languages").Because(ProblemTooMany, 30)
	}
	for i, l := range ag.Languages {
		if !ValidLanguageCode(l) {
			v.Add(fmt.Sprintf("agreement.languages[%d]", i), "%q is not a language code such as de, pt-br or zh-hans", l).Because(ProblemLanguage, l)
		}
	}
	return v.Err()
}

// Validate checks an agreement's goals and languages.
func (ag *Agreement) Validate() error { return ag.validate() }

// ValidLanguageCode reports whether s looks like a Wikimedia language code:
// lower-case letters in groups of 2 to 8 joined by hyphens ("de", "be-tarask").
func ValidLanguageCode(s string) bool {
	if s == "" || len(s) > 20 {
		return false
	}
	for part := range strings.SplitSeq(s, "-") {
		if len(part) < 2 || len(part) > 8 {
			return false
		}
		for _, r := range part {
			if (r < 'a' || r > 'z') && (r < '0' || r > '9') {
				return false
			}
		}
	}
	return true
}

// Validate checks a responsibility's fields.
func (r *Responsibility) Validate() error {
	var v ValidationErrors
	if r.Owner != SideA && r.Owner != SideB {
		v.Add("owner", `must be "a" or "b", not %q`, r.Owner).Because(ProblemNotAllowed, r.Owner)
	}
	if strings.TrimSpace(r.Description) == "" {
		v.Add("description", "is empty").Because(ProblemRequired)
	} else if len(r.Description) > 2000 {
		v.Add("description", "is longer than 2000 bytes").Because(ProblemTooLong, 2000)
	}
	CheckDate(&v, "due", r.Due)
	return v.Err()
}

// HistoryEntry is one recorded transition of a partnership.
type HistoryEntry struct {
	ID            int64     `json:"id"`
	PartnershipID int64     `json:"partnership_id"`
	At            time.Time `json:"at"`
	ActorID       int64     `json:"actor_id"`
	ActorName     string    `json:"actor"`
	Action        Action    `json:"action"`
	From          State     `json:"from,omitempty"`
	To            State     `json:"to"`
	Note          string    `json:"note,omitempty"`
}

// ActivityKind is what the parties did together.
type ActivityKind string

// Activity kinds.
const (
	ActivityVisit         ActivityKind = "visit"
	ActivityExchange      ActivityKind = "exchange"
	ActivityEditathon     ActivityKind = "editathon"
	ActivityWorkshop      ActivityKind = "workshop"
	ActivityContest       ActivityKind = "contest"
	ActivityPhotoWalk     ActivityKind = "photo_walk"
	ActivityOnlineMeeting ActivityKind = "online_meeting"
)

// ActivityKinds lists the valid kinds, in display order.
var ActivityKinds = []ActivityKind{ActivityVisit, ActivityExchange, ActivityEditathon, ActivityWorkshop, ActivityContest, ActivityPhotoWalk, ActivityOnlineMeeting}

func sortFields(v ValidationErrors) ValidationErrors {
	slices.SortStableFunc(v, func(a, b *FieldError) int { return strings.Compare(a.Field, b.Field) })
	return v
}

// Totals sums activities and their outcomes.
type Totals struct {
	Activities       int `json:"activities"`
	Participants     int `json:"participants"`
	ArticlesCreated  int `json:"articles_created"`
	ArticlesImproved int `json:"articles_improved"`
	MediaUploaded    int `json:"media_uploaded"`
	WikidataItems    int `json:"wikidata_items"`
	Links            int `json:"links"`
}

// Add counts a in t.
func (t *Totals) Add(a *Activity) {
	t.Activities++
	t.Participants += a.Participants
	t.ArticlesCreated += a.Outcomes.ArticlesCreated
	t.ArticlesImproved += a.Outcomes.ArticlesImproved
	t.MediaUploaded += a.Outcomes.MediaUploaded
	t.WikidataItems += a.Outcomes.WikidataItems
	t.Links += len(a.Outcomes.Links)
}

// TotalsRow is the totals of one group: a partnership, a community, or a
// year (the other keys are zero), or a combination.
type TotalsRow struct {
	PartnershipID int64 `json:"partnership_id,omitempty"`
	CommunityID   int64 `json:"community_id,omitempty"`
	Year          int   `json:"year,omitempty"`
	Totals
}

// TotalsBy names how totals are grouped.
type TotalsBy string

// Groupings of totals.
const (
	ByPartnership TotalsBy = "partnership"
	ByCommunity   TotalsBy = "community"
	ByYear        TotalsBy = "year"
)

// PartnershipFilter narrows a listing of partnerships.
type PartnershipFilter struct {
	Party  *PartyRef // either side
	States []State
	Type   PartnershipType
	Limit  int
	Offset int
}

// ActivityFilter narrows a listing of activities.
type ActivityFilter struct {
	PartnershipID int64
	Community     int64     // activities of partnerships this community is a party to
	From, To      time.Time // Start in [From, To); zero means unbounded
	Limit         int
}

// PartnershipParties is a partnership reduced to its two parties and its
// state: what matchmaking leaves out (live ones) and the reports count.
type PartnershipParties struct {
	PartnershipID int64    `json:"partnership_id"`
	A             PartyRef `json:"a"`
	B             PartyRef `json:"b"`
	State         State    `json:"state"`
}

// Pair returns the parties as an unordered pair, in canonical order.
func (p PartnershipParties) Pair() PartyPair { return PartyPair{A: p.A, B: p.B}.Key() }

// NewsItem is one entry of the partnership news feed: a transition or an
// activity.
type NewsItem struct {
	PartnershipID int64     `json:"partnership_id"`
	A             Party     `json:"a"`
	B             Party     `json:"b"`
	At            time.Time `json:"at"`
	Action        Action    `json:"action,omitempty"`   // for a transition
	Activity      *Activity `json:"activity,omitempty"` // for an activity
	Note          string    `json:"note,omitempty"`
	// Key is unique and stable per item ("history-12", "activity-7").
	Key string `json:"key"`
}

// DormancyPolicy says when the dormancy job lapses a partnership.
type DormancyPolicy struct {
	// After is the time without activity after which an accepted or active
	// partnership lapses to dormant. Counted from the latest of the last
	// activity and the entry into the current state; a partnership with a
	// planned activity to come never lapses.
	After time.Duration
}

// DefaultDormantAfter is the default DormancyPolicy.After: six months.
const DefaultDormantAfter = 182 * 24 * time.Hour
