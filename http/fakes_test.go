package http_test

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/wikicities/wikicities"
	wchttp "github.com/wikicities/wikicities/http"
	"github.com/wikicities/wikicities/twins"
)

// Handlers over small fakes, where the database is not the point: every
// service a test does not give is a placeholder that fails the test when
// called.

// placeholders returns Services whose every service panics when called,
// and a fixed clock.
func placeholders() wikicities.Services {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	return wikicities.Services{
		Cities:       struct{ wikicities.CityService }{},
		Communities:  struct{ wikicities.CommunityService }{},
		Institutions: struct{ wikicities.InstitutionService }{},
		Skills:       struct{ wikicities.SkillService }{},
		Requests:     struct{ wikicities.RequestService }{},
		Partnerships: struct{ wikicities.PartnershipService }{},
		Accounts:     struct{ wikicities.AccountService }{},
		Audit:        struct{ wikicities.AuditService }{},
		Digests:      struct{ wikicities.DigestService }{},
		Reports:      struct{ wikicities.ReportService }{},
		Suggestions:  struct{ wikicities.SuggestionService }{},
		Health:       struct{ wikicities.HealthChecker }{},
		Passwords:    struct{ wikicities.PasswordHasher }{},
		Clock:        wikicities.ClockFunc(func() time.Time { return now }),
	}
}

type pingFunc func(context.Context) error

func (f pingFunc) Ping(ctx context.Context) error { return f(ctx) }

// /healthz answers 503 with Retry-After when the storage does not answer,
// and keeps the driver's words (which name the database) out of the answer.
func TestHealthWhenTheStorageDoesNotAnswer(t *testing.T) {
	svc := placeholders()
	svc.Health = pingFunc(func(context.Context) error {
		return errors.New("dial tcp 10.0.0.7:5432: user wikicities: connection refused")
	})
	s := wchttp.NewServer(svc, twins.New(nil, nil))
	s.Log = slog.New(slog.DiscardHandler)
	r := get(t, s, "/healthz")
	if r.code != 503 || r.head.Get("Retry-After") == "" {
		t.Errorf("status %d, Retry-After %q; want 503 with Retry-After", r.code, r.head.Get("Retry-After"))
	}
	if strings.Contains(r.body, "10.0.0.7") || strings.Contains(r.body, "wikicities") {
		t.Errorf("the answer shows the driver's error: %s", r.body)
	}
	svc.Health = pingFunc(func(context.Context) error { return nil })
	if r := get(t, wchttp.NewServer(svc, twins.New(nil, nil)), "/healthz"); r.code != 200 {
		t.Errorf("healthy storage: status %d", r.code)
	}
}

// suggestions is a SuggestionService answering from a fixed list.
type suggestions struct {
	wikicities.SuggestionService
	asked []int64 // community ids asked for
	limit int
	list  []wikicities.Suggestion
}

func (f *suggestions) Suggest(_ context.Context, id int64, limit int) ([]wikicities.Suggestion, error) {
	f.asked, f.limit = append(f.asked, id), limit
	if id != 7 {
		return nil, wikicities.ErrNotFound
	}
	return f.list[:min(limit, len(f.list))], nil
}

func (f *suggestions) Weights() wikicities.MatchWeights {
	return wikicities.MatchWeights{DirectTwin: 10, RadiusKm: 150}
}

// The suggestions API passes the community and the limit to the index and
// answers with its ranking and weights; an unknown community is a 404.
func TestSuggestionsAPIAnswersFromTheIndex(t *testing.T) {
	svc := placeholders()
	fake := &suggestions{list: []wikicities.Suggestion{
		{Kind: wikicities.SuggestCommunity, ID: 8, Name: "Edinburgh Wikimedians", CityID: 2, City: "Edinburgh, United Kingdom", Score: 10,
			Reasons: []wikicities.Reason{{Code: wikicities.ReasonTwinCity, Params: map[string]any{"city": "Edinburgh", "city_id": 2},
				Text: "based in Edinburgh, a twin city of Munich", Weight: 10}}},
		{Kind: wikicities.SuggestCity, ID: 3, Name: "Verona", CityID: 3, City: "Verona, Italy", Score: 3, Reasons: []wikicities.Reason{}},
	}}
	svc.Suggestions = fake
	s := wchttp.NewServer(svc, twins.New(nil, nil))

	r := get(t, s, "/api/v1/communities/7/suggestions?limit=1")
	if r.code != 200 {
		t.Fatalf("status %d: %s", r.code, r.body)
	}
	var body struct {
		CommunityID int64                   `json:"community_id"`
		Suggestions []wikicities.Suggestion `json:"suggestions"`
		Weights     wikicities.MatchWeights `json:"weights"`
	}
	if err := json.Unmarshal([]byte(r.body), &body); err != nil {
		t.Fatal(err)
	}
	if fake.limit != 1 || body.CommunityID != 7 || len(body.Suggestions) != 1 || body.Suggestions[0].Name != "Edinburgh Wikimedians" ||
		body.Weights.DirectTwin != 10 {
		t.Errorf("limit %d, answer %+v", fake.limit, body)
	}
	if r := get(t, s, "/api/v1/communities/9/suggestions"); r.code != 404 {
		t.Errorf("unknown community: status %d, want 404", r.code)
	}
	if fake.limit != 20 {
		t.Errorf("default limit %d, want 20", fake.limit)
	}
}
