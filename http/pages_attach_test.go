package http_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

// attachWorld is what the attach forms act on: a library resource, and an
// event, a campaign and a partnership that B's coordinator may attach it to
// (B organises the event, its coordinator owns the campaign, B is a party
// of the partnership).
type attachWorld struct {
	Resource *wikicities.TrainingResource
	Event    int64
	Campaign int64
	Partner  int64
}

// pages are the pages of the world's records, each with its form's route.
func (aw attachWorld) pages() []string {
	return []string{fmt.Sprintf("/events/%d", aw.Event), fmt.Sprintf("/campaigns/%d", aw.Campaign), fmt.Sprintf("/partnerships/%d", aw.Partner)}
}

func newAttachWorld(t *testing.T, ps *partnersSite, n int) attachWorld {
	t.Helper()
	ctx := context.Background()
	r := &wikicities.TrainingResource{Title: fmt.Sprintf("Edit-a-thon <toolkit> %d", n), Link: "https://meta.wikimedia.org/wiki/Edit-a-thon",
		Languages: []string{"en"}, Format: wikicities.FormatToolkit, Topic: "Events"}
	if err := ps.db.Training().AddResource(storetest.As(ctx, ps.Member), r); err != nil {
		t.Fatal(err)
	}
	var aw attachWorld
	aw.Resource = r
	aw.Event = location(t, ps.post(t, ps.CoordB, "/events", workshopForm(ps.B.ID, 2)), "/events/")
	c := &wikicities.Campaign{Name: fmt.Sprintf("Wiki Loves Libraries %d", n)}
	if err := ps.db.Campaigns().CreateCampaign(storetest.As(ctx, ps.CoordB), c); err != nil {
		t.Fatal(err)
	}
	aw.Campaign = c.ID
	p := &wikicities.Partnership{A: ps.A, B: ps.B, Type: "twinning", Level: "local"}
	if err := ps.db.Partnerships().Propose(storetest.As(ctx, ps.CoordA), p, ""); err != nil {
		t.Fatal(err)
	}
	aw.Partner = p.ID
	return aw
}

// A library resource is attached from the pages of an event, a campaign
// and a partnership: the form shows only to whom it works, a missing or
// unknown choice is said under the field, success is said at the top and
// the resource is listed on the page and where the resource says it is
// used.
func TestAttachResourceFromPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		aw := newAttachWorld(t, ps, 1)
		rid := fmt.Sprint(aw.Resource.ID)
		for _, page := range aw.pages() {
			action := page + "/resources"
			for _, a := range []*wikicities.Actor{nil, ps.Member, ps.CoordC} {
				body := ps.get(t, a, page).body
				mustNotContain(t, page+" for a reader who may not attach", body, action, "Training materials")
			}
			form := ps.get(t, ps.CoordB, page).body
			mustContain(t, page+" for B's coordinator", form, `action="`+action+`"`, "Training materials", "Attach a resource from the library",
				`<option value="`+rid+`">Edit-a-thon &lt;toolkit&gt; 1</option>`, "No material from the library is attached yet.")

			r := ps.post(t, ps.CoordB, action, url.Values{"resource": {""}})
			if r.code != http.StatusUnprocessableEntity {
				t.Errorf("%s without a choice: %d", action, r.code)
			}
			mustContain(t, action+" without a choice", r.body, "Choose a resource of the library to attach.", `aria-invalid="true"`, `action="`+action+`"`)
			r = ps.post(t, ps.CoordB, action, url.Values{"resource": {"987654"}})
			if r.code != http.StatusUnprocessableEntity || !strings.Contains(r.body, "This resource is not in the library.") {
				t.Errorf("%s with an unknown resource: %d", action, r.code)
			}
			if r := ps.post(t, ps.CoordC, action, url.Values{"resource": {rid}}); r.code != http.StatusForbidden {
				t.Errorf("%s by another group's coordinator: %d", action, r.code)
			}
			if r := ps.post(t, nil, action, url.Values{"resource": {rid}}); r.code != http.StatusUnauthorized && r.code != http.StatusSeeOther {
				t.Errorf("%s signed out: %d", action, r.code)
			}

			r = ps.post(t, ps.CoordB, action, url.Values{"resource": {rid}})
			if want := page + "?done=resource-attached#wc-resources"; r.code != http.StatusSeeOther || r.head.Get("Location") != want {
				t.Fatalf("%s attaches: %d %q, want %q", action, r.code, r.head.Get("Location"), want)
			}
			done := ps.get(t, ps.CoordB, page+"?done=resource-attached").body
			mustContain(t, page+" after attaching", done, "The resource is attached and listed under Training materials.",
				`<a href="/library/`+rid+`" lang="en"><bdi>Edit-a-thon &lt;toolkit&gt; 1</bdi></a>`)
			mustNotContain(t, page+" after attaching", done, `<option value="`+rid+`">Edit-a-thon`)
			mustContain(t, page+" signed out", ps.get(t, nil, page).body, `href="/library/`+rid+`"`)
			mustNotContain(t, page+" signed out", ps.get(t, nil, page).body, action)

			r = ps.post(t, ps.CoordB, action, url.Values{"resource": {rid}})
			if r.code != http.StatusConflict || !strings.Contains(r.body, "This resource is attached here already.") {
				t.Errorf("%s twice: %d", action, r.code)
			}
		}
		uses := ps.get(t, nil, "/library/"+rid).body
		for _, page := range aw.pages() {
			mustContain(t, "where the resource is used", uses, `href="`+page+`"`)
		}
	})
}

