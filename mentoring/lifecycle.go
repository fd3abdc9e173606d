package mentoring

import (
	"fmt"
	"time"

	"github.com/wikicities/wikicities"
)

// Action moves a mentorship from one state to another.
type Action string

// Actions.
const (
	Accept   Action = "accept"   // the mentor agrees
	Start    Action = "start"    // either side: the first meeting took place
	Complete Action = "complete" // either side: the goals are met or the term is over
	Cancel   Action = "cancel"   // either side, before completion
)

// Role is a side of a mentorship.
type Role string

// Roles.
const (
	Mentor Role = "mentor"
	Mentee Role = "mentee"
)

// Actions lists every action, for exhaustive tests and help texts.
var Actions = []Action{Accept, Start, Complete, Cancel}

// States lists every state in lifecycle order.
var States = []wikicities.MentorshipState{
	wikicities.MentorshipRequested, wikicities.MentorshipAccepted, wikicities.MentorshipActive,
	wikicities.MentorshipCompleted, wikicities.MentorshipCancelled,
}

type step struct {
	to    wikicities.MentorshipState
	roles []Role
}

// lifecycle is the whole state table: what each role may do in each state.
// Completed and cancelled are final.
var lifecycle = map[wikicities.MentorshipState]map[Action]step{
	wikicities.MentorshipRequested: {
		Accept: {wikicities.MentorshipAccepted, []Role{Mentor}},
		Cancel: {wikicities.MentorshipCancelled, []Role{Mentor, Mentee}},
	},
	wikicities.MentorshipAccepted: {
		Start:  {wikicities.MentorshipActive, []Role{Mentor, Mentee}},
		Cancel: {wikicities.MentorshipCancelled, []Role{Mentor, Mentee}},
	},
	wikicities.MentorshipActive: {
		Complete: {wikicities.MentorshipCompleted, []Role{Mentor, Mentee}},
		Cancel:   {wikicities.MentorshipCancelled, []Role{Mentor, Mentee}},
	},
}

// Next is the state after role does a in state from. Returns an error
// matching wikicities.ErrConflict when the state does not allow a, and
// wikicities.ErrForbidden when a is not role's to do.
func Next(from wikicities.MentorshipState, a Action, role Role) (wikicities.MentorshipState, error) {
	st, ok := lifecycle[from][a]
	if !ok {
		return from, fmt.Errorf("%w: a %s mentorship cannot %s", wikicities.ErrConflict, from, a)
	}
	for _, r := range st.roles {
		if r == role {
			return st.to, nil
		}
	}
	return from, fmt.Errorf("%w: only the mentor may %s a mentorship", wikicities.ErrForbidden, a)
}

// Final reports whether s ends the lifecycle.
func Final(s wikicities.MentorshipState) bool {
	return s == wikicities.MentorshipCompleted || s == wikicities.MentorshipCancelled
}

// Term limits: a mentorship lasts 1 to 6 months, 3 unless agreed otherwise.
const (
	MinMonths     = 1
	MaxMonths     = 6
	DefaultMonths = 3
)

// CheckInEvery is how long an active mentorship goes without a check-in
// before both sides are reminded to log one.
const CheckInEvery = 28 * 24 * time.Hour

// CheckInDue is when an active mentorship that started at started and was
// last checked in at last (zero for never) is due for a check-in.
func CheckInDue(started, last time.Time) time.Time {
	if last.After(started) {
		return last.Add(CheckInEvery)
	}
	return started.Add(CheckInEvery)
}

// EndOf is the planned end of a mentorship starting at start and lasting
// months (0 means DefaultMonths). Returns an error matching
// wikicities.ErrInvalid for a term outside 1 to 6 months.
func EndOf(start time.Time, months int) (time.Time, error) {
	if months == 0 {
		months = DefaultMonths
	}
	if months < MinMonths || months > MaxMonths {
		return time.Time{}, fmt.Errorf("%w: months: %d is outside %d to %d", wikicities.ErrInvalid, months, MinMonths, MaxMonths)
	}
	return start.AddDate(0, months, 0), nil
}
