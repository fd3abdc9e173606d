package wikicities_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/wikicities/wikicities"
)

func TestStaleErrorIsAConflictAndSaysTheVersions(t *testing.T) {
	for _, c := range []struct {
		err  *wikicities.StaleError
		want string
	}{
		{&wikicities.StaleError{Entity: "community", ID: 3, Version: 1, Current: 2},
			"community 3 is at version 2, not 1: someone changed it meanwhile; reload and try again"},
		{&wikicities.StaleError{Entity: "partnership", ID: 4, Version: 5},
			"partnership 4 was changed by someone else since version 5; reload and try again"},
	} {
		wrapped := fmt.Errorf("saving: %w", c.err)
		if !errors.Is(wrapped, wikicities.ErrStale) || !errors.Is(wrapped, wikicities.ErrConflict) || errors.Is(wrapped, wikicities.ErrNotFound) {
			t.Errorf("%v: want it to match ErrStale and ErrConflict only", c.err)
		}
		if c.err.Error() != c.want {
			t.Errorf("Error() = %q, want %q", c.err.Error(), c.want)
		}
	}
	if errors.Is(fmt.Errorf("%w: name taken", wikicities.ErrConflict), wikicities.ErrStale) {
		t.Error("any conflict matches ErrStale")
	}
}