// A wrongly attached resource is removed from the pages of an event, a
// campaign and a partnership by a button beside it, shown only to those
// who may attach there: the page says so, the resource is no longer listed
// there but can be chosen again, and the library no longer names the page
// where it is used.
func TestDetachResourceFromPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		aw := newAttachWorld(t, ps, 1)
		rid := fmt.Sprint(aw.Resource.ID)
		for _, page := range aw.pages() {
			action := page + "/resources/" + rid + "/remove"
			if r := ps.post(t, ps.CoordB, page+"/resources", url.Values{"resource": {rid}}); r.code != http.StatusSeeOther {
				t.Fatalf("%s attaches: %d", page, r.code)
			}
			for _, a := range []*wikicities.Actor{nil, ps.Member, ps.CoordC} {
				body := ps.get(t, a, page).body
				mustContain(t, page+" for a reader who may not remove", body, `href="/library/`+rid+`"`)
				mustNotContain(t, page+" for a reader who may not remove", body, action, ">Remove<")
			}
			mustContain(t, page+" for B's coordinator", ps.get(t, ps.CoordB, page).body, `action="`+action+`"`,
				`>Remove<span class="wc-visually-hidden"> <bdi>Edit-a-thon &lt;toolkit&gt; 1</bdi></span></button>`)
			if r := ps.post(t, ps.CoordC, action, nil); r.code != http.StatusForbidden {
				t.Errorf("%s by another group's coordinator: %d", action, r.code)
			}
			r := ps.post(t, ps.CoordB, action, nil)
			if want := page + "?done=resource-detached#wc-resources"; r.code != http.StatusSeeOther || r.head.Get("Location") != want {
				t.Fatalf("%s removes: %d %q, want %q", action, r.code, r.head.Get("Location"), want)
			}
			done := ps.get(t, ps.CoordB, page+"?done=resource-detached").body
			mustContain(t, page+" after removing", done, "The resource is removed from here; it stays in the library.",
				`<option value="`+rid+`">Edit-a-thon &lt;toolkit&gt; 1</option>`, "No material from the library is attached yet.")
			mustNotContain(t, page+" after removing", done, `href="/library/`+rid+`"`, action)
			if r := ps.post(t, ps.CoordB, action, nil); r.code != http.StatusNotFound {
				t.Errorf("%s twice: %d", action, r.code)
			}
		}
		uses := ps.get(t, nil, "/library/"+rid).body
		for _, page := range aw.pages() {
			mustNotContain(t, "where the resource is used", uses, `href="`+page+`"`)
		}
	})
}

// responsibilityOf adds a responsibility of the world's partnership's
// side B, as A's coordinator, and returns its id.
func (aw attachWorld) responsibilityOf(t *testing.T, ps *partnersSite, what string) int64 {
	t.Helper()
	rs := &wikicities.Responsibility{PartnershipID: aw.Partner, Owner: wikicities.SideB, Description: what}
	if err := ps.db.Partnerships().AddResponsibility(storetest.As(context.Background(), ps.CoordA), rs); err != nil {
		t.Fatal(err)
	}
	return rs.ID
}

