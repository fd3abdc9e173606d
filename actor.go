package wikicities

import "context"

// Role is a site-wide role of an account.
type Role string

// Site-wide roles. Coordination of a community or institution is not a role
// but a grant on that record; see Actor.Coordinates.
const (
	RoleMember Role = "member"
	RoleAdmin  Role = "admin"
)

// PartyKind says what kind of record a party of a partnership (or the
// subject of a coordinator grant) is.
type PartyKind string

// Party kinds.
const (
	PartyCommunity   PartyKind = "community"
	PartyInstitution PartyKind = "institution"
)

// PartyRef points at a community or an institution.
type PartyRef struct {
	Kind PartyKind `json:"kind"`
	ID   int64     `json:"id"`
}

// Actor is who performs a request or command: an account with its role and
// the records it coordinates. The zero Actor (ID 0) is anonymous; System is
// the program itself (imports, scheduled jobs).
type Actor struct {
	UserID      int64      `json:"user_id"`
	Username    string     `json:"username"`
	Role        Role       `json:"role"`
	Coordinates []PartyRef `json:"coordinates,omitempty"`
	// Scope limits an API token: "read" or "write"; empty for a session.
	Scope string `json:"scope,omitempty"`
	// Language is the account's chosen interface language, if any.
	Language string `json:"language,omitempty"`
	system   bool
}

// System is the actor of imports, migrations and scheduled jobs.
var System = &Actor{Username: "wikicities", Role: RoleAdmin, system: true}

// IsSystem reports whether a is the program itself.
func (a *Actor) IsSystem() bool { return a != nil && a.system }

// SignedIn reports whether a is an account (or the system).
func (a *Actor) SignedIn() bool { return a != nil && (a.UserID != 0 || a.system) }

// IsAdmin reports whether a is a site admin or the system.
func (a *Actor) IsAdmin() bool { return a != nil && (a.Role == RoleAdmin || a.system) }

// CanWrite reports whether a may make changes at all: signed in, and not
// holding a read-only token.
func (a *Actor) CanWrite() bool { return a.SignedIn() && a.Scope != "read" }

// CoordinatorOf reports whether a coordinates p (admins count as coordinators
// of everything).
func (a *Actor) CoordinatorOf(p PartyRef) bool {
	if a == nil {
		return false
	}
	if a.IsAdmin() {
		return true
	}
	for _, c := range a.Coordinates {
		if c == p {
			return true
		}
	}
	return false
}

// RequireWrite returns ErrUnauthorized for anonymous actors and ErrForbidden
// for read-only tokens.
func (a *Actor) RequireWrite() error {
	if !a.SignedIn() {
		return ErrUnauthorized
	}
	if !a.CanWrite() {
		return ErrForbidden
	}
	return nil
}

// RequireCoordinator returns nil if a may act for p, ErrUnauthorized if a is
// anonymous, and ErrForbidden otherwise.
func (a *Actor) RequireCoordinator(p PartyRef) error {
	if err := a.RequireWrite(); err != nil {
		return err
	}
	if !a.CoordinatorOf(p) {
		return ErrForbidden
	}
	return nil
}

type actorKey struct{}

// NewContext returns ctx carrying a.
func NewContext(ctx context.Context, a *Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorIn returns the actor in ctx, or nil when there is none: for the
// hot paths that only ask whether a reader is signed in (SignedIn and the
// other methods take nil as anonymous), without ActorFrom's new actor.
func ActorIn(ctx context.Context) *Actor {
	a, _ := ctx.Value(actorKey{}).(*Actor)
	return a
}

// ActorFrom returns the actor in ctx, or an anonymous actor.
func ActorFrom(ctx context.Context) *Actor {
	if a, ok := ctx.Value(actorKey{}).(*Actor); ok && a != nil {
		return a
	}
	return &Actor{}
}
