// Package wikitest gives tests the private MediaWiki that
// scripts/mediawiki.sh starts (make test does): its api.php URL and two
// accounts with bot passwords. Outside CI, tests skip with a line saying how
// to start it; in CI (CI non-empty) a missing wiki fails them.
package wikitest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"testing"

	"github.com/wikicities/wikicities/mediawiki"
)

// Environment variables set by `eval "$(scripts/mediawiki.sh start)"`.
const (
	URLVar       = "WIKICITIES_TEST_MEDIAWIKI_URL"
	UserVar      = "WIKICITIES_TEST_MEDIAWIKI_USER"
	PasswordVar  = "WIKICITIES_TEST_MEDIAWIKI_PASSWORD"
	User2Var     = "WIKICITIES_TEST_MEDIAWIKI_USER2"
	Password2Var = "WIKICITIES_TEST_MEDIAWIKI_PASSWORD2"
)

// Wiki is the test wiki.
type Wiki struct {
	API              string
	User, Password   string // Admin's bot password
	User2, Password2 string // Editor's bot password
}

// Require returns the test wiki, skipping (or, in CI, failing) the test when
// it is not configured.
func Require(tb testing.TB) Wiki {
	tb.Helper()
	w := Wiki{
		API: os.Getenv(URLVar), User: os.Getenv(UserVar), Password: os.Getenv(PasswordVar),
		User2: os.Getenv(User2Var), Password2: os.Getenv(Password2Var),
	}
	if w.API == "" || w.User == "" || w.Password == "" {
		msg := URLVar + " (and its accounts) not set: start the test wiki with eval \"$(scripts/mediawiki.sh start)\" (make test does)"
		if os.Getenv("CI") != "" {
			tb.Fatal(msg)
		}
		tb.Skip(msg)
	}
	return w
}

// Client returns a client of the wiki signed in as Admin (second=false) or
// Editor (second=true).
func (w Wiki) Client(tb testing.TB, second bool) *mediawiki.Client {
	tb.Helper()
	c, err := mediawiki.New(w.API)
	if err != nil {
		tb.Fatal(err)
	}
	user, pw := w.User, w.Password
	if second {
		user, pw = w.User2, w.Password2
	}
	if err := c.Login(context.Background(), user, pw); err != nil {
		tb.Fatal(err)
	}
	return c
}

// Title returns a page title unique to this test run, so that runs can share
// one wiki.
func Title(tb testing.TB, prefix string) string {
	var b [6]byte
	rand.Read(b[:])
	return prefix + " " + hex.EncodeToString(b[:])
}
