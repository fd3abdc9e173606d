package wikicities

import (
	"net/mail"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// User is an account: either a Wikimedia account (signed in through OAuth,
// no password stored) or a local account with an Argon2id password hash.
type User struct {
	ID        int64     `json:"id"`
	Username  string    `json:"username"`
	Email     string    `json:"email,omitempty"`
	Role      Role      `json:"role"`
	Wikimedia bool      `json:"wikimedia"`
	Disabled  bool      `json:"disabled"`
	Language  string    `json:"language,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	Version   int64     `json:"version"`
	// PasswordHash is the PHC string of a local account's password; never
	// shown.
	PasswordHash string `json:"-"`
	// WikimediaSub is the stable account id the Wikimedia OAuth profile
	// gives ("sub"); it survives renames.
	WikimediaSub string `json:"-"`
}

// UserUpdate changes some fields of a user; nil fields are left alone.
type UserUpdate struct {
	Role         *Role   `json:"role,omitempty"`
	Disabled     *bool   `json:"disabled,omitempty"`
	Email        *string `json:"email,omitempty"`
	Language     *string `json:"language,omitempty"`
	PasswordHash *string `json:"-"`
}

// Token scopes: a read token may only read; a write token acts with its
// owner's full rights.
const (
	ScopeRead  = "read"
	ScopeWrite = "write"
)

// APIToken describes a bearer token for scripts. The token itself is shown
// once, at creation; only its SHA-256 is stored.
type APIToken struct {
	ID         int64     `json:"id"`
	UserID     int64     `json:"user_id"`
	Name       string    `json:"name"`
	Prefix     string    `json:"prefix"`
	Scope      string    `json:"scope"`
	CreatedAt  time.Time `json:"created_at"`
	LastUsedAt time.Time `json:"last_used_at,omitzero"`
	ExpiresAt  time.Time `json:"expires_at,omitzero"`
	RevokedAt  time.Time `json:"revoked_at,omitzero"`
}

// Session is a signed-in browser. Its token lives in a cookie; the store
// keeps only its SHA-256.
type Session struct {
	ID         int64
	UserID     int64
	CSRFToken  string
	CreatedAt  time.Time
	LastSeenAt time.Time
	// ExpiresAt is the absolute end, however active the session is.
	ExpiresAt time.Time
}

// ValidRole reports whether r is a site-wide role.
func ValidRole(r Role) bool { return r == RoleMember || r == RoleAdmin }

// ValidateUsername returns a FieldError (field "username") unless name is a
// good name for a new local account: 1 to 85 characters, no leading or
// trailing space, no control characters, none of the characters MediaWiki
// refuses in new usernames (# < > [ ] | { } @ : =). Wikimedia sign-ins are
// checked by ValidateWikimediaUsername instead: the wiki's word is final.
func ValidateUsername(name string) error {
	switch {
	case name == "":
		return Invalidf("username", "is required")
	case !utf8.ValidString(name):
		return Invalidf("username", "is not valid UTF-8")
	case utf8.RuneCountInString(name) > 85:
		return Invalidf("username", "is longer than 85 characters")
	case strings.TrimSpace(name) != name:
		return Invalidf("username", "begins or ends with a space")
	}
	for _, r := range name {
		if unicode.IsControl(r) || strings.ContainsRune("#<>[]|{}@:=", r) {
			return Invalidf("username", "contains %q, which usernames may not", r)
		}
	}
	return nil
}

// Password rules of local accounts, the same for sign-up, a change of
// password and the CLI.
const (
	MinPasswordChars = 10   // characters (runes)
	MaxPasswordBytes = 1024 // bytes: hashing is costly enough without a huge input
)

// ValidatePassword returns a FieldError (field "password") unless pw is a
// good password for the account username: at least MinPasswordChars
// characters, at most MaxPasswordBytes bytes, and not the username itself.
func ValidatePassword(pw, username string) error {
	switch n := utf8.RuneCountInString(pw); {
	case n < MinPasswordChars:
		return Invalidf("password", "must be at least %d characters long", MinPasswordChars)
	case len(pw) > MaxPasswordBytes:
		return Invalidf("password", "must be at most %d bytes long", MaxPasswordBytes)
	case strings.EqualFold(pw, username):
		return Invalidf("password", "must not be the username")
	}
	return nil
}

// PasswordHasher hashes and checks the passwords of local accounts;
// package password implements it.
type PasswordHasher interface {
	// Hash returns the encoded hash of pw with a fresh salt.
	Hash(pw string) (string, error)
	// Verify returns nil if pw matches the encoded hash, an error otherwise.
	Verify(pw, encoded string) error
	// NeedsRehash reports whether encoded was made with other costs than
	// the hasher's, so that a successful sign-in can upgrade it.
	NeedsRehash(encoded string) bool
}

// ValidateWikimediaUsername returns a FieldError unless name, given by a
// Wikimedia wiki's OAuth profile, can be stored and shown: valid UTF-8,
// 1 to 255 bytes, no control characters. Old accounts predate today's rules
// for new names, so no more is asked.
func ValidateWikimediaUsername(name string) error {
	switch {
	case name == "":
		return Invalidf("username", "is empty")
	case !utf8.ValidString(name):
		return Invalidf("username", "is not valid UTF-8")
	case len(name) > 255:
		return Invalidf("username", "is longer than 255 bytes")
	}
	for _, r := range name {
		if unicode.IsControl(r) {
			return Invalidf("username", "contains the control character %q", r)
		}
	}
	return nil
}

// ValidateEmail checks an email address typed for an account: one bare
// address (no display name), at most 254 bytes, with a dot in its domain.
// Returns a FieldError for "email".
func ValidateEmail(addr string) error {
	var v ValidationErrors
	a, err := mail.ParseAddress(addr)
	switch {
	case len(addr) > 254:
		v.Add("email", "is longer than 254 bytes").Because(ProblemTooLong, 254)
	case err != nil || a.Name != "" || a.Address != addr || !strings.Contains(addr[strings.LastIndexByte(addr, '@')+1:], "."):
		v.Add("email", "%q is not an email address such as name@example.org", addr).Because(ProblemEmail, addr)
	}
	if len(v) == 0 {
		return nil
	}
	return v[0]
}
