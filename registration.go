package wikicities

import (
	"fmt"
	"time"
)

// Registration for an event follows two small pure tables, so that they can
// be read and tested on their own: RegistrationRules says whether an event
// takes registrations (open, waitlisted, full, closed), and JoinRules what a
// new registration becomes. Cancelling a registration frees a place, which
// goes to the first person waiting (Promotions).

// RegistrationStatus says whether an event takes registrations now.
type RegistrationStatus string

// Registration statuses.
const (
	RegistrationOpen       RegistrationStatus = "open"       // places are left (or there is no limit)
	RegistrationWaitlisted RegistrationStatus = "waitlisted" // full; newcomers join the waitlist
	RegistrationFull       RegistrationStatus = "full"       // full, and there is no waitlist
	RegistrationClosed     RegistrationStatus = "closed"     // cancelled, or registration has closed
)

// RegistrationStatuses lists every status.
var RegistrationStatuses = []RegistrationStatus{RegistrationOpen, RegistrationWaitlisted, RegistrationFull, RegistrationClosed}

// Cond is a condition of a rule: Any, Yes or No.
type Cond int

// Conditions.
const (
	Any Cond = iota
	Yes
	No
)

func (c Cond) holds(b bool) bool { return c == Any || (c == Yes) == b }

// RegistrationRule is one row of RegistrationRules: the first row whose
// conditions all hold gives the status.
type RegistrationRule struct {
	Cancelled  Cond // the event is cancelled
	Past       Cond // registration has closed (now is at or after Closes)
	Limited    Cond // the event has a capacity
	PlacesLeft Cond // fewer people registered than the capacity
	Waitlist   Cond // the event keeps a waitlist
	Status     RegistrationStatus
}

// RegistrationRules decides the registration status, first match wins.
var RegistrationRules = []RegistrationRule{
	{Cancelled: Yes, Status: RegistrationClosed},
	{Past: Yes, Status: RegistrationClosed},
	{Limited: No, Status: RegistrationOpen},
	{PlacesLeft: Yes, Status: RegistrationOpen},
	{Waitlist: Yes, Status: RegistrationWaitlisted},
	{Status: RegistrationFull},
}

// StatusAt returns the registration status of e at now with registered
// people holding a place.
func (e *Event) StatusAt(now time.Time, registered int) RegistrationStatus {
	facts := [5]bool{e.Status == EventCancelled, !now.Before(e.Closes()), e.Capacity > 0, registered < e.Capacity, e.Waitlist}
	for _, r := range RegistrationRules {
		conds := [5]Cond{r.Cancelled, r.Past, r.Limited, r.PlacesLeft, r.Waitlist}
		match := true
		for i, c := range conds {
			match = match && c.holds(facts[i])
		}
		if match {
			return r.Status
		}
	}
	return RegistrationClosed
}

// RegistrationState is where one person's registration stands.
type RegistrationState string

// Registration states.
const (
	Registered            RegistrationState = "registered" // holds a place
	Waitlisted            RegistrationState = "waitlisted" // waits for a place, in order of registration
	RegistrationCancelled RegistrationState = "cancelled"  // cancelled by the person or an organiser
)

// JoinRules says what a new registration becomes for each status; a status
// missing here refuses it.
var JoinRules = map[RegistrationStatus]RegistrationState{
	RegistrationOpen:       Registered,
	RegistrationWaitlisted: Waitlisted,
}

// RegistrationError refuses a registration for an event that is full or
// closed. It matches ErrConflict.
type RegistrationError struct {
	EventID int64
	Status  RegistrationStatus
}

func (e *RegistrationError) Error() string {
	return fmt.Sprintf("event %d: registration is %s", e.EventID, e.Status)
}

// Is reports whether target is ErrConflict.
func (e *RegistrationError) Is(target error) bool { return target == ErrConflict }

// Join returns the state a new registration for e takes at now, with
// registered people holding a place, or a *RegistrationError.
func (e *Event) Join(now time.Time, registered int) (RegistrationState, error) {
	st := e.StatusAt(now, registered)
	if to, ok := JoinRules[st]; ok {
		return to, nil
	}
	return "", &RegistrationError{EventID: e.ID, Status: st}
}

