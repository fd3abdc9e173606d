package wikicities

import (
	"context"
	"encoding/json"
	"time"
)

// Services are the contracts the web server, the digest and the reports are
// built over: package store implements all but Suggestions (package
// matchmaking) and Passwords (package password), and a test may put a
// small fake in any field.
type Services struct {
	Cities       CityService
	CityNames    CityNameService
	Communities  CommunityService
	Institutions InstitutionService
	Skills       SkillService
	Requests     RequestService
	Partnerships PartnershipService
	Claims       ClaimService
	Messages     MessageService
	Inboxes      InboxService
	Campaigns    CampaignService
	Events       EventService
	Visits       VisitService
	PageLists    PageLists
	Accounts     AccountService
	Audit        AuditService
	Digests      DigestService
	Reports      ReportService
	Suggestions  SuggestionService
	Capacities   CapacityService
	Mentorships  MentorshipService
	Training     TrainingService
	Clubs        WikiClubService
	Regions      RegionService
	Health       HealthChecker
	Passwords    PasswordHasher
	Clock        Clock
	// TwinStatements tells which sources state which twin links.
	TwinStatements TwinStatementService
}

// Clock tells the time; tests give a fixed one.
type Clock interface {
	Now() time.Time
}

// ClockFunc makes a function a Clock.
type ClockFunc func() time.Time

// Now returns f().
func (f ClockFunc) Now() time.Time { return f() }

// HealthChecker reports whether the storage answers, for /healthz.
type HealthChecker interface {
	// Ping returns an error when the storage cannot be reached.
	Ping(ctx context.Context) error
}

// AccountService keeps accounts, their sessions, API tokens and coordinator
// grants. Writes check the actor in ctx and are audited.
type AccountService interface {
	// CreateUser adds u (its PasswordHash already set) and returns it with
	// ID and Version. Returns ErrInvalid, ErrConflict for a taken name.
	CreateUser(ctx context.Context, u *User) (*User, error)
	// User returns the account with id. Returns ErrNotFound.
	User(ctx context.Context, id int64) (*User, error)
	// UserByName returns the account named name. Returns ErrNotFound.
	UserByName(ctx context.Context, name string) (*User, error)
	// Users lists every account by name.
	Users(ctx context.Context) ([]*User, error)
	// UsersByEmail lists the accounts whose email address is addr, compared
	// without regard to case, by name.
	UsersByEmail(ctx context.Context, addr string) ([]*User, error)
	// UpdateUser applies upd if version is current. Returns ErrNotFound,
	// ErrInvalid, ErrConflict for a stale version, ErrForbidden.
	UpdateUser(ctx context.Context, id, version int64, upd UserUpdate) (*User, error)
	// EndSessions ends every session of the account, revokes its API
	// tokens, and reports how many sessions ended.
	EndSessions(ctx context.Context, userID int64) (int, error)
	// Sessions lists the account's live sessions, most recently used first.
	Sessions(ctx context.Context, userID int64) ([]*Session, error)
	// EndSession ends session id of the account. Returns ErrNotFound.
	EndSession(ctx context.Context, userID, id int64) error
	// WikimediaUser returns the account tied to the Wikimedia account sub,
	// creating it on first sign-in.
	WikimediaUser(ctx context.Context, sub, username string) (*User, error)
	// Grant makes the account a coordinator of p. Returns ErrNotFound, ErrForbidden.
	Grant(ctx context.Context, userID int64, p PartyRef) error
	// Revoke takes back a grant. Returns ErrNotFound, ErrForbidden.
	Revoke(ctx context.Context, userID int64, p PartyRef) error
	// Coordinates lists the parties the account coordinates.
	Coordinates(ctx context.Context, userID int64) ([]PartyRef, error)
	// Actor returns the actor of u with its grants, for a request in scope.
	Actor(ctx context.Context, u *User, scope string) (*Actor, error)
	// CreateSession starts a session and returns its secret token.
	CreateSession(ctx context.Context, userID int64, maxAge time.Duration) (string, *Session, error)
	// Session returns the live session of tok and its account. Returns
	// ErrNotFound for an unknown, expired or idle session.
	Session(ctx context.Context, tok string, idle time.Duration) (*Session, *User, error)
	// DeleteSession ends the session of tok.
	DeleteSession(ctx context.Context, tok string) error
	// RecordSignIn audits that the account signed in, and how.
	RecordSignIn(ctx context.Context, userID int64, method string) error
	// CreateToken issues an API token and returns its secret.
	CreateToken(ctx context.Context, userID int64, name, scope string, expires time.Time) (string, *APIToken, error)
	// Token returns the live API token tok and its account. Returns ErrNotFound.
	Token(ctx context.Context, tok string) (*APIToken, *User, error)
	// Tokens lists the account's API tokens.
	Tokens(ctx context.Context, userID int64) ([]*APIToken, error)
	// RevokeToken revokes token id of the account (any account's asAdmin).
	RevokeToken(ctx context.Context, userID, id int64, asAdmin bool) error
	// Secret returns the site's secret key, creating it on first use.
	Secret(ctx context.Context) ([]byte, error)
}

