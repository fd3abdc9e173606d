package http_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

// A resource is attached to an event through the API by its organisers:
// the answer lists where it is used; attaching it twice is 409, an unknown
// kind 422, an unknown event 404.
func TestResourceAttachAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newEventAPI(t, db)
		ev, res := eventAndResource(a)
		path := fmt.Sprintf("/api/v1/training/resources/%d/uses", res.ID)
		target := map[string]any{"kind": "event", "id": ev.ID}
		if code, _, b := a.do("member", "POST", path, target, ""); code != http.StatusForbidden {
			t.Errorf("a member who organises nothing: %d %s", code, b)
		}
		var got struct{ Uses []wikicities.ResourceUse }
		a.must(201, "coordA", "POST", path, target, "", &got)
		if len(got.Uses) != 1 || got.Uses[0].Target.Kind != wikicities.TargetEvent || got.Uses[0].Target.ID != ev.ID || got.Uses[0].Name != "Wikidata <workshop>" {
			t.Errorf("uses after attaching: %+v", got.Uses)
		}
		for _, c := range []struct {
			body any
			want int
		}{{target, http.StatusConflict}, {map[string]any{"kind": "banana", "id": ev.ID}, http.StatusUnprocessableEntity},
			{map[string]any{"kind": "event", "id": 987654}, http.StatusNotFound}} {
			if code, _, b := a.do("coordA", "POST", path, c.body, ""); code != c.want {
				t.Errorf("attach %v: %d %s, want %d", c.body, code, b, c.want)
			}
		}
		var shown wikicities.TrainingResource
		a.must(200, "anonymous", "GET", fmt.Sprintf("/api/v1/training/resources/%d", res.ID), nil, "", &shown)
		if shown.Uses != 1 {
			t.Errorf("uses counted: %d, want 1", shown.Uses)
		}
	})
}

// A wrong attachment is undone through the API by those who may attach
// there: the answer lists where the resource is used now (nowhere), the
// use it counted is taken back; a second time is 404, an unknown kind 422.
func TestResourceDetachAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newEventAPI(t, db)
		ev, res := eventAndResource(a)
		a.must(201, "coordA", "POST", fmt.Sprintf("/api/v1/training/resources/%d/uses", res.ID), map[string]any{"kind": "event", "id": ev.ID}, "", nil)
		path := fmt.Sprintf("/api/v1/training/resources/%d/uses/event/%d", res.ID, ev.ID)
		for who, want := range map[string]int{"anonymous": http.StatusUnauthorized, "member": http.StatusForbidden} {
			if code, _, b := a.do(who, "DELETE", path, nil, ""); code != want {
				t.Errorf("%s detaches: %d %s, want %d", who, code, b, want)
			}
		}
		var got struct{ Uses []wikicities.ResourceUse }
		a.must(200, "coordA", "DELETE", path, nil, "", &got)
		if got.Uses == nil || len(got.Uses) != 0 {
			t.Errorf("uses after detaching: %+v", got.Uses)
		}
		for p, want := range map[string]int{path: http.StatusNotFound,
			fmt.Sprintf("/api/v1/training/resources/%d/uses/banana/%d", res.ID, ev.ID): http.StatusUnprocessableEntity,
			fmt.Sprintf("/api/v1/training/resources/%d/uses/event/x", res.ID):          http.StatusUnprocessableEntity} {
			if code, _, b := a.do("coordA", "DELETE", p, nil, ""); code != want {
				t.Errorf("DELETE %s: %d %s, want %d", p, code, b, want)
			}
		}
		var shown wikicities.TrainingResource
		a.must(200, "anonymous", "GET", fmt.Sprintf("/api/v1/training/resources/%d", res.ID), nil, "", &shown)
		if shown.Uses != 0 {
			t.Errorf("uses counted after the detach: %d, want 0", shown.Uses)
		}
	})
}

// eventAndResource has coordA create an event of group A and a member add
// a toolkit to the library, through the API.
func eventAndResource(a *partnershipAPI) (wikicities.Event, wikicities.TrainingResource) {
	var ev wikicities.Event
	a.must(201, "coordA", "POST", "/api/v1/events", eventBody(a, 5, false, a.w.A), "", &ev)
	var res wikicities.TrainingResource
	a.must(201, "member", "POST", "/api/v1/training/resources",
		map[string]any{"title": "Edit-a-thon toolkit", "link": "https://meta.wikimedia.org/wiki/Edit-a-thon", "format": "toolkit"}, "", &res)
	return ev, res
}
