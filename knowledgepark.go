package wikicities

import "context"

// CampaignService keeps campaigns, their editions and who takes part.
// Writes check the actor in ctx and are audited.
type CampaignService interface {
	// CreateCampaign adds c, owned by the actor, and sets its ID. Returns
	// ErrInvalid, ErrUnauthorized, ErrForbidden, ErrConflict for a taken Wikidata item.
	CreateCampaign(ctx context.Context, c *Campaign) error
	// Campaign returns the campaign with id. Returns ErrNotFound.
	Campaign(ctx context.Context, id int64) (*Campaign, error)
	// UpdateCampaign saves c's name, Wikidata item, description and Meta
	// page at c.Version, for its owner. Returns ErrInvalid, ErrNotFound,
	// ErrUnauthorized, ErrForbidden, ErrConflict, ErrStale.
	UpdateCampaign(ctx context.Context, c *Campaign) error
	// Campaigns lists every campaign by name.
	Campaigns(ctx context.Context) ([]*Campaign, error)
	// CreateEdition adds e to its campaign for the campaign's owner; the
	// actor joins its team. Returns ErrInvalid, ErrNotFound, ErrForbidden,
	// ErrConflict for a year that has an edition.
	CreateEdition(ctx context.Context, e *Edition) error
	// Edition returns the edition with id and its team. Returns ErrNotFound.
	Edition(ctx context.Context, id int64) (*Edition, error)
	// Editions lists the editions of a campaign, newest year first.
	Editions(ctx context.Context, campaignID int64) ([]*Edition, error)
	// JoinEdition signs n.Community up for edition n.EditionID, for a
	// coordinator of the community. Returns ErrInvalid, ErrNotFound,
	// ErrForbidden, ErrConflict when it takes part already.
	JoinEdition(ctx context.Context, n *NationalEdition) error
	// CreateTwinEdition records that t.A and t.B run edition t.EditionID
	// together, for a coordinator of either; both take part in the edition
	// and their cities are twinned. Returns ErrInvalid, ErrNotFound,
	// ErrForbidden, ErrConflict.
	CreateTwinEdition(ctx context.Context, t *TwinEdition) error
	// Participation returns the national and twin editions of every edition
	// of a campaign (editionID 0) or of one edition.
	Participation(ctx context.Context, campaignID, editionID int64) ([]*NationalEdition, []*TwinEdition, error)
	// TwinEditionsOf lists the twin editions community id takes part in.
	TwinEditionsOf(ctx context.Context, communityID int64) ([]*TwinEdition, error)
}

// EventService keeps events and who registered for them.
type EventService interface {
	// CreateEvent adds e and sets its ID, for an actor who coordinates every
	// organising group (nobody names a group as organiser on its behalf).
	// Returns ErrInvalid, ErrNotFound (city, group, edition),
	// ErrUnauthorized, ErrForbidden.
	CreateEvent(ctx context.Context, e *Event) error
	// Event returns the event with id and its counts. Returns ErrNotFound.
	Event(ctx context.Context, id int64) (*Event, error)
	// Events lists the events f selects, soonest first.
	Events(ctx context.Context, f EventFilter) ([]*Event, error)
	// UpdateEvent saves e's fields at e.Version, for its organisers (its
	// organisers, status and registrations stay) and returns the people a
	// larger capacity moved up from the waitlist. Returns ErrInvalid,
	// ErrNotFound, ErrUnauthorized, ErrForbidden, ErrConflict for a
	// cancelled event, ErrStale.
	UpdateEvent(ctx context.Context, e *Event) ([]*Registration, error)
	// CancelEvent cancels an event for its organisers. Returns ErrNotFound,
	// ErrForbidden, ErrStale.
	CancelEvent(ctx context.Context, id, version int64) (*Event, error)
	// Register registers the actor for an event with its answers: a place
	// if one is free, the waitlist if it is full and keeps one. Concurrent
	// registrations never exceed the capacity. Returns ErrUnauthorized,
	// ErrNotFound, ErrInvalid, ErrConflict (a *RegistrationError, or
	// registered already).
	Register(ctx context.Context, eventID int64, answers []int) (*Registration, error)
	// CancelRegistration cancels the registration of userID, for the person
	// or an organiser, and returns the people moved up from the waitlist.
	// Returns ErrNotFound, ErrForbidden.
	CancelRegistration(ctx context.Context, eventID, userID int64) ([]*Registration, error)
	// Registrations lists who registered (registered, then waiting in
	// line), for anyone if the list is public, for organisers if it is
	// private. Returns ErrNotFound, ErrUnauthorized, ErrForbidden.
	Registrations(ctx context.Context, eventID int64) ([]*Registration, error)
	// MyRegistration returns the actor's registration. Returns ErrNotFound.
	MyRegistration(ctx context.Context, eventID int64) (*Registration, error)
	// Answers returns the answers in aggregate, for organisers. Returns
	// ErrNotFound, ErrUnauthorized, ErrForbidden.
	Answers(ctx context.Context, eventID int64) ([]AnswerSummary, error)
}

// VisitService keeps exchange visits between groups of twinned cities.
type VisitService interface {
	// RequestVisit records v, for a coordinator of the visitor; the host is
	// a community of a twin city of the visitor's. Returns ErrInvalid,
	// ErrNotFound, ErrForbidden, ErrConflict when the cities are not twins.
	RequestVisit(ctx context.Context, v *Visit) error
	// Visit returns the visit with id as the actor may see it. Returns ErrNotFound.
	Visit(ctx context.Context, id int64) (*Visit, error)
	// Visits lists the visits community id takes part in, newest first.
	Visits(ctx context.Context, communityID int64) ([]*Visit, error)
	// TransitionVisit applies action (with the host's offer on accept).
	// Returns ErrNotFound, ErrForbidden, ErrConflict, ErrStale.
	TransitionVisit(ctx context.Context, id int64, action VisitAction, version int64, offer *HostOffer) (*Visit, error)
	// SetAgenda links events to the visit, for either side. Returns
	// ErrNotFound, ErrForbidden, ErrStale.
	SetAgenda(ctx context.Context, id, version int64, eventIDs []int64) (*Visit, error)
	// ReportVisit records the report of a done visit and logs it in the
	// partnership of the two groups. Returns ErrNotFound, ErrForbidden,
	// ErrConflict (not done, or no partnership to log it in), ErrStale.
	ReportVisit(ctx context.Context, id, version int64, report string) (*Visit, error)
}