// AuditEntry is one recorded change.
type AuditEntry struct {
	ID        int64           `json:"id"`
	At        time.Time       `json:"at"`
	ActorID   int64           `json:"actor_id"`
	ActorName string          `json:"actor"`
	Entity    string          `json:"entity"`
	EntityID  int64           `json:"entity_id"`
	Action    string          `json:"action"`
	Before    json.RawMessage `json:"before,omitempty"`
	After     json.RawMessage `json:"after,omitempty"`
}

// AuditService reads the audit log.
type AuditService interface {
	// AuditLog lists the entries for entity (all entities when empty) and
	// id (all ids when 0), newest first, at most limit.
	AuditLog(ctx context.Context, entity string, id int64, limit int) ([]*AuditEntry, error)
}

// DigestRecipient is an account that coordinates at least one party of a
// partnership, with the address its digest goes to.
type DigestRecipient struct {
	UserID   int64
	Username string
	Email    string
	Language string
	// Parties are the records the account holds an explicit coordinator grant on.
	Parties []PartyRef
}

// Coordinates reports whether the recipient holds a grant on p.
func (r *DigestRecipient) Coordinates(p PartyRef) bool {
	for _, x := range r.Parties {
		if x == p {
			return true
		}
	}
	return false
}

// DigestService keeps who gets the coordinators' digest and when it was sent.
type DigestService interface {
	// DigestRecipients lists the accounts a digest goes to, by user id.
	DigestRecipients(ctx context.Context) ([]*DigestRecipient, error)
	// DigestSentWithin reports whether a digest went to the account within period.
	DigestSentWithin(ctx context.Context, userID int64, period time.Duration) (bool, error)
	// ClaimDigest records that a digest goes to the account now, unless one
	// was sent within period (ok false). Concurrent claims cannot both win.
	ClaimDigest(ctx context.Context, userID int64, period time.Duration) (claimID int64, ok bool, err error)
	// ReleaseDigest forgets a claim whose message was not sent.
	ReleaseDigest(ctx context.Context, claimID int64) error
	// UnsubscribeToken returns the signed token of the account's unsubscribe link.
	UnsubscribeToken(ctx context.Context, userID int64) (string, error)
	// CheckUnsubscribeToken returns the account a token was made for.
	// Returns ErrInvalid for a malformed or forged token.
	CheckUnsubscribeToken(ctx context.Context, token string) (int64, error)
	// OptOutOfDigest records that the account wants no more digests. Returns ErrNotFound.
	OptOutOfDigest(ctx context.Context, userID int64) error
	// OptIntoDigest undoes OptOutOfDigest. Returns ErrNotFound.
	OptIntoDigest(ctx context.Context, userID int64) error
	// OptedOutOfDigest reports whether the account opted out.
	OptedOutOfDigest(ctx context.Context, userID int64) (bool, error)
}

// ReportService reads what the reports need besides the twin graph.
type ReportService interface {
	// ReportParties returns every party and partnership with its place.
	ReportParties(ctx context.Context) (*ReportParties, error)
	// DirectoryStamp returns a value that changes whenever a community,
	// institution, partner request or partnership changes, so that a
	// cached report can tell cheaply whether it is stale.
	DirectoryStamp(ctx context.Context) (string, error)
}