// A library resource is attached to a responsibility of a partnership
// from the partnership's page, with the same form as the partnership's,
// one for each task and folded under it; the coordinators of its parties
// see the forms, others only what is attached. A refused choice opens the
// task's form again with its error, and the other forms stay as they were;
// the Remove button beside the resource takes it off the task again. A
// responsibility of another partnership is no page.
func TestAttachResourceToAResponsibilityFromItsPartnershipPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		aw := newAttachWorld(t, ps, 1)
		rid := fmt.Sprint(aw.Resource.ID)
		task := aw.responsibilityOf(t, ps, "Host the <joint> edit-a-thon")
		ac := &wikicities.Partnership{A: ps.A, B: ps.C, Type: "twinning", Level: "local"}
		if err := db.Partnerships().Propose(storetest.As(context.Background(), ps.CoordA), ac, ""); err != nil {
			t.Fatal(err)
		}
		elsewhere := attachWorld{Partner: ac.ID}.responsibilityOf(t, ps, "Somebody else's task")
		page := fmt.Sprintf("/partnerships/%d", aw.Partner)
		action := fmt.Sprintf("%s/responsibilities/%d/resources", page, task)
		block := fmt.Sprintf(`id="wc-resources-r%d"`, task)

		for _, a := range []*wikicities.Actor{nil, ps.Member, ps.CoordC} {
			mustNotContain(t, page+" for a reader who may not attach", ps.get(t, a, page).body, action, block)
		}
		form := ps.get(t, ps.CoordB, page).body
		mustContain(t, page+" for B's coordinator", form, block, "Task: Host the &lt;joint&gt; edit-a-thon",
			`<summary>Attach a resource to this task</summary>`, `action="`+action+`"`,
			fmt.Sprintf(`<select id="f-resource-r%d" class="cdx-select" name="resource" aria-describedby="f-resource-r%d-hint">`, task, task),
			fmt.Sprintf(`<label class="cdx-label__label" for="f-resource-r%d">`, task), `<select id="f-resource" `)

		r := ps.post(t, ps.CoordB, action, url.Values{"resource": {""}})
		if r.code != http.StatusUnprocessableEntity {
			t.Errorf("%s without a choice: %d", action, r.code)
		}
		mustContain(t, action+" without a choice", r.body, "<details class=\"wc-no-print\" open>", fmt.Sprintf(`id="f-resource-r%d-error"`, task),
			"Choose a resource of the library to attach.")
		if n := strings.Count(r.body, "Choose a resource of the library to attach."); n != 1 {
			t.Errorf("%s without a choice: the error is said %d times", action, n)
		}
		if r := ps.post(t, ps.CoordC, action, url.Values{"resource": {rid}}); r.code != http.StatusForbidden {
			t.Errorf("%s by another group's coordinator: %d", action, r.code)
		}
		wrong := fmt.Sprintf("%s/responsibilities/%d/resources", page, elsewhere)
		if r := ps.post(t, ps.CoordB, wrong, url.Values{"resource": {rid}}); r.code != http.StatusNotFound {
			t.Errorf("%s (a task of another partnership): %d", wrong, r.code)
		}

		r = ps.post(t, ps.CoordB, action, url.Values{"resource": {rid}})
		if want := fmt.Sprintf("%s?done=resource-attached#wc-resources-r%d", page, task); r.code != http.StatusSeeOther || r.head.Get("Location") != want {
			t.Fatalf("%s attaches: %d %q, want %q", action, r.code, r.head.Get("Location"), want)
		}
		remove := fmt.Sprintf("%s/%s/remove", action, rid)
		mustContain(t, page+" after attaching", ps.get(t, ps.CoordB, page).body, `action="`+remove+`"`)
		for _, a := range []*wikicities.Actor{nil, ps.CoordC} {
			body := ps.get(t, a, page).body
			mustContain(t, page+" for a reader, after attaching", body, block, "Task: Host the &lt;joint&gt; edit-a-thon", `href="/library/`+rid+`"`)
			mustNotContain(t, page+" for a reader, after attaching", body, action, "No material from the library is attached yet.")
		}
		mustContain(t, "where the resource is used", ps.get(t, nil, "/library/"+rid).body, `href="`+page+`"`, "Host the &lt;joint&gt; edit-a-thon")
		if got, err := db.Training().AttachedResources(context.Background(), wikicities.ResourceTarget{Kind: wikicities.TargetResponsibility, ID: task}); err != nil || len(got) != 1 {
			t.Errorf("attached to the task: %+v, %v", got, err)
		}

		if r := ps.post(t, ps.CoordC, remove, nil); r.code != http.StatusForbidden {
			t.Errorf("%s by another group's coordinator: %d", remove, r.code)
		}
		r = ps.post(t, ps.CoordA, remove, nil)
		if want := fmt.Sprintf("%s?done=resource-detached#wc-resources-r%d", page, task); r.code != http.StatusSeeOther || r.head.Get("Location") != want {
			t.Fatalf("%s removes: %d %q, want %q", remove, r.code, r.head.Get("Location"), want)
		}
		mustNotContain(t, page+" signed out, after removing", ps.get(t, nil, page).body, block)
	})
}

