package wikicities

import "context"

// PartnershipService stores partnerships, their agreements and activities.
// Every method that changes something checks the actor in ctx and records
// the change in the audit log.
type PartnershipService interface {
	// Propose creates p in state proposed on behalf of party A. Returns
	// ErrInvalid, ErrNotFound for an unknown party, ErrConflict if the two
	// parties already have a live partnership, ErrUnauthorized/ErrForbidden.
	Propose(ctx context.Context, p *Partnership, note string) error
	// Partnership returns the partnership with id and its responsibilities.
	// Returns ErrNotFound.
	Partnership(ctx context.Context, id int64) (*Partnership, error)
	// Partnerships lists partnerships matching f, newest first, and the total.
	Partnerships(ctx context.Context, f PartnershipFilter) ([]*Partnership, int, error)
	// Transition performs action on partnership id. version 0 skips the
	// version check. Returns *TransitionError (ErrConflict), *StaleError,
	// ErrNotFound, ErrUnauthorized, ErrForbidden.
	Transition(ctx context.Context, id int64, action Action, version int64, note string) (*Partnership, error)
	// History lists the transitions of partnership id, oldest first.
	History(ctx context.Context, id int64) ([]*HistoryEntry, error)
	// UpdateAgreement replaces the agreement if version is current.
	// Returns *StaleError, ErrInvalid, ErrNotFound, ErrForbidden.
	UpdateAgreement(ctx context.Context, id, version int64, ag Agreement) (*Partnership, error)
	// AddResponsibility adds r to partnership r.PartnershipID.
	AddResponsibility(ctx context.Context, r *Responsibility) error
	// UpdateResponsibility writes r if r.Version is current. Returns *StaleError.
	UpdateResponsibility(ctx context.Context, r *Responsibility) error
	// DeleteResponsibility removes a responsibility if version is current.
	DeleteResponsibility(ctx context.Context, partnershipID, id, version int64) error
	// LogActivity records a; the first activity activates an accepted
	// partnership. Returns ErrConflict for a partnership that is not
	// accepted, active or dormant.
	LogActivity(ctx context.Context, a *Activity) error
	// UpdateActivity writes a if a.Version is current. Returns *StaleError.
	UpdateActivity(ctx context.Context, a *Activity) error
	// DeleteActivity removes an activity if version is current.
	DeleteActivity(ctx context.Context, partnershipID, id, version int64) error
	// Activity returns one activity. Returns ErrNotFound.
	Activity(ctx context.Context, partnershipID, id int64) (*Activity, error)
	// Activities lists activities matching f, by start.
	Activities(ctx context.Context, f ActivityFilter) ([]*Activity, error)
	// Totals sums activities that have taken place, grouped by by.
	Totals(ctx context.Context, f ActivityFilter, by TotalsBy) ([]*TotalsRow, error)
	// PartnerPairs lists every live partnership's parties.
	PartnerPairs(ctx context.Context) ([]PartnershipParties, error)
	// LapseDormant moves accepted and active partnerships without activity
	// for pol.After to dormant, as System, and returns them.
	LapseDormant(ctx context.Context, pol DormancyPolicy) ([]*Partnership, error)
	// News lists the latest feed items, of one party when party is not nil.
	News(ctx context.Context, party *PartyRef, limit int) ([]*NewsItem, error)
	// PartyName returns the name of a community or institution. Returns ErrNotFound.
	PartyName(ctx context.Context, p PartyRef) (string, error)
	// HealthInputs returns the running partnerships and their activities,
	// what health.AssessAll scores.
	HealthInputs(ctx context.Context) ([]*Partnership, []*Activity, error)
}
