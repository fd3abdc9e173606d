package http_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

// TestMentoringAPIAndItsAuthorization walks a mentorship through the API,
// checking every answer against the OpenAPI document and, at each step,
// that the wrong people are refused.
func TestMentoringAPIAndItsAuthorization(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newDirWorld(t, db)
		anna, bob := w.users["anna"], w.users["bob"]
		w.community("anna", "WikiMUC", "Munich", []string{"de", "en"}, nil, []string{"photography"})
		w.community("bob", "Edinburgh group", "Edinburgh", []string{"en"}, nil, nil)
		var vocab struct{ Capacities []wikicities.Capacity }
		if r := w.do("GET", "/api/v1/capacities", "", nil); r.code != 200 {
			t.Fatalf("vocabulary: %d %s", r.code, r.body)
		} else if r.json(t, &vocab); len(vocab.Capacities) < 20 {
			t.Fatalf("vocabulary of %d", len(vocab.Capacities))
		}
		bobCaps := fmt.Sprintf("/api/v1/capacities/person/%d", bob)
		offer := map[string]any{"available": []string{"content.photography"}, "mentee_limit": 2, "version": 1}
		unversioned := map[string]any{"available": []string{"content.photography"}}
		for _, c := range []struct {
			user string
			body any
			path string
			want int
		}{
			{"", offer, bobCaps, 401},
			{"anna", offer, bobCaps, 403},
			{"bob", map[string]any{"available": []string{"juggling"}}, bobCaps, 422},
			{"bob", offer, "/api/v1/capacities/robot/1", 422},
			{"root", offer, "/api/v1/capacities/person/9999", 404},
			// A save names the version it was based on (If-Match or the
			// version field): without one it is 428, from a stale read 412.
			{"bob", unversioned, bobCaps, 428},
			{"bob", offer, bobCaps, 200},
			{"bob", offer, bobCaps, 412},
			{"anna", map[string]any{"wanted": []string{"content.photography"}, "version": 1}, fmt.Sprintf("/api/v1/capacities/person/%d", anna), 200},
		} {
			if r := w.do("PUT", c.path, c.user, c.body); r.code != c.want {
				t.Errorf("PUT %s as %q: %d %s, want %d", c.path, c.user, r.code, r.body, c.want)
			}
		}
		var hc wikicities.HolderCapacities
		r := w.do("GET", bobCaps, "", nil)
		r.json(t, &hc)
		if len(hc.Available) != 1 || hc.MenteeLimit != 2 || hc.Version != 2 || r.hdr.Get("ETag") != `"2"` {
			t.Errorf("bob's capacities: %+v, ETag %q", hc, r.hdr.Get("ETag"))
		}
		var sugg struct{ Suggestions []wikicities.MentorSuggestion }
		w.do("GET", fmt.Sprintf("/api/v1/mentoring/person/%d/suggestions", anna), "", nil).json(t, &sugg)
		if len(sugg.Suggestions) != 1 || sugg.Suggestions[0].Mentor.ID != bob || !strings.Contains(fmt.Sprint(sugg.Suggestions[0].Reasons), "twin_city") {
			t.Fatalf("suggestions: %+v", sugg)
		}
		ask := map[string]any{"kind": "person", "mentor": bob, "mentee": anna, "capacity": "content.photography", "goals": "Photograph monuments"}
		if r := w.do("POST", "/api/v1/mentorships", "bob", ask); r.code != 403 {
			t.Errorf("asked by the mentor for the mentee: %d", r.code)
		}
		r = w.do("POST", "/api/v1/mentorships", "anna", ask)
		if r.code != 201 {
			t.Fatalf("request: %d %s", r.code, r.body)
		}
		var m wikicities.Mentorship
		r.json(t, &m)
		if r := w.do("POST", "/api/v1/mentorships", "anna", ask); r.code != 409 {
			t.Errorf("asked twice: %d", r.code)
		}
		base := fmt.Sprintf("/api/v1/mentorships/%d", m.ID)
		steps := []struct {
			user, path string
			body       any
			want       int
		}{
			{"anna", "/transitions", map[string]string{"action": "accept"}, 403},
			{"", "/transitions", map[string]string{"action": "accept"}, 401},
			{"root", "/transitions", map[string]string{"action": "fly"}, 422},
			{"bob", "/transitions", map[string]string{"action": "accept"}, 200},
			{"anna", "/check-ins", map[string]string{"note": "too early"}, 409},
			{"anna", "/transitions", map[string]string{"action": "start"}, 200},
			{"anna", "/check-ins", map[string]string{"note": ""}, 422},
			{"anna", "/check-ins", map[string]string{"note": "first walk: 40 photos"}, 201},
		}
		for _, s := range steps {
			if r := w.do("POST", base+s.path, s.user, s.body); r.code != s.want {
				t.Errorf("POST %s%s as %q: %d %s, want %d", base, s.path, s.user, r.code, r.body, s.want)
			}
		}
		w.do("GET", base, "", nil).json(t, &m)
		if m.State != wikicities.MentorshipActive || len(m.CheckIns) != 1 || m.EndsAt.IsZero() {
			t.Errorf("mentorship: %+v", m)
		}
		if r := w.do("GET", "/api/v1/mentorships/999", "", nil); r.code != 404 {
			t.Errorf("unknown mentorship: %d", r.code)
		}
		var list struct{ Mentorships []wikicities.Mentorship }
		w.do("GET", fmt.Sprintf("/api/v1/mentoring/person/%d/mentorships", bob), "", nil).json(t, &list)
		if len(list.Mentorships) != 1 {
			t.Errorf("bob's mentorships: %+v", list)
		}
	})
}

func TestTrainingAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newDirWorld(t, db)
		id := w.community("anna", "WikiMUC", "Munich", []string{"de"}, nil, []string{"photography"})
		ctx := storetest.As(t.Context(), wikicities.System)
		if _, _, err := db.Training().ImportResources(ctx, []wikicities.TrainingResource{
			{Source: "x:1", Title: "Photographing <b>monuments</b>", Link: "https://example.org/1", Languages: []string{"en", "de"}, Skill: "photography", Format: wikicities.FormatToolkit},
		}); err != nil {
			t.Fatal(err)
		}
		var lib struct{ Resources []wikicities.TrainingResource }
		w.do("GET", "/api/v1/training/resources?language=de", "", nil).json(t, &lib)
		if len(lib.Resources) != 1 || lib.Resources[0].Title != "Photographing <b>monuments</b>" {
			t.Fatalf("library: %+v", lib)
		}
		var recs struct {
			Recommendations []wikicities.ResourceRecommendation
		}
		w.do("GET", fmt.Sprintf("/api/v1/communities/%d/training-recommendations", id), "", nil).json(t, &recs)
		if len(recs.Recommendations) != 1 || recs.Recommendations[0].Reasons[0].Code != "wanted_skill" {
			t.Errorf("recommendations: %+v", recs)
		}
		if r := w.do("GET", "/api/v1/communities/999/training-recommendations", "", nil); r.code != 404 {
			t.Errorf("unknown community: %d", r.code)
		}
	})
}
