package mediawiki_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/mediawiki"
	"github.com/wikicities/wikicities/mediawiki/wikitest"
)

func TestEditCreatesPageAndPageReadsItBack(t *testing.T) {
	w := wikitest.Require(t)
	c := w.Client(t, false)
	ctx := context.Background()
	title := wikitest.Title(t, "WikiCities test/Create")

	base, err := c.Page(ctx, title)
	if err != nil {
		t.Fatal(err)
	}
	if !base.Missing || base.RevID != 0 {
		t.Fatalf("a new title read as %+v, want missing", base)
	}
	res, err := c.Edit(ctx, mediawiki.Edit{Title: title, Text: "Hello, Meta.", Summary: "test", Base: base})
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.Page(ctx, title)
	if err != nil {
		t.Fatal(err)
	}
	if got.Missing || got.Text != "Hello, Meta." || got.RevID != res.NewRevID || got.RevID == 0 {
		t.Fatalf("read back %+v after edit %+v", got, res)
	}
	if got.Timestamp.IsZero() || got.StartTime.IsZero() {
		t.Errorf("timestamps not read: %+v", got)
	}

	// Saving the same text again changes nothing.
	res2, err := c.Edit(ctx, mediawiki.Edit{Title: title, Text: "Hello, Meta.", Summary: "test", Base: got})
	if err != nil {
		t.Fatal(err)
	}
	if !res2.NoChange {
		t.Errorf("a null edit was reported as %+v", res2)
	}
}

// Two edits made from the same base revision: the second is reported as an
// edit conflict and the page keeps the first, whoever made it (MediaWiki
// forgives self-conflicts when basetimestamp is sent; the client does not
// send it).
func TestEditFromStaleBaseIsAConflict(t *testing.T) {
	w := wikitest.Require(t)
	ctx := context.Background()
	admin := w.Client(t, false)
	for _, tc := range []struct {
		name  string
		first *mediawiki.Client
	}{
		{"same user", admin},
		{"other user", w.Client(t, true)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			title := wikitest.Title(t, "WikiCities test/Conflict")
			created := mustCreate(t, admin, title, "line one\nline two\n")
			base, err := admin.Page(ctx, title)
			if err != nil {
				t.Fatal(err)
			}
			if base.RevID != created {
				t.Fatalf("read revision %d, created %d", base.RevID, created)
			}
			if _, err := tc.first.Edit(ctx, mediawiki.Edit{Title: title, Text: "line one\nline two, first\n", Summary: "first", Base: base}); err != nil {
				t.Fatal(err)
			}
			_, err = admin.Edit(ctx, mediawiki.Edit{Title: title, Text: "line one\nline two, second\n", Summary: "second", Base: base})
			if !errors.Is(err, wikicities.ErrConflict) {
				t.Fatalf("second edit from the same base: err = %v, want an edit conflict", err)
			}
			now, err := admin.Page(ctx, title)
			if err != nil {
				t.Fatal(err)
			}
			if now.Text != "line one\nline two, first" {
				t.Errorf("page text is %q, want the first edit's", now.Text)
			}
		})
	}
}

func TestCreateWhenPageAppearedMeanwhileIsAConflict(t *testing.T) {
	w := wikitest.Require(t)
	ctx := context.Background()
	c := w.Client(t, false)
	title := wikitest.Title(t, "WikiCities test/Appeared")
	missing, err := c.Page(ctx, title)
	if err != nil {
		t.Fatal(err)
	}
	mustCreate(t, w.Client(t, true), title, "someone else's page")
	_, err = c.Edit(ctx, mediawiki.Edit{Title: title, Text: "mine", Base: missing})
	if !errors.Is(err, wikicities.ErrConflict) {
		t.Fatalf("creating over a page created meanwhile: err = %v, want a conflict", err)
	}
}

func TestLoginWithWrongPasswordIsUnauthorized(t *testing.T) {
	w := wikitest.Require(t)
	c, err := mediawiki.New(w.API)
	if err != nil {
		t.Fatal(err)
	}
	err = c.Login(context.Background(), w.User, "not-the-password")
	if !errors.Is(err, wikicities.ErrUnauthorized) {
		t.Fatalf("err = %v, want ErrUnauthorized", err)
	}
}

func TestEditWithoutLoginIsRefused(t *testing.T) {
	w := wikitest.Require(t)
	c, err := mediawiki.New(w.API)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	title := wikitest.Title(t, "WikiCities test/Anonymous")
	base, err := c.Page(ctx, title)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Edit(ctx, mediawiki.Edit{Title: title, Text: "x", Base: base})
	if !errors.Is(err, wikicities.ErrUnauthorized) && !errors.Is(err, wikicities.ErrForbidden) {
		t.Fatalf("anonymous edit: err = %v, want it refused", err)
	}
}

// A negative maxlag makes MediaWiki answer "maxlag" with Retry-After (the
// documented way to test a bot's handling of lag; a wiki without replicas
// reports a lag of -1, hence -2): the client retries the configured number
// of times, waiting what the wiki asked.
func TestMaxlagIsRetriedHonouringRetryAfter(t *testing.T) {
	w := wikitest.Require(t)
	c, err := mediawiki.New(w.API)
	if err != nil {
		t.Fatal(err)
	}
	c.MaxLag, c.Retries = -2, 3
	var mu sync.Mutex
	var waits []time.Duration
	c.Sleep = func(ctx context.Context, d time.Duration) error {
		mu.Lock()
		waits = append(waits, d)
		mu.Unlock()
		return nil
	}
	_, err = c.Page(context.Background(), "Main Page")
	var ae *mediawiki.APIError
	if !errors.As(err, &ae) || ae.Code != "maxlag" {
		t.Fatalf("err = %v, want the wiki's maxlag error after the retries", err)
	}
	if len(waits) != 3 {
		t.Fatalf("waited %d times (%v), want 3", len(waits), waits)
	}
	for _, d := range waits {
		if d != ae.RetryAfter || d < time.Second {
			t.Errorf("waited %v, the wiki asked for %v", d, ae.RetryAfter)
		}
	}
}

func TestParseWikitextUsesTheWikisParser(t *testing.T) {
	w := wikitest.Require(t)
	c, err := mediawiki.New(w.API)
	if err != nil {
		t.Fatal(err)
	}
	html, err := c.ParseWikitext(context.Background(), "Sandbox", "'''bold''' [[Munich]]")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(html, "<b>bold</b>") || !strings.Contains(html, "Munich") {
		t.Errorf("parse gave %q", html)
	}
}

func mustCreate(t *testing.T, c *mediawiki.Client, title, text string) int64 {
	t.Helper()
	ctx := context.Background()
	base, err := c.Page(ctx, title)
	if err != nil {
		t.Fatal(err)
	}
	res, err := c.Edit(ctx, mediawiki.Edit{Title: title, Text: text, Summary: "test set-up", Base: base})
	if err != nil {
		t.Fatal(err)
	}
	return res.NewRevID
}
