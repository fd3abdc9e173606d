package store

import (
	"context"
	"time"

	"github.com/wikicities/wikicities"
)

// ReadRetries is how often a read that failed because the database was
// unavailable (wikicities.Unavailable) is tried again, with a backoff
// doubling from ReadRetryBackoff: about 0.7 s in all, enough to ride out a
// dropped connection or a fast restart without holding a request long.
// Writes are never retried here: the caller cannot know whether a commit
// whose answer was lost took effect.
var (
	ReadRetries      = 3
	ReadRetryBackoff = 100 * time.Millisecond
)

// readRetrying runs the idempotent read fn, again after a backoff while it
// fails with an outage, at most ReadRetries times more.
func readRetrying(ctx context.Context, fn func() error) error {
	wait := ReadRetryBackoff
	for attempt := 0; ; attempt++ {
		err := fn()
		if err == nil || attempt >= ReadRetries || !wikicities.Unavailable(err) {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(wait):
		}
		wait *= 2
	}
}
