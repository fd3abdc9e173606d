// Package changes keeps a server process's in-memory state (the twin graph,
// the matchmaking index, page caches) coherent with writes made by other
// processes over the same store: other server instances behind a load
// balancer, the CLI, imports.
//
// The store announces every committed write transaction in a change log (a
// table written in the same transaction, store/changes.go); a Follower
// polls it and hands what changed to Apply. Polling an indexed table was
// chosen over PostgreSQL's LISTEN/NOTIFY: one mechanism for both stores
// (SQLite has no NOTIFY, and the CLI must reach a running server there
// too), no dedicated connection to hold and re-establish, and no message
// lost while a connection is down: a follower that could not read the log
// re-syncs everything once it can, and one that fell behind the log's
// pruning does too. The cost is one index lookup per instance every Every
// (250 ms by default), well within the one second the instances have.
package changes

import (
	"context"
	"log/slog"
	"slices"
	"time"
)

// Change is one committed write: the tables it changed, and the store
// handle that made it.
type Change struct {
	ID     int64
	Tables []string
	Origin string
}

// Log is the store's change log as a follower reads it.
type Log interface {
	// Changes returns the changes after id, oldest first, at most limit.
	Changes(ctx context.Context, after int64, limit int) ([]Change, error)
	// LastChange returns the newest change's id (0 for none).
	LastChange(ctx context.Context) (int64, error)
}

// Set is what changed since the last Apply: the tables, or everything
// (All: at the start, after the log could not be read, or after a gap).
type Set struct {
	All    bool
	Tables map[string]bool
}

// Has reports whether any of tables changed.
func (s Set) Has(tables ...string) bool {
	if s.All {
		return true
	}
	return slices.ContainsFunc(tables, func(t string) bool { return s.Tables[t] })
}

// DefaultEvery is how often a Follower reads the log by default.
const DefaultEvery = 250 * time.Millisecond

// batch is how many changes one read takes; a follower further behind than
// that re-syncs everything rather than replaying.
const batch = 500

// overlap is how far below the newest id read each read starts again, for
// changes committed out of id order (see Follower.seen).
const overlap = 64

// Follower follows a Log and applies what changed.
type Follower struct {
	Log Log
	// Apply brings the process's state up to date with s. An error is
	// logged and the same changes are applied again at the next read.
	Apply func(ctx context.Context, s Set) error
	// Every is the time between two reads of the log (DefaultEvery when 0).
	Every time.Duration
	// Origin, when set, names the follower's own process's writes in the
	// log, which are skipped: the process applied them as it made them.
	Origin string
	Logger *slog.Logger

	last int64
	// seen holds the ids read within overlap of last: on PostgreSQL ids
	// are taken at insert and transactions commit in another order, so a
	// change with a smaller id than one already read may still appear.
	seen map[int64]bool
	// lost is set while the log cannot be read: the next successful read
	// re-syncs everything, since changes may have been missed meanwhile.
	lost bool
}

// Start reads the log's position (so that changes made before it are not
// replayed: the caller has just loaded its state) and follows it in the
// background until ctx ends.
func (f *Follower) Start(ctx context.Context) error {
	last, err := f.Log.LastChange(ctx)
	if err != nil {
		return err
	}
	recent, err := f.Log.Changes(ctx, max(last-overlap, 0), batch)
	if err != nil {
		return err
	}
	f.last, f.seen = last, map[int64]bool{}
	for _, c := range recent {
		f.seen[c.ID] = true
	}
	go f.run(ctx)
	return nil
}

func (f *Follower) run(ctx context.Context) {
	every := f.Every
	if every <= 0 {
		every = DefaultEvery
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			f.Step(ctx)
		}
	}
}

// Step reads the log once and applies what changed; Start's loop calls it
// every Every. A cache that checks the log before each use (the store's
// mentoring index) and tests call it directly, without Start.
func (f *Follower) Step(ctx context.Context) {
	cs, err := f.Log.Changes(ctx, max(f.last-overlap, 0), batch)
	if err != nil {
		if !f.lost && ctx.Err() == nil {
			f.logger().Warn("changes: cannot read the change log; will re-sync when it is back", "err", err)
		}
		f.lost = true
		return
	}
	if f.seen == nil {
		f.seen = map[int64]bool{}
	}
	full := len(cs) == batch
	fresh := cs[:0:0]
	for _, c := range cs {
		if !f.seen[c.ID] && (c.ID > f.last || f.last-c.ID < overlap) {
			if f.Origin != "" && c.Origin == f.Origin {
				f.seen[c.ID] = true
				f.last = max(f.last, c.ID)
				continue
			}
			fresh = append(fresh, c)
		}
	}
	s := Set{All: f.lost || full, Tables: map[string]bool{}}
	if !s.All && len(fresh) == 0 {
		return
	}
	for _, c := range fresh {
		for _, t := range c.Tables {
			s.Tables[t] = true
		}
	}
	if err := f.Apply(ctx, s); err != nil {
		f.logger().Warn("changes: applying failed; will try again", "err", err)
		return
	}
	for _, c := range fresh {
		f.seen[c.ID] = true
		f.last = max(f.last, c.ID)
	}
	for id := range f.seen {
		if id <= f.last-overlap {
			delete(f.seen, id)
		}
	}
	if full {
		if last, err := f.Log.LastChange(ctx); err == nil {
			f.last = last // everything was re-synced: skip the rest
		}
	}
	if f.lost {
		f.logger().Info("changes: the change log is back; re-synced everything")
	}
	f.lost = false
}

func (f *Follower) logger() *slog.Logger {
	if f.Logger != nil {
		return f.Logger
	}
	return slog.Default()
}
