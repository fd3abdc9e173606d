package http

import (
	"errors"
	"fmt"
	"net/http/httptest"
	"testing"

	"github.com/wikicities/wikicities"
)

// requireVersion takes the version from If-Match or the body; one of them is
// required (428), a malformed If-Match or a disagreement is ErrInvalid (422).
func TestRequireVersion(t *testing.T) {
	for _, c := range []struct {
		name    string
		ifMatch string
		body    int64
		want    int64
		err     error
	}{
		{name: "strong ETag", ifMatch: `"3"`, want: 3},
		// If-Match compares strongly: a weak ETag never matches (RFC 9110).
		{name: "weak ETag never matches", ifMatch: `W/"3"`, err: ErrPreconditionFailed},
		{name: "spaces around", ifMatch: ` "3" `, want: 3},
		{name: "body version alone", body: 4, want: 4},
		{name: "both agreeing", ifMatch: `"4"`, body: 4, want: 4},
		{name: "neither", err: ErrPreconditionRequired},
		{name: "both disagreeing", ifMatch: `"4"`, body: 5, err: wikicities.ErrInvalid},
		{name: "unquoted", ifMatch: `3`, err: wikicities.ErrInvalid},
		{name: "star names no version", ifMatch: `*`, err: wikicities.ErrInvalid},
		{name: "a list", ifMatch: `"3", "4"`, err: wikicities.ErrInvalid},
		{name: "zero", ifMatch: `"0"`, err: wikicities.ErrInvalid},
		{name: "negative", ifMatch: `"-2"`, err: wikicities.ErrInvalid},
		{name: "not a number", ifMatch: `"abc"`, err: wikicities.ErrInvalid},
		{name: "lone quote", ifMatch: `"`, err: wikicities.ErrInvalid},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := httptest.NewRequest("PUT", "/", nil)
			if c.ifMatch != "" {
				r.Header.Set("If-Match", c.ifMatch)
			}
			got, err := requireVersion(r, c.body)
			if c.err != nil {
				if !errors.Is(err, c.err) {
					t.Fatalf("requireVersion = %d, %v; want %v", got, err, c.err)
				}
				return
			}
			if err != nil || got != c.want {
				t.Fatalf("requireVersion = %d, %v; want %d", got, err, c.want)
			}
		})
	}
}

// A stale version is 412 by the error table alone, whichever record it is
// about and however wrapped; other conflicts stay 409. A write made with
// no version at all is 428.
func TestPreconditionErrorStatus(t *testing.T) {
	for _, c := range []struct {
		name string
		err  error
		want int
	}{
		{"directory stale version", &wikicities.StaleError{Entity: "community", ID: 1, Version: 1, Current: 2}, 412},
		{"partnership stale version", &wikicities.StaleError{Entity: "partnership", ID: 1, Version: 1}, 412},
		{"wrapped stale version", fmt.Errorf("saving: %w", &wikicities.StaleError{Entity: "user", ID: 1, Version: 1}), 412},
		{"other conflict", fmt.Errorf("%w: name taken", wikicities.ErrConflict), 409},
		{"not found", wikicities.ErrNotFound, 404},
	} {
		if got := ErrorStatus(c.err); got != c.want {
			t.Errorf("%s: status %d, want %d", c.name, got, c.want)
		}
		if got := ErrorStatus(versionError(c.err, 3)); got != c.want {
			t.Errorf("%s of a write at a version: status %d, want %d", c.name, got, c.want)
		}
	}
	if got := ErrorStatus(ErrPreconditionRequired); got != 428 {
		t.Errorf("ErrPreconditionRequired: status %d, want 428", got)
	}
	stale := &wikicities.StaleError{Entity: "community", ID: 1, Version: missingVersion, Current: 2}
	if got := ErrorStatus(versionError(stale, missingVersion)); got != 428 {
		t.Errorf("stale report of a write that named no version: status %d, want 428", got)
	}
}
