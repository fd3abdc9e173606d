package wikicities

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// A claim is a signed-in person asking to coordinate a community or an
// institution listed in the directory. Coordinating is what lets someone
// answer proposals, write to partners and log activities for the group, so
// nobody gets it by asking alone:
//
//   - a group that has coordinators: one of them (by explicit grant) or a
//     site admin approves or declines the claim;
//   - a group nobody coordinates: the claim is confirmed by a check the
//     Wikimedia movement already trusts, done on Meta-Wiki through the
//     MediaWiki API (ClaimVerifier): the claimant's Wikimedia username is
//     named on the group's Meta-Wiki page (MentionsUser), and the
//     Wikimedia account is the claimant's, either because they signed in
//     with it or because its user page carries the claim's one-time code in
//     a revision that account made. A site admin may still approve.
//
// A pending claim grants nothing: it neither shows the group's private
// details nor lets the claimant act for it.

// ClaimState is where a claim stands.
type ClaimState string

// Claim states.
const (
	ClaimPending   ClaimState = "pending"
	ClaimApproved  ClaimState = "approved"
	ClaimDeclined  ClaimState = "declined"
	ClaimWithdrawn ClaimState = "withdrawn"
)

// ClaimMethod says how a claim was decided.
type ClaimMethod string

// Claim methods.
const (
	ClaimByCoordinator ClaimMethod = "coordinator" // an existing coordinator decided
	ClaimByAdmin       ClaimMethod = "admin"       // a site admin decided
	ClaimByMetaWiki    ClaimMethod = "meta_wiki"   // confirmed on Meta-Wiki (ClaimVerifier)
)

// Claim is a request to coordinate a community or an institution.
type Claim struct {
	ID       int64  `json:"id"`
	UserID   int64  `json:"user_id"`
	Username string `json:"username"` // filled in on reads
	Party    Party  `json:"party"`    // with its name, filled in on reads
	Message  string `json:"message"`
	// WikimediaUsername is the Wikimedia account the claimant says is
	// theirs, checked on Meta-Wiki when the group has no coordinator.
	WikimediaUsername string `json:"wikimedia_username,omitempty"`
	// Code is the one-time code a claimant without a Wikimedia sign-in puts
	// on their Meta-Wiki user page; shown to the claimant only.
	Code      string      `json:"-"`
	State     ClaimState  `json:"state"`
	Method    ClaimMethod `json:"method,omitempty"`
	DecidedBy string      `json:"decided_by,omitempty"` // a username, or "wikicities" for a check on Meta-Wiki
	Note      string      `json:"note,omitempty"`
	DecidedAt time.Time   `json:"decided_at,omitzero"`
	CreatedAt time.Time   `json:"created_at"`
	UpdatedAt time.Time   `json:"updated_at"`
	Version   int64       `json:"version"`
}

// Validate checks a new claim's party, message and Wikimedia username.
func (c *Claim) Validate() error {
	var v ValidationErrors
	if c.Party.Kind != PartyCommunity && c.Party.Kind != PartyInstitution {
		v.Add("party.kind", "must be community or institution, not %q", c.Party.Kind).Because(ProblemNotAllowed, c.Party.Kind)
	}
	if c.Party.ID <= 0 {
		v.Add("party.id", "is missing").Because(ProblemRequired)
	}
	if len(c.Message) > 2000 {
		v.Add("message", "is longer than 2000 bytes").Because(ProblemTooLong, 2000)
	}
	if c.WikimediaUsername != "" {
		if err := ValidateWikimediaUsername(c.WikimediaUsername); err != nil {
			v.Add("wikimedia_username", "%q is not a Wikimedia username", c.WikimediaUsername).Because(ProblemNotAllowed, c.WikimediaUsername)
		}
	}
	return v.Err()
}

// ClaimFilter narrows a list of claims.
type ClaimFilter struct {
	Party  *PartyRef    // claims on this group
	UserID int64        // claims by this account
	States []ClaimState // any of these states; all when empty
	// Approver lists the pending claims the actor of ctx may decide: on
	// groups they coordinate by explicit grant (all groups for an admin).
	Approver bool
}

// ClaimEvidence is what a check on Meta-Wiki found, kept with the claim.
type ClaimEvidence struct {
	MetaPage  string `json:"meta_page"`
	MetaRevID int64  `json:"meta_revid"`
	// UserPage and UserRevID are the user page revision carrying the code
	// (empty for a claimant signed in with Wikimedia).
	UserPage  string `json:"user_page,omitempty"`
	UserRevID int64  `json:"user_revid,omitempty"`
}

// VerificationError says why a check on Meta-Wiki did not confirm a claim.
// It matches ErrInvalid.
type VerificationError struct {
	// Problem is one of the Verify* codes.
	Problem string
	Page    string // the page that was read
	Detail  string // English
}

