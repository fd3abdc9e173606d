package main

import (
	"context"
	"flag"
	"sync"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/store"
)

// affiliateRefresh is serve's schedule of affiliates imports: off (0)
// unless --refresh-affiliates says how often, since it needs the network
// (Meta-Wiki and the query service, or the addresses given).
type affiliateRefresh struct {
	every time.Duration
	src   affiliateFlags
}

// register adds serve's flags of the schedule.
func (r *affiliateRefresh) register(fs *flag.FlagSet) {
	fs.DurationVar(&r.every, "refresh-affiliates", r.every, "import the movement's affiliate lists at start and then this often, e.g. 24h (needs network access; 0: never)")
	r.src.register(fs, "affiliates-")
}

// start runs the import now and then every r.every, until serve closes.
// A failed import is logged and tried again at the next tick; the demo
// data and earlier imports stay as they are.
func (r *affiliateRefresh) start(ctx context.Context, m *Main) error {
	if r.every <= 0 {
		return nil
	}
	src, err := r.src.source()
	if err != nil {
		return err
	}
	jobCtx, cancel := context.WithCancel(wikicities.NewContext(context.WithoutCancel(ctx), wikicities.System))
	log := m.Log.With("job", "affiliates")
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(r.every)
		defer t.Stop()
		for {
			rep, _, err := importAffiliates(jobCtx, m.DB, src, store.AffiliateImport{})
			switch {
			case err != nil && jobCtx.Err() == nil:
				log.Error("affiliates import failed", "err", err)
			case err == nil:
				log.Info("affiliates imported", "provenance", rep.Provenance, "added", rep.Added, "updated", rep.Updated,
					"dissolved", rep.Dissolved, "unchanged", rep.Unchanged, "probable", rep.Probable, "skipped", rep.Skipped)
			}
			select {
			case <-jobCtx.Done():
				return
			case <-t.C:
			}
		}
	})
	m.closers = append(m.closers, func() { cancel(); wg.Wait() })
	return nil
}
