package http

import (
	"context"

	"github.com/wikicities/wikicities/geo/admin1"
	"github.com/wikicities/wikicities/i18n"
)

// Warm does at start what the first readers would otherwise wait for: it
// parses the pages' templates in the default language, hashes and
// compresses the static assets, summarises the graph for the home page and
// the maps, reads the embedded provinces (admin1, some 10 MB decoded, which
// the city and report pages consult), places the cities in their regions
// (the city pages' region section, some 10 MB), and has the matchmaking
// index built (the city pages' recruiting section). serve calls it before
// listening, so that the memory of a started server is what it keeps.
func (s *Server) Warm(ctx context.Context) error {
	if _, err := s.templates(i18n.Default().Printer(i18n.Fallback)); err != nil {
		return err
	}
	assetsOnce.Do(loadAssets)
	s.graphSummary()
	if _, err := admin1.Default(); err != nil { // the world's provinces, which city and report pages link by
		return err
	}
	if s.regionData != nil && s.Reports != nil {
		if _, err := s.regionData.get(ctx); err != nil {
			return err
		}
	}
	if s.Suggestions != nil {
		if _, err := s.Suggestions.Recruit(ctx, nil); err != nil {
			return err
		}
	}
	return nil
}
