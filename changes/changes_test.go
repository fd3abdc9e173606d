package changes_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"

	"github.com/wikicities/wikicities/changes"
)

// memLog is a change log in memory whose reads can be made to fail.
type memLog struct {
	mu   sync.Mutex
	cs   []changes.Change
	down bool
}

func (l *memLog) add(id int64, tables ...string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.cs = append(l.cs, changes.Change{ID: id, Tables: tables})
	slices.SortFunc(l.cs, func(a, b changes.Change) int { return int(a.ID - b.ID) })
}

func (l *memLog) Changes(_ context.Context, after int64, limit int) ([]changes.Change, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.down {
		return nil, errors.New("connection refused")
	}
	var out []changes.Change
	for _, c := range l.cs {
		if c.ID > after && len(out) < limit {
			out = append(out, c)
		}
	}
	return out, nil
}

func (l *memLog) LastChange(ctx context.Context) (int64, error) {
	cs, err := l.Changes(ctx, 0, 1<<30)
	if err != nil || len(cs) == 0 {
		return 0, err
	}
	return cs[len(cs)-1].ID, nil
}

func TestFollowerAppliesEachChangeOnceAndResyncsAfterAnOutage(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	log := &memLog{}
	log.add(1, "twin_links") // before Start: already in the state the caller loaded
	var applied []changes.Set
	f := &changes.Follower{Log: log, Every: 1 << 40, Apply: func(_ context.Context, s changes.Set) error {
		applied = append(applied, s)
		return nil
	}}
	if err := f.Start(ctx); err != nil {
		t.Fatal(err)
	}
	f.Step(ctx)
	if len(applied) != 0 {
		t.Fatalf("applied %v before any change", applied)
	}
	log.add(3, "communities")
	f.Step(ctx)
	// On PostgreSQL, a transaction with a smaller id may commit later.
	log.add(2, "twin_links", "cities")
	f.Step(ctx)
	f.Step(ctx)
	if len(applied) != 2 || !applied[0].Has("communities") || applied[0].Has("twin_links") || !applied[1].Has("twin_links") || applied[1].All {
		t.Fatalf("applied %+v, want communities, then twin_links once", applied)
	}
	log.down = true
	f.Step(ctx)
	log.down = false
	f.Step(ctx)
	if len(applied) != 3 || !applied[2].All {
		t.Fatalf("after an outage: applied %+v, want a full re-sync", applied)
	}
	f.Step(ctx)
	if len(applied) != 3 {
		t.Fatalf("applied again with nothing new: %+v", applied[3:])
	}
}

func TestFollowerRetriesAFailedApply(t *testing.T) {
	ctx := context.Background()
	log := &memLog{}
	fail := true
	var got []changes.Set
	f := &changes.Follower{Log: log, Apply: func(_ context.Context, s changes.Set) error {
		if fail {
			return errors.New("store busy")
		}
		got = append(got, s)
		return nil
	}}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	f.Every = 1 << 40
	if err := f.Start(ctx); err != nil {
		t.Fatal(err)
	}
	log.add(1, "cities")
	f.Step(ctx)
	fail = false
	f.Step(ctx)
	if len(got) != 1 || !got[0].Has("cities") {
		t.Fatalf("applied %+v, want the change once it could be", got)
	}
}