// Verification problems.
const (
	VerifyNoMetaPage   = "no_meta_page"   // the group has no Meta-Wiki page on record
	VerifyMetaMissing  = "meta_missing"   // the Meta-Wiki page does not exist
	VerifyNotNamed     = "not_named"      // the page does not name the Wikimedia username
	VerifyNoUsername   = "no_username"    // the claim names no Wikimedia username
	VerifyCodeMissing  = "code_missing"   // the user page does not carry the code
	VerifyCodeNotByOwn = "code_not_owner" // the code was placed by another account
)

func (e *VerificationError) Error() string {
	return fmt.Sprintf("verification: %s: %s", e.Page, e.Detail)
}

// Is reports whether target is ErrInvalid.
func (e *VerificationError) Is(target error) bool { return target == ErrInvalid }

// ClaimVerifier checks a claim on Meta-Wiki (see the comment on claims).
type ClaimVerifier interface {
	// Verify confirms that c.WikimediaUsername is named on metaPage and,
	// unless signedInWithWikimedia, that the user page of that account
	// carries c.Code in a revision the account made. Returns
	// *VerificationError (ErrInvalid) saying what is missing, or an error
	// reaching the wiki.
	Verify(ctx context.Context, c *Claim, metaPage string, signedInWithWikimedia bool) (ClaimEvidence, error)
}

// ClaimService stores claims and turns approved ones into coordinator grants.
type ClaimService interface {
	// RequestClaim records c (pending) for the signed-in actor and sets its
	// ID, Code and times. Returns ErrInvalid, ErrNotFound for an unknown
	// group, ErrConflict if the actor already coordinates it or has a
	// pending claim on it, ErrUnauthorized.
	RequestClaim(ctx context.Context, c *Claim) error
	// Claim returns claim id, to its claimant, the group's coordinators and
	// admins. Returns ErrNotFound, ErrForbidden.
	Claim(ctx context.Context, id int64) (*Claim, error)
	// Claims lists claims matching f that the actor may see, newest first.
	Claims(ctx context.Context, f ClaimFilter) ([]*Claim, error)
	// DecideClaim approves (granting coordination) or declines a pending
	// claim, as a coordinator of the group by explicit grant or an admin.
	// Returns ErrForbidden, ErrConflict for a claim no longer pending,
	// *StaleError.
	DecideClaim(ctx context.Context, id, version int64, approve bool, note string) (*Claim, error)
	// ConfirmClaim approves the actor's own pending claim on a group nobody
	// coordinates, after a ClaimVerifier found ev. Returns ErrForbidden for
	// someone else's claim, ErrConflict when the group has a coordinator
	// meanwhile (they decide) or the claim is not pending.
	ConfirmClaim(ctx context.Context, id int64, ev ClaimEvidence) (*Claim, error)
	// WithdrawClaim withdraws the actor's own pending claim.
	WithdrawClaim(ctx context.Context, id int64) (*Claim, error)
	// CoordinatorCounts returns how many accounts coordinate each of refs
	// (absent: none).
	CoordinatorCounts(ctx context.Context, refs []PartyRef) (map[PartyRef]int, error)
}

// CanDecideClaim reports whether a may approve or decline c: a coordinator
// of c's group by explicit grant, or an admin; never the claimant alone.
func CanDecideClaim(a *Actor, c *Claim) bool {
	if a == nil || !a.CanWrite() {
		return false
	}
	if a.IsAdmin() {
		return true
	}
	return a.UserID != c.UserID && hasGrant(a, c.Party.Ref())
}

// userLink matches the ways wikitext names an account: [[User:Name]],
// [[m:User:Name|...]], [[User talk:Name]], {{user|Name}}, {{u|Name}},
// Special:Contributions/Name, in any language prefix or case of the
// namespace.
var userLink = regexp.MustCompile(`(?i)(?:\[\[\s*:?(?:[a-z-]+\s*:\s*)*(?:user|user[ _]talk|benutzer|benutzerin|benutzer[ _]diskussion|مستخدم|مستخدمة|نقاش[ _]المستخدم)\s*:\s*([^|\]/#]+)|\{\{\s*(?:user|u|ping|noping|user0|userlinks)\s*\|\s*([^|}]+)|special\s*:\s*contributions\s*/\s*([^|\]\s]+))`)

// MentionsUser reports whether wikitext names the account username as a
// link to its user page, user talk page or contributions, or in a {{user}}
// template, comparing as MediaWiki does (spaces and underscores alike, the
// first letter in any case).
func MentionsUser(wikitext, username string) bool {
	want := normalizeUsername(username)
	if want == "" {
		return false
	}
	for _, m := range userLink.FindAllStringSubmatch(wikitext, -1) {
		for _, g := range m[1:] {
			if g != "" && normalizeUsername(g) == want {
				return true
			}
		}
	}
	return false
}

// normalizeUsername turns a username as written in wikitext into MediaWiki's
// canonical form: underscores as spaces, runs of spaces collapsed, the first
// letter upper-case.
func normalizeUsername(s string) string {
	s = strings.Join(strings.Fields(strings.ReplaceAll(s, "_", " ")), " ")
	if s == "" {
		return ""
	}
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}
