package http

import (
	"context"
	"html/template"
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/i18n"
	"github.com/wikicities/wikicities/twins"
)

// recruitCounter is a SuggestionService that counts the index's builds.
type recruitCounter struct {
	wikicities.SuggestionService
	calls int
}

func (r *recruitCounter) Recruit(context.Context, []int64) ([]wikicities.RecruitPlace, error) {
	r.calls++
	return nil, nil
}

func TestWarmPreparesWhatTheFirstReadersWouldWaitFor(t *testing.T) {
	g := twins.New([]*wikicities.City{{ID: 1, Name: "Lyon"}, {ID: 2, Name: "Birmingham"}}, []*wikicities.TwinLink{{A: 1, B: 2}})
	rc := &recruitCounter{}
	server := func(svc wikicities.Services) *Server {
		return &Server{Services: svc, Graph: g, pages: &pageTemplates{byLang: map[string]map[string]*template.Template{}}}
	}
	s := server(wikicities.Services{Suggestions: rc})
	if err := s.Warm(context.Background()); err != nil {
		t.Fatal(err)
	}
	if s.pages.byLang[i18n.Fallback] == nil {
		t.Error("templates of the default language not parsed")
	}
	if sum := s.summary.cur; sum == nil || sum.links != 1 {
		t.Errorf("graph summary %+v, want one computed with 1 link", sum)
	}
	if rc.calls != 1 {
		t.Errorf("matchmaking index asked %d times, want 1", rc.calls)
	}
	if err := server(wikicities.Services{}).Warm(context.Background()); err != nil {
		t.Errorf("without matchmaking: %v", err)
	}
}