// Promotions returns how many people at the head of the waitlist move up
// to a place, with registered people holding one and waiting in line: all
// of them without a limit, otherwise as many as places are free. Nobody
// moves up for a cancelled event.
func (e *Event) Promotions(registered, waiting int) int {
	if e.Status == EventCancelled || waiting <= 0 {
		return 0
	}
	if e.Capacity == 0 {
		return waiting
	}
	return max(0, min(e.Capacity-registered, waiting))
}

// Registration is one person's registration for an event. Answers (the
// index of the option chosen for each question, -1 for none) are never
// shown one by one: see AnswerCounts.
type Registration struct {
	ID         int64             `json:"id"`
	EventID    int64             `json:"event_id"`
	UserID     int64             `json:"user_id"`
	Username   string            `json:"username"`
	State      RegistrationState `json:"state"`
	Position   int               `json:"position,omitempty"` // 1 for the first person waiting
	Answers    []int             `json:"-"`
	CreatedAt  time.Time         `json:"created_at"`
	PromotedAt time.Time         `json:"promoted_at,omitzero"`
}

// ValidateAnswers checks answers against the event's questions: one per
// question at most, each an option index or -1. Returns ValidationErrors.
func (e *Event) ValidateAnswers(answers []int) error {
	var v ValidationErrors
	if len(answers) > len(e.Questions) {
		v.Add("answers", "has %d answers for %d questions", len(answers), len(e.Questions)).Because(ProblemTooMany, len(e.Questions))
	}
	for i, a := range answers {
		if i < len(e.Questions) && (a < -1 || a >= len(e.Questions[i].Options)) {
			v.Add(fmt.Sprintf("answers[%d]", i), "must be -1 or an option from 0 to %d, not %d", len(e.Questions[i].Options)-1, a).Because(ProblemNumberRange, -1, len(e.Questions[i].Options)-1)
		}
	}
	return v.Err()
}

// MinAnswersShown is the fewest answers to a question for which its counts
// are shown: with fewer, the organisers could tell who answered what.
const MinAnswersShown = 3

// AnswerSummary is the aggregate of one question's answers.
type AnswerSummary struct {
	Question string         `json:"question"`
	Answered int            `json:"answered"`
	Counts   map[string]int `json:"counts,omitempty"` // by option; nil when Answered < MinAnswersShown
}

// AnswerCounts aggregates the answers of registrations that are not
// cancelled, question by question, hiding the counts of a question that
// fewer than MinAnswersShown people answered.
func (e *Event) AnswerCounts(regs []*Registration) []AnswerSummary {
	out := make([]AnswerSummary, len(e.Questions))
	for i, q := range e.Questions {
		counts := map[string]int{}
		n := 0
		for _, r := range regs {
			if r.State == RegistrationCancelled || i >= len(r.Answers) || r.Answers[i] < 0 || r.Answers[i] >= len(q.Options) {
				continue
			}
			counts[q.Options[r.Answers[i]]]++
			n++
		}
		out[i] = AnswerSummary{Question: q.Text, Answered: n}
		if n >= MinAnswersShown {
			out[i].Counts = counts
		}
	}
	return out
}

// CanSeeParticipants reports whether a may see who registered for e: anyone
// for a public list, its organisers for a private one.
func (e *Event) CanSeeParticipants(a *Actor) bool {
	return e.Registration == ListPublic || e.Organises(a)
}

// CanCancelRegistration returns nil if a may cancel r: the person, an
// organiser or an admin. Returns ErrUnauthorized or ErrForbidden.
func (e *Event) CanCancelRegistration(a *Actor, r *Registration) error {
	if err := a.RequireWrite(); err != nil {
		return err
	}
	if a.UserID == r.UserID || e.Organises(a) {
		return nil
	}
	return fmt.Errorf("%w: only the person or an organiser may cancel a registration", ErrForbidden)
}
