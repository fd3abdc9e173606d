package mentoring

import (
	"errors"
	"testing"
	"time"

	"github.com/wikicities/wikicities"
)

// TestLifecycleIsExhaustive checks every state, action and role against the
// expected table written out in full.
func TestLifecycleIsExhaustive(t *testing.T) {
	type key struct {
		from wikicities.MentorshipState
		a    Action
		role Role
	}
	R, A, Ac := wikicities.MentorshipRequested, wikicities.MentorshipAccepted, wikicities.MentorshipActive
	Co, Ca := wikicities.MentorshipCompleted, wikicities.MentorshipCancelled
	allowed := map[key]wikicities.MentorshipState{
		{R, Accept, Mentor}: A, {R, Cancel, Mentor}: Ca, {R, Cancel, Mentee}: Ca,
		{A, Start, Mentor}: Ac, {A, Start, Mentee}: Ac, {A, Cancel, Mentor}: Ca, {A, Cancel, Mentee}: Ca,
		{Ac, Complete, Mentor}: Co, {Ac, Complete, Mentee}: Co, {Ac, Cancel, Mentor}: Ca, {Ac, Cancel, Mentee}: Ca,
	}
	forbidden := map[key]bool{{R, Accept, Mentee}: true}
	n := 0
	for _, s := range States {
		for _, a := range Actions {
			for _, role := range []Role{Mentor, Mentee} {
				n++
				got, err := Next(s, a, role)
				k := key{s, a, role}
				switch want, ok := allowed[k]; {
				case ok:
					if err != nil || got != want {
						t.Errorf("%s %s by %s = %s, %v; want %s", s, a, role, got, err, want)
					}
				case forbidden[k]:
					if !errors.Is(err, wikicities.ErrForbidden) || got != s {
						t.Errorf("%s %s by %s = %s, %v; want forbidden", s, a, role, got, err)
					}
				default:
					if !errors.Is(err, wikicities.ErrConflict) || got != s {
						t.Errorf("%s %s by %s = %s, %v; want conflict", s, a, role, got, err)
					}
				}
			}
		}
	}
	if n != 5*4*2 {
		t.Errorf("checked %d combinations", n)
	}
	for _, s := range States {
		if Final(s) != (s == Co || s == Ca) {
			t.Errorf("Final(%s) = %v", s, Final(s))
		}
	}
}

func TestEndOf(t *testing.T) {
	start := time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC)
	if end, err := EndOf(start, 0); err != nil || !end.Equal(start.AddDate(0, 3, 0)) {
		t.Errorf("default term: %v, %v", end, err)
	}
	if end, err := EndOf(start, 6); err != nil || !end.Equal(start.AddDate(0, 6, 0)) {
		t.Errorf("6 months: %v, %v", end, err)
	}
	for _, m := range []int{-1, 7, 12} {
		if _, err := EndOf(start, m); !errors.Is(err, wikicities.ErrInvalid) {
			t.Errorf("EndOf(%d): %v", m, err)
		}
	}
}
