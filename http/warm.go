package http

import (
	"context"

	"github.com/wikicities/wikicities/i18n"
)

// Warm does at start what the first readers would otherwise wait for: it
// parses the pages' templates in the default language, summarises the
// graph for the home page and the maps, and has the matchmaking index built
// (the city pages' recruiting section). serve calls it before listening.
func (s *Server) Warm(ctx context.Context) error {
	if _, err := s.templates(i18n.Default().Printer(i18n.Fallback)); err != nil {
		return err
	}
	s.graphSummary()
	if s.Suggestions != nil {
		if _, err := s.Suggestions.Recruit(ctx, nil); err != nil {
			return err
		}
	}
	return nil
}
