package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/wikicities/wikicities"
)

// addPartnership proposes d as the coordinators of its proposer, brings it
// to d.State through the transitions a real partnership takes, and adds
// its agreement, responsibilities and activities.
func addPartnership(ctx context.Context, svc wikicities.Services, d Partnership, parties map[string]wikicities.PartyRef,
	now time.Time, demoUser, partnersUser *wikicities.Actor) error {
	as := func(ref wikicities.PartyRef) context.Context {
		for _, a := range []*wikicities.Actor{demoUser, partnersUser} {
			for _, c := range a.Coordinates {
				if c == ref {
					return wikicities.NewContext(ctx, a)
				}
			}
		}
		return ctx
	}
	a, b := parties[d.A], parties[d.B]
	ctxA, ctxB := as(a), as(b)
	p := &wikicities.Partnership{A: wikicities.Party{Kind: a.Kind, ID: a.ID}, B: wikicities.Party{Kind: b.Kind, ID: b.ID},
		Type: d.Type, Level: d.Level,
		Message: fmt.Sprintf("%s An invented partnership to try WikiCities with: %s and %s did not agree to it.", Marker, d.A, d.B)}
	if err := svc.Partnerships.Propose(ctxA, p, ""); err != nil {
		return fmt.Errorf("propose: %w", err)
	}
	var err error
	step := func(c context.Context, act wikicities.Action) {
		if err == nil {
			p, err = svc.Partnerships.Transition(c, p.ID, act, 0, Marker)
			if err != nil {
				err = fmt.Errorf("%s: %w", act, err)
			}
		}
	}
	switch d.State {
	case wikicities.StateProposed:
	case wikicities.StateDeclined:
		step(ctxB, wikicities.ActionDecline)
	default:
		step(ctxB, wikicities.ActionAccept)
	}
	if err != nil || d.State == wikicities.StateProposed || d.State == wikicities.StateDeclined {
		return err
	}
	ag := wikicities.Agreement{Goals: d.Goals, Languages: d.Languages, ReviewDate: now.AddDate(0, 6, 0).Truncate(24 * time.Hour)}
	if p, err = svc.Partnerships.UpdateAgreement(ctxA, p.ID, p.Version, ag); err != nil {
		return fmt.Errorf("agreement: %w", err)
	}
	for _, r := range d.Responsibilities {
		x := &wikicities.Responsibility{PartnershipID: p.ID, Owner: r.Owner, Description: r.Description,
			Due: now.AddDate(0, 0, r.DueDays).Truncate(24 * time.Hour)}
		if err := svc.Partnerships.AddResponsibility(ctxA, x); err != nil {
			return fmt.Errorf("responsibility %q: %w", r.Description, err)
		}
		if r.Done {
			x.Done = true
			if err := svc.Partnerships.UpdateResponsibility(ctxA, x); err != nil {
				return fmt.Errorf("responsibility %q done: %w", r.Description, err)
			}
		}
	}
	for _, ac := range d.Activities {
		start := now.AddDate(0, 0, -ac.DaysAgo).Truncate(24 * time.Hour)
		x := &wikicities.Activity{PartnershipID: p.ID, Kind: ac.Kind, Title: Marker + " " + ac.Title, Start: start,
			Place: ac.Place, Participants: ac.Participants, Outcomes: wikicities.Outcomes{MediaUploaded: ac.Media}}
		if err := svc.Partnerships.LogActivity(ctxA, x); err != nil {
			return fmt.Errorf("activity %q: %w", ac.Title, err)
		}
	}
	switch d.State {
	case wikicities.StateDormant:
		step(ctx, wikicities.ActionLapse)
	case wikicities.StateEnded:
		step(ctxA, wikicities.ActionEnd)
	}
	if err == nil && p.State != d.State {
		// Read it back: an activity moves an accepted partnership on.
		if p, err = svc.Partnerships.Partnership(ctx, p.ID); err == nil && p.State != d.State {
			err = fmt.Errorf("ended %s, want %s", p.State, d.State)
		}
	}
	return err
}
