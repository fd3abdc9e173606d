package wikicities_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/wikicities/wikicities"
)

func TestValidateUsername(t *testing.T) {
	ok := []string{"Ada", "Tom & \"Jerry\"", "Пётр Ильич", "李小龍", "User_with.dots-and 'quotes'", "A/B"}
	bad := map[string]string{
		"":                        "required",
		" Ada":                    "space",
		"Ada ":                    "space",
		"a|b":                     `'|'`,
		"<script>":                `'<'`,
		"Ada\nBob":                `'\n'`,
		"a@b":                     `'@'`,
		strings.Repeat("x", 86):   "85",
		string([]byte{0xff, 'a'}): "UTF-8",
	}
	for _, n := range ok {
		if err := wikicities.ValidateUsername(n); err != nil {
			t.Errorf("ValidateUsername(%q) = %v", n, err)
		}
	}
	for n, want := range bad {
		err := wikicities.ValidateUsername(n)
		var fe *wikicities.FieldError
		if !errors.As(err, &fe) || fe.Field != "username" || !errors.Is(err, wikicities.ErrInvalid) || !strings.Contains(err.Error(), want) {
			t.Errorf("ValidateUsername(%q) = %v, want a username error mentioning %s", n, err, want)
		}
	}
}

func TestReadScopeCannotWrite(t *testing.T) {
	admin := &wikicities.Actor{UserID: 1, Role: wikicities.RoleAdmin, Scope: wikicities.ScopeRead}
	p := wikicities.PartyRef{Kind: wikicities.PartyCommunity, ID: 1}
	if err := admin.RequireCoordinator(p); !errors.Is(err, wikicities.ErrForbidden) {
		t.Fatalf("admin with a read token: %v, want ErrForbidden", err)
	}
	admin.Scope = wikicities.ScopeWrite
	if err := admin.RequireCoordinator(p); err != nil {
		t.Fatalf("admin with a write token: %v", err)
	}
}

// Names of old Wikimedia accounts break today's rules for new names; the
// wiki vouches for them, so only what cannot be stored is refused.
func TestValidateWikimediaUsername(t *testing.T) {
	for _, n := range []string{"Ada", "Old:Name", "x@y", "a=b"} {
		if err := wikicities.ValidateWikimediaUsername(n); err != nil {
			t.Errorf("ValidateWikimediaUsername(%q) = %v", n, err)
		}
	}
	for _, n := range []string{"", "a\x00b", strings.Repeat("x", 256), string([]byte{0xff})} {
		if err := wikicities.ValidateWikimediaUsername(n); !errors.Is(err, wikicities.ErrInvalid) {
			t.Errorf("ValidateWikimediaUsername(%q) = %v, want ErrInvalid", n, err)
		}
	}
}

func TestValidatePassword(t *testing.T) {
	for _, c := range []struct {
		pw, user string
		ok       bool
	}{
		{"ten chars!", "ada", true},
		{"nine char", "ada", false},
		{"éééééééééé", "ada", true}, // characters, not bytes
		{strings.Repeat("x", 1024), "ada", true},
		{strings.Repeat("x", 1025), "ada", false},
		{"Ada Lovelace", "ada lovelace", false},
	} {
		err := wikicities.ValidatePassword(c.pw, c.user)
		if (err == nil) != c.ok {
			t.Errorf("ValidatePassword(%q, %q) = %v, want ok %v", c.pw, c.user, err, c.ok)
		}
		if err != nil && !errors.Is(err, wikicities.ErrInvalid) {
			t.Errorf("ValidatePassword(%q): %v does not match ErrInvalid", c.pw, err)
		}
	}
}