func init() {
	journeyCases["POST /partnerships/{id}/responsibilities/{rid}/resources"] = func(t *testing.T, ps *partnersSite, r journeyRole) (string, url.Values, int) {
		// The record is B, a party of the task's partnership.
		aw := newAttachWorld(t, ps, len(r))
		task := aw.responsibilityOf(t, ps, "Run the workshop")
		return fmt.Sprintf("/partnerships/%d/responsibilities/%d/resources", aw.Partner, task), url.Values{"resource": {fmt.Sprint(aw.Resource.ID)}},
			statusFor(r, map[journeyRole]int{jCoordinator: 303, jAdmin: 303})
	}
	journeyCases["POST /partnerships/{id}/responsibilities/{rid}/resources/{resource}/remove"] = func(t *testing.T, ps *partnersSite, r journeyRole) (string, url.Values, int) {
		aw := newAttachWorld(t, ps, len(r))
		task := aw.responsibilityOf(t, ps, "Run the workshop")
		attach := fmt.Sprintf("/partnerships/%d/responsibilities/%d/resources", aw.Partner, task)
		if got := ps.post(t, ps.CoordB, attach, url.Values{"resource": {fmt.Sprint(aw.Resource.ID)}}); got.code != http.StatusSeeOther {
			t.Fatalf("attach before removing: %d", got.code)
		}
		return fmt.Sprintf("%s/%d/remove", attach, aw.Resource.ID), url.Values{},
			statusFor(r, map[journeyRole]int{jCoordinator: 303, jAdmin: 303})
	}
}

func init() {
	for _, kind := range []string{"events", "campaigns", "partnerships"} {
		journeyCases["POST /"+kind+"/{id}/resources/{resource}/remove"] = func(t *testing.T, ps *partnersSite, r journeyRole) (string, url.Values, int) {
			// As attaching: the record is B, and B's coordinator attached
			// the resource first.
			aw := newAttachWorld(t, ps, len(r))
			id := map[string]int64{"events": aw.Event, "campaigns": aw.Campaign, "partnerships": aw.Partner}[kind]
			target := fmt.Sprintf("/%s/%d/resources", kind, id)
			if got := ps.post(t, ps.CoordB, target, url.Values{"resource": {fmt.Sprint(aw.Resource.ID)}}); got.code != http.StatusSeeOther {
				t.Fatalf("attach before removing: %d", got.code)
			}
			return fmt.Sprintf("%s/%d/remove", target, aw.Resource.ID), url.Values{},
				statusFor(r, map[journeyRole]int{jCoordinator: 303, jAdmin: 303})
		}
	}
}

func init() {
	for _, kind := range []string{"events", "campaigns", "partnerships"} {
		journeyCases["POST /"+kind+"/{id}/resources"] = func(t *testing.T, ps *partnersSite, r journeyRole) (string, url.Values, int) {
			// The record is B: it organises the event, its coordinator owns
			// the campaign, it is a party of the partnership.
			aw := newAttachWorld(t, ps, len(r))
			id := map[string]int64{"events": aw.Event, "campaigns": aw.Campaign, "partnerships": aw.Partner}[kind]
			return fmt.Sprintf("/%s/%d/resources", kind, id), url.Values{"resource": {fmt.Sprint(aw.Resource.ID)}},
				statusFor(r, map[journeyRole]int{jCoordinator: 303, jAdmin: 303})
		}
	}
}
