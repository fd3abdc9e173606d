package http

import (
	"context"
	"html/template"
	"testing"
	"time"

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
	if assetByName == nil {
		t.Error("static assets not loaded")
	}
}

// regionsReports is a ReportService and PartnershipService with an empty
// directory, counting the reads.
type regionsReports struct {
	wikicities.PartnershipService
	reads int
}

func (r *regionsReports) ReportParties(context.Context) (*wikicities.ReportParties, error) {
	r.reads++
	return &wikicities.ReportParties{}, nil
}

func (r *regionsReports) DirectoryStamp(context.Context) (string, error) { return "1", nil }

func (r *regionsReports) HealthInputs(context.Context) ([]*wikicities.Partnership, []*wikicities.Activity, error) {
	return nil, nil, nil
}

func TestWarmPlacesTheCitiesInTheirRegions(t *testing.T) {
	g := twins.New([]*wikicities.City{{ID: 1, Name: "Munich", Country: "Germany", Lat: 48.14, Lng: 11.58, HasCoords: true}}, nil)
	rr := &regionsReports{}
	clock := wikicities.ClockFunc(func() time.Time { return time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC) })
	s := &Server{Services: wikicities.Services{Reports: rr, Partnerships: rr, Clock: clock}, Graph: g,
		pages: &pageTemplates{byLang: map[string]map[string]*template.Template{}}}
	s.regionData = &regionsData{s: s}
	if err := s.Warm(context.Background()); err != nil {
		t.Fatal(err)
	}
	if rr.reads != 1 || s.regionData.placement == nil || s.regionData.rep == nil {
		t.Fatalf("after Warm: %d directory reads, placement %v, report %v; want the region figures built once", rr.reads, s.regionData.placement != nil, s.regionData.rep != nil)
	}
	if _, err := s.regionData.get(context.Background()); err != nil || rr.reads != 1 {
		t.Errorf("the first city page read the directory again (%d reads, %v): Warm's figures were not kept", rr.reads, err)
	}
}
