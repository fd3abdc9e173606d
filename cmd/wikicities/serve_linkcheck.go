package main

import (
	"context"
	"flag"
	"time"

	"golang.org/x/time/rate"

	"github.com/wikicities/wikicities/linkcheck"
)

// linkCheckSchedule is serve's scheduled check of the library's links: off
// (0) unless --check-links says how often, since it needs the network; at
// most one request per --check-links-pace.
type linkCheckSchedule struct {
	every, pace time.Duration
}

// register adds serve's flags of the schedule.
func (s *linkCheckSchedule) register(fs *flag.FlagSet) {
	if s.pace == 0 {
		s.pace = 2 * time.Second
	}
	fs.DurationVar(&s.every, "check-links", s.every, "check the training library's links this often, e.g. 24h, marking gone ones outdated (needs network access; 0: never)")
	fs.DurationVar(&s.pace, "check-links-pace", s.pace, "at most one link request per this interval")
}

// start runs the check every s.every until serve closes; each run is logged.
func (s *linkCheckSchedule) start(ctx context.Context, m *Main) {
	if s.every <= 0 {
		return
	}
	ctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	m.closers = append(m.closers, cancel)
	log := m.Log.With("job", "linkcheck")
	c := &linkcheck.Checker{Limiter: rate.NewLimiter(rate.Every(s.pace), 1), Now: m.DB.Now}
	go c.Every(ctx, s.every, m.DB.Training(), func(r linkcheck.Report, err error) {
		if err != nil {
			log.Warn("link check", "err", err)
			return
		}
		log.Info("link check", "checked", r.Checked, "alive", r.Alive, "gone", r.Gone, "unknown", r.Unknown)
	})
}
