package http_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

// The forms that change a partnership's agreement and responsibilities
// from its page (pages_agreement.go).

// partnership reads partnership id from the store.
func (ps *partnersSite) partnership(t *testing.T, id int64) *wikicities.Partnership {
	t.Helper()
	x, err := ps.db.Partnerships().Partnership(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// accepted proposes a partnership from A to B and has B accept it.
func (ps *partnersSite) accepted(t *testing.T) int64 {
	t.Helper()
	id := ps.propose(t)
	if r := ps.post(t, ps.CoordB, fmt.Sprintf("/partnerships/%d/answer", id), url.Values{"action": {"accept"}, "version": {"1"}}); r.code != http.StatusSeeOther {
		t.Fatalf("accept: %d %s", r.code, r.body)
	}
	return id
}

// versionOf returns the version field of the form whose action is action.
func versionOf(t *testing.T, body, action string) string {
	t.Helper()
	m := regexp.MustCompile(`(?s)action="` + regexp.QuoteMeta(action) + `"[^>]*>.*?name="version" value="(\d+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no form to %s with a version field in:\n%s", action, body)
	}
	return m[1]
}

// auditCount counts the audit log's records of action on entity id.
func auditCount(t *testing.T, db *store.DB, entity string, id int64, action string) int {
	t.Helper()
	var n int
	if err := db.QueryRow(context.Background(), `SELECT COUNT(*) FROM audit_log WHERE entity = ? AND entity_id = ? AND action = ?`,
		entity, id, action).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// fieldBlock returns the Codex field block of the form field named field.
func fieldBlock(body, field string) string {
	return regexp.MustCompile(`(?s)<div class="cdx-field[^"]*">\s*<div class="cdx-label"><label class="cdx-label__label" for="f-` + field + `">.*?</div>\s*</div>\s*(<div class="cdx-field__validation-message".*?</div></div></div>\s*)?</div>`).FindString(body)
}

func TestEitherPartysCoordinatorOrAnAdminEditsTheAgreement(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		id := ps.accepted(t)
		page := fmt.Sprintf("/partnerships/%d", id)
		edit := page + "/agreement/edit"
		tests := []struct {
			name      string
			as        *wikicities.Actor
			goals     string
			languages string
			review    string
			want      wikicities.Agreement
		}{
			{"coordinator of A", ps.CoordA, "Photograph 100 monuments\n\n  Translate 20 articles  \n", "de, FR, ar", "2027-01-31",
				wikicities.Agreement{Goals: []string{"Photograph 100 monuments", "Translate 20 articles"}, Languages: []string{"de", "fr", "ar"},
					ReviewDate: time.Date(2027, 1, 31, 0, 0, 0, 0, time.UTC)}},
			{"coordinator of B", ps.CoordB, "Hold a joint edit-a-thon", "fr", "",
				wikicities.Agreement{Goals: []string{"Hold a joint edit-a-thon"}, Languages: []string{"fr"}}},
			{"admin", ps.Admin, "", "", "2028-06-30",
				wikicities.Agreement{Goals: []string{}, Languages: []string{}, ReviewDate: time.Date(2028, 6, 30, 0, 0, 0, 0, time.UTC)}},
		}
		for _, tt := range tests {
			mustContain(t, tt.name+"'s view of the partnership", ps.get(t, tt.as, page).body, `href="`+edit+`"`, "Edit the agreement")
			form := ps.get(t, tt.as, edit)
			if form.code != http.StatusOK {
				t.Fatalf("%s opens the form: %d", tt.name, form.code)
			}
			before := ps.partnership(t, id)
			mustContain(t, tt.name+"'s form", form.body, strings.Join(before.Agreement.Goals, "\n")+"</textarea>")
			r := ps.post(t, tt.as, page+"/agreement", url.Values{"version": {versionOf(t, form.body, page+"/agreement")},
				"goals": {tt.goals}, "languages": {tt.languages}, "review_date": {tt.review}})
			if r.code != http.StatusSeeOther || r.head.Get("Location") != page+"?done=agreement" {
				t.Fatalf("%s saves: %d to %q: %s", tt.name, r.code, r.head.Get("Location"), r.body)
			}
			got := ps.partnership(t, id)
			if !slices.Equal(got.Agreement.Goals, tt.want.Goals) || !slices.Equal(got.Agreement.Languages, tt.want.Languages) ||
				!got.Agreement.ReviewDate.Equal(tt.want.ReviewDate) {
				t.Errorf("%s saved %+v, want %+v", tt.name, got.Agreement, tt.want)
			}
			if got.Version != before.Version+1 {
				t.Errorf("%s's save: version %d, want %d", tt.name, got.Version, before.Version+1)
			}
		}
		if n := auditCount(t, db, "partnership", id, "update_agreement"); n != len(tests) {
			t.Errorf("audit log has %d agreement updates, want %d", n, len(tests))
		}
		mustContain(t, "page after saving", ps.get(t, nil, page+"?done=agreement").body, "The agreement is saved.", "30 June 2028")
		mustContain(t, "German page after saving", ps.get(t, nil, page+"?done=agreement&uselang=de").body, "Die Vereinbarung ist gespeichert.", "30. Juni 2028")
		mustContain(t, "Arabic page after saving", ps.get(t, nil, page+"?uselang=ar").body, "٣٠ يونيو ٢٠٢٨")
	})
}

func TestAgreementFormShowsErrorsNextToFieldsAndKeepsInput(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		id := ps.accepted(t)
		before := ps.partnership(t, id)
		r := ps.post(t, ps.CoordA, fmt.Sprintf("/partnerships/%d/agreement", id), url.Values{"version": {fmt.Sprint(before.Version)},
			"goals": {"Keep <this> \"goal\""}, "languages": {"de, 12!"}, "review_date": {"31/01/2027"}})
		if r.code != http.StatusUnprocessableEntity {
			t.Fatalf("status %d, want 422: %s", r.code, r.body)
		}
		for _, tt := range []struct{ field, problem string }{
			{"languages", `&#34;12!&#34; is not a Wikimedia language code`},
			{"review_date", `&#34;31/01/2027&#34; is not a date`},
		} {
			block := fieldBlock(r.body, tt.field)
			mustContain(t, tt.field+" field", block, `id="f-`+tt.field+`-error"`, `aria-describedby="f-`+tt.field+`-error`, tt.problem)
		}
		mustNotContain(t, "goals field", fieldBlock(r.body, "goals"), "-error")
		mustContain(t, "form", r.body, `Keep &lt;this&gt; &#34;goal&#34;</textarea>`, `value="de, 12!"`, `value="31/01/2027"`,
			"Some fields need your attention")
		mustNotContain(t, "form", r.body, "<this>")
		// In German, the same problems in German.
		de := ps.post(t, ps.CoordA, fmt.Sprintf("/partnerships/%d/agreement?uselang=de", id), url.Values{"version": {fmt.Sprint(before.Version)},
			"languages": {"de, 12!"}, "review_date": {"31/01/2027"}})
		mustContain(t, "German form", de.body, "„12!“ ist kein Wikimedia-Sprachcode", "„31/01/2027“ ist kein Datum", "Überprüfungsdatum")
		if got := ps.partnership(t, id); got.Version != before.Version || !slices.Equal(got.Agreement.Goals, before.Agreement.Goals) {
			t.Errorf("a refused form changed the agreement: %+v (version %d)", got.Agreement, got.Version)
		}
	})
}

func TestStaleAgreementEditShowsMessageAndNeverOverwrites(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		id := ps.accepted(t)
		action := fmt.Sprintf("/partnerships/%d/agreement", id)
		form := ps.get(t, ps.CoordA, action+"/edit").body
		mine := url.Values{"version": {versionOf(t, form, action)}, "goals": {"Mine <b>"}, "languages": {"de"}, "review_date": {"2027-03-01"}}
		// B's coordinator saves first, from the same version.
		first := url.Values{"version": mine["version"], "goals": {"Theirs"}, "languages": {"fr"}}
		if r := ps.post(t, ps.CoordB, action, first); r.code != http.StatusSeeOther {
			t.Fatalf("first save: %d %s", r.code, r.body)
		}
		r := ps.post(t, ps.CoordA, action, mine)
		if r.code != http.StatusConflict {
			t.Fatalf("stale save: %d, want 409", r.code)
		}
		mustContain(t, "stale form", r.body, "Someone else saved this record while you were editing it", "The current version says:",
			"<bdi>Theirs</bdi>", "French", "Mine &lt;b&gt;</textarea>", `value="2027-03-01"`)
		if got := ps.partnership(t, id); !slices.Equal(got.Agreement.Goals, []string{"Theirs"}) {
			t.Errorf("the stale save overwrote the agreement: goals %q", got.Agreement.Goals)
		}
		// The form now carries the current version: saving again works.
		mine.Set("version", versionOf(t, r.body, action))
		if r := ps.post(t, ps.CoordA, action, mine); r.code != http.StatusSeeOther {
			t.Fatalf("save after the stale notice: %d %s", r.code, r.body)
		}
		if got := ps.partnership(t, id); !slices.Equal(got.Agreement.Goals, []string{"Mine <b>"}) {
			t.Errorf("the second save: goals %q", got.Agreement.Goals)
		}
	})
}

func TestOnlyThePartiesCoordinatorsChangeTheAgreementAndResponsibilities(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		id := ps.accepted(t)
		rs := &wikicities.Responsibility{PartnershipID: id, Owner: wikicities.SideA, Description: "Send the photos"}
		if err := db.Partnerships().AddResponsibility(storetest.As(context.Background(), ps.CoordA), rs); err != nil {
			t.Fatal(err)
		}
		page := fmt.Sprintf("/partnerships/%d", id)
		rpath := fmt.Sprintf("%s/responsibilities/%d", page, rs.ID)
		forms := []string{page + "/agreement/edit", page + "/responsibilities/new", rpath + "/edit"}
		posts := []struct {
			path string
			form url.Values
		}{
			{page + "/agreement", url.Values{"version": {"2"}, "goals": {"Taken over"}}},
			{page + "/responsibilities", url.Values{"owner": {"a"}, "description": {"Taken over"}}},
			{rpath, url.Values{"version": {"1"}, "owner": {"b"}, "description": {"Taken over"}}},
			{rpath + "/done", url.Values{"version": {"1"}, "done": {"1"}}},
			{rpath + "/delete", url.Values{"version": {"1"}}},
		}
		for name, a := range map[string]*wikicities.Actor{"member": ps.Member, "coordinator of neither party": ps.CoordC} {
			view := ps.get(t, a, page).body
			mustNotContain(t, name+"'s view", view, "/agreement/edit", "/responsibilities", "Edit the agreement", "Mark done")
			mustContain(t, name+"'s view", view, "Send the photos")
			for _, f := range forms {
				if r := ps.get(t, a, f); r.code != http.StatusForbidden {
					t.Errorf("%s opens %s: %d, want 403", name, f, r.code)
				}
			}
			for _, p := range posts {
				if r := ps.post(t, a, p.path, p.form); r.code != http.StatusForbidden {
					t.Errorf("%s posts %s: %d, want 403", name, p.path, r.code)
				}
			}
		}
		mustNotContain(t, "anonymous view", ps.get(t, nil, page).body, "/agreement/edit", "/responsibilities", "Mark done")
		for _, f := range forms {
			r := ps.get(t, nil, f)
			if want := "/auth/signin?returnto=" + url.QueryEscape(f); r.code != http.StatusSeeOther || r.head.Get("Location") != want {
				t.Errorf("anonymous opens %s: %d to %q, want 303 to %q", f, r.code, r.head.Get("Location"), want)
			}
		}
		for _, p := range posts {
			if r := ps.post(t, nil, p.path, p.form); r.code != http.StatusUnauthorized {
				t.Errorf("anonymous posts %s: %d, want 401", p.path, r.code)
			}
		}
		got := ps.partnership(t, id)
		if len(got.Responsibilities) != 1 || got.Responsibilities[0].Description != "Send the photos" || got.Responsibilities[0].Done ||
			slices.Contains(got.Agreement.Goals, "Taken over") {
			t.Errorf("refused requests changed the partnership: %+v, %+v", got.Agreement, got.Responsibilities[0])
		}
	})
}

func TestAnEndedPartnershipsAgreementNoLongerChanges(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		id := ps.accepted(t)
		page := fmt.Sprintf("/partnerships/%d", id)
		if r := ps.post(t, ps.CoordA, page+"/answer", url.Values{"action": {"end"}, "version": {"2"}, "note": {"we stop here"}}); r.code != http.StatusSeeOther {
			t.Fatalf("end: %d", r.code)
		}
		mustNotContain(t, "ended partnership", ps.get(t, ps.CoordA, page).body, "/agreement/edit", "Mark done")
		r := ps.get(t, ps.CoordA, page+"/agreement/edit")
		if r.code != http.StatusConflict {
			t.Errorf("the form of an ended partnership: %d, want 409", r.code)
		}
		mustContain(t, "ended partnership's form", r.body, "This partnership is ended: its agreement and responsibilities can no longer change.")
		if r := ps.post(t, ps.CoordA, page+"/responsibilities", url.Values{"owner": {"a"}, "description": {"Too late"}}); r.code != http.StatusConflict {
			t.Errorf("adding to an ended partnership: %d, want 409", r.code)
		}
		if got := ps.partnership(t, id); len(got.Responsibilities) != 0 {
			t.Errorf("an ended partnership took a responsibility: %+v", got.Responsibilities)
		}
	})
}

func TestResponsibilitiesAreAddedMarkedDoneEditedAndRemovedFromThePage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		id := ps.accepted(t)
		page := fmt.Sprintf("/partnerships/%d", id)
		add := page + "/responsibilities"

		// The form on the page offers the parties by name.
		view := ps.get(t, ps.CoordB, page).body
		mustContain(t, "B's view", view, `action="`+add+`"`, `<option value="a" selected>Wikimedians of Berlin</option>`,
			`<option value="b">Wikimedia Paris</option>`, "Add a responsibility")

		// Errors next to their fields, input kept.
		r := ps.post(t, ps.CoordB, add, url.Values{"owner": {"b"}, "description": {"  "}, "due": {"soon"}})
		if r.code != http.StatusUnprocessableEntity {
			t.Fatalf("bad responsibility: %d, want 422: %s", r.code, r.body)
		}
		mustContain(t, "due field", fieldBlock(r.body, "due"), `id="f-due-error"`, `&#34;soon&#34; is not a date`, `value="soon"`)
		mustContain(t, "description field", fieldBlock(r.body, "description"), `id="f-description-error"`, "This field is required.")
		mustContain(t, "form", r.body, `<option value="b" selected>Wikimedia Paris</option>`)

		// Added, and overdue: the page and its health say so.
		dueAt := db.Now().AddDate(0, 0, -10)
		// The form takes ISO dates; the page shows them in words.
		due, dueText := dueAt.Format(time.DateOnly), dueAt.Format("2 January 2006")
		r = ps.post(t, ps.CoordB, add, url.Values{"owner": {"b"}, "description": {`Book the <museum> "visit"`}, "due": {due}})
		if r.code != http.StatusSeeOther || r.head.Get("Location") != page+"?done=responsibility-added" {
			t.Fatalf("add: %d to %q: %s", r.code, r.head.Get("Location"), r.body)
		}
		got := ps.partnership(t, id)
		if len(got.Responsibilities) != 1 || got.Responsibilities[0].Owner != wikicities.SideB || got.Responsibilities[0].Description != `Book the <museum> "visit"` {
			t.Fatalf("added %+v", got.Responsibilities)
		}
		rs := got.Responsibilities[0]
		view = ps.get(t, ps.CoordA, page+"?done=responsibility-added").body
		mustContain(t, "page after adding", view, "The responsibility is added.",
			fmt.Sprintf(`<td id="wc-responsibility-%d"><bdi>Book the &lt;museum&gt; &#34;visit&#34;</bdi></td><td data-label="Who: "><bdi>Wikimedia Paris</bdi></td><td data-label="Due: ">%s</td><td><strong>overdue</strong>`, rs.ID, dueText),
			fmt.Sprintf(`aria-describedby="wc-responsibility-%d">Mark done</button>`, rs.ID),
			"1 of 1 responsibility overdue", "Mark done")
		mustNotContain(t, "page after adding", view, "<museum>")

		// Marked done from its row: no longer overdue, health recovers.
		done := fmt.Sprintf("%s/responsibilities/%d/done", page, rs.ID)
		v := versionOf(t, view, done)
		r = ps.post(t, ps.CoordA, done, url.Values{"version": {v}, "done": {"1"}})
		if r.code != http.StatusSeeOther || r.head.Get("Location") != page+"?done=responsibility-done" {
			t.Fatalf("mark done: %d to %q: %s", r.code, r.head.Get("Location"), r.body)
		}
		view = ps.get(t, ps.CoordA, page+"?done=responsibility-done").body
		mustContain(t, "page after marking done", view, "The responsibility is marked done.", "<td>done</td>", "Mark not done",
			`name="done" value="0"`, "1 of 1 responsibility done late")
		mustNotContain(t, "page after marking done", view, "<strong>overdue</strong>", "responsibility overdue")
		if got := ps.partnership(t, id).Responsibilities[0]; !got.Done || got.DoneAt.IsZero() {
			t.Errorf("marked done: %+v", got)
		}
		// The same button again, from the old page, is stale: nothing changes.
		r = ps.post(t, ps.CoordA, done, url.Values{"version": {v}, "done": {"0"}})
		if r.code != http.StatusConflict {
			t.Errorf("stale mark: %d, want 409", r.code)
		}
		mustContain(t, "stale mark", r.body, "Someone changed this responsibility meanwhile")
		if !ps.partnership(t, id).Responsibilities[0].Done {
			t.Error("a stale mark reopened the responsibility")
		}

		// Edited through its form, which keeps the input on a stale save.
		editPath := fmt.Sprintf("%s/responsibilities/%d", page, rs.ID)
		form := ps.get(t, ps.CoordA, editPath+"/edit")
		if form.code != http.StatusOK {
			t.Fatalf("edit form: %d", form.code)
		}
		mustContain(t, "edit form", form.body, `Book the &lt;museum&gt; &#34;visit&#34;</textarea>`, `value="`+due+`"`, `name="done" value="1" checked`)
		edit := url.Values{"version": {versionOf(t, form.body, editPath)}, "owner": {"a"}, "description": {"Book the museum visit for 20"}, "due": {"2027-02-01"}}
		r = ps.post(t, ps.CoordA, editPath, edit)
		if r.code != http.StatusSeeOther || r.head.Get("Location") != page+"?done=responsibility-saved" {
			t.Fatalf("edit: %d to %q: %s", r.code, r.head.Get("Location"), r.body)
		}
		got = ps.partnership(t, id)
		want := wikicities.Responsibility{Owner: wikicities.SideA, Description: "Book the museum visit for 20", Due: time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC)}
		if e := got.Responsibilities[0]; e.Owner != want.Owner || e.Description != want.Description || !e.Due.Equal(want.Due) || e.Done {
			t.Errorf("edited %+v, want %+v not done", e, want)
		}
		mustContain(t, "page after editing", ps.get(t, nil, page+"?done=responsibility-saved").body, "The responsibility is saved.",
			"<td><bdi>Book the museum visit for 20</bdi></td><td data-label=\"Who: \"><bdi>Wikimedians of Berlin</bdi></td>")
		edit.Set("description", "Book it for 30")
		r = ps.post(t, ps.CoordB, editPath, edit)
		if r.code != http.StatusConflict {
			t.Fatalf("stale edit: %d, want 409", r.code)
		}
		mustContain(t, "stale edit", r.body, "Someone else saved this record", "<bdi>Book the museum visit for 20</bdi>", "Book it for 30</textarea>")
		if got := ps.partnership(t, id).Responsibilities[0]; got.Description != "Book the museum visit for 20" {
			t.Errorf("the stale edit overwrote the responsibility: %q", got.Description)
		}

		// Removed from its edit form; a stale removal is refused.
		form = ps.get(t, ps.CoordA, editPath+"/edit")
		current := versionOf(t, form.body, editPath+"/delete")
		if r := ps.post(t, ps.CoordA, editPath+"/delete", url.Values{"version": {fmt.Sprint(rs.Version)}}); r.code != http.StatusConflict {
			t.Errorf("stale removal: %d, want 409", r.code)
		}
		if n := len(ps.partnership(t, id).Responsibilities); n != 1 {
			t.Fatalf("a stale removal left %d responsibilities", n)
		}
		r = ps.post(t, ps.CoordA, editPath+"/delete", url.Values{"version": {current}})
		if r.code != http.StatusSeeOther || r.head.Get("Location") != page+"?done=responsibility-removed" {
			t.Fatalf("removal: %d to %q: %s", r.code, r.head.Get("Location"), r.body)
		}
		if n := len(ps.partnership(t, id).Responsibilities); n != 0 {
			t.Errorf("after the removal %d responsibilities are left", n)
		}
		mustContain(t, "page after removing", ps.get(t, nil, page+"?done=responsibility-removed").body, "The responsibility is removed.")

		// An edit of it saved after the removal (the other coordinator
		// still had its form open) keeps what was typed, in the form that
		// adds it again, where it was a 'page not found' with the text lost.
		edit.Set("description", "Book it for 40")
		r = ps.post(t, ps.CoordB, editPath, edit)
		if r.code != http.StatusConflict {
			t.Fatalf("an edit of a removed responsibility: %d, want 409", r.code)
		}
		mustContain(t, "an edit of a removed responsibility", r.body, "Someone else deleted this responsibility while you were editing it",
			`action="`+page+`/responsibilities"`, "Book it for 40</textarea>", `value="2027-02-01"`)
		mustNotContain(t, "an edit of a removed responsibility", r.body, `name="version"`)
		if n := len(ps.partnership(t, id).Responsibilities); n != 0 {
			t.Errorf("the edit of a removed responsibility added %d", n)
		}

		// Every change is in the audit log.
		for action, want := range map[string]int{"create": 1, "update": 2, "delete": 1} {
			if n := auditCount(t, db, "partnership_responsibility", rs.ID, action); n != want {
				t.Errorf("audit log: %d %q records, want %d", n, action, want)
			}
		}
	})
}

func TestAgreementPagesEscapeNamesFromUsers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		ctx := storetest.As(context.Background(), ps.CoordB)
		c, _ := db.Communities().Community(ctx, ps.B.ID)
		c.Name = `<script>alert("B")</script>`
		if err := db.Communities().UpdateCommunity(ctx, c); err != nil {
			t.Fatal(err)
		}
		id := ps.accepted(t)
		x := ps.partnership(t, id)
		if _, err := db.Partnerships().UpdateAgreement(ctx, id, x.Version, wikicities.Agreement{Goals: []string{`<script>alert("goal")</script>`}}); err != nil {
			t.Fatal(err)
		}
		rs := &wikicities.Responsibility{PartnershipID: id, Owner: wikicities.SideB, Description: `<script>alert("task")</script>`}
		if err := db.Partnerships().AddResponsibility(ctx, rs); err != nil {
			t.Fatal(err)
		}
		page := fmt.Sprintf("/partnerships/%d", id)
		for _, path := range []string{page, page + "/agreement/edit", page + "/responsibilities/new", fmt.Sprintf("%s/responsibilities/%d/edit", page, rs.ID)} {
			body := ps.get(t, ps.CoordA, path).body
			mustNotContain(t, path, body, "<script>alert")
			mustContain(t, path, body, `&lt;script&gt;alert(&#34;B&#34;)&lt;/script&gt;`)
		}
		mustContain(t, "agreement form", ps.get(t, ps.CoordA, page+"/agreement/edit").body, `&lt;script&gt;alert(&#34;goal&#34;)&lt;/script&gt;</textarea>`)
		mustContain(t, "responsibility form", ps.get(t, ps.CoordA, fmt.Sprintf("%s/responsibilities/%d/edit", page, rs.ID)).body,
			`<option value="b" selected>&lt;script&gt;alert(&#34;B&#34;)&lt;/script&gt;</option>`, `&lt;script&gt;alert(&#34;task&#34;)&lt;/script&gt;</textarea>`)
	})
}

func TestAgreementFormsRenderInEveryLanguage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		id := ps.accepted(t)
		rs := &wikicities.Responsibility{PartnershipID: id, Owner: wikicities.SideA, Description: "Send the photos"}
		if err := db.Partnerships().AddResponsibility(storetest.As(context.Background(), ps.CoordA), rs); err != nil {
			t.Fatal(err)
		}
		page := fmt.Sprintf("/partnerships/%d", id)
		tests := []struct {
			lang, dir string
			want      map[string]string // path -> a translated text it shows
		}{
			{"de", "ltr", map[string]string{page: "Vereinbarung bearbeiten", page + "/agreement/edit": "Überprüfungsdatum",
				page + "/responsibilities/new": "Wer übernimmt sie", fmt.Sprintf("%s/responsibilities/%d/edit", page, rs.ID): "Erledigt"}},
			{"ar", "rtl", map[string]string{page: "تعديل الاتفاق", page + "/agreement/edit": "تاريخ المراجعة",
				page + "/responsibilities/new": "من يتولاها", fmt.Sprintf("%s/responsibilities/%d/edit", page, rs.ID): "منجزة"}},
		}
		for _, tt := range tests {
			for path, text := range tt.want {
				r := ps.get(t, ps.CoordA, path+"?uselang="+tt.lang)
				what := tt.lang + " " + path
				if r.code != http.StatusOK {
					t.Errorf("%s: status %d", what, r.code)
				}
				mustContain(t, what, r.body, `<html lang="`+tt.lang+`" dir="`+tt.dir+`">`, text)
				if m := regexp.MustCompile(`⧼[^⧽]*⧽`).FindString(r.body); m != "" {
					t.Errorf("%s shows a missing message: %s", what, m)
				}
			}
		}
	})
}

func TestAgreementFormsCarryAndNeedTheCSRFToken(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		id := ps.accepted(t)
		rs := &wikicities.Responsibility{PartnershipID: id, Owner: wikicities.SideA, Description: "Send the photos"}
		if err := db.Partnerships().AddResponsibility(storetest.As(context.Background(), ps.CoordA), rs); err != nil {
			t.Fatal(err)
		}
		tok, sess, err := db.Accounts().CreateSession(context.Background(), ps.CoordA.UserID, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		// send serves a request as a browser with CoordA's session cookie.
		send := func(method, path string, form url.Values) *httptest.ResponseRecorder {
			var r *http.Request
			if form != nil {
				r = httptest.NewRequest(method, path, strings.NewReader(form.Encode()))
				r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			} else {
				r = httptest.NewRequest(method, path, nil)
			}
			r.Header.Set("Cookie", "wikicities_session="+tok)
			w := httptest.NewRecorder()
			ps.s.ServeHTTP(w, r)
			return w
		}
		page := fmt.Sprintf("/partnerships/%d", id)
		field := `name="csrf_token" value="` + sess.CSRFToken + `"`
		rpath := fmt.Sprintf("%s/responsibilities/%d", page, rs.ID)
		for _, path := range []string{page, page + "/agreement/edit", page + "/responsibilities/new", rpath + "/edit"} {
			mustContain(t, path, send("GET", path, nil).Body.String(), field)
		}
		version := fmt.Sprint(ps.partnership(t, id).Version)
		posts := []struct {
			path string
			form url.Values
		}{
			{page + "/agreement", url.Values{"version": {version}, "goals": {"Goal from the form"}}},
			{page + "/responsibilities", url.Values{"owner": {"a"}, "description": {"Task from the form"}}},
			{rpath + "/done", url.Values{"version": {"1"}, "done": {"1"}}},
			{rpath, url.Values{"version": {"2"}, "owner": {"b"}, "description": {"Change from the form"}}}, // after the mark above
		}
		for _, p := range posts {
			// A forged cross-site form has no token, or a wrong one.
			for _, bad := range []string{"", "not-the-token"} {
				f := url.Values{}
				for k, v := range p.form {
					f[k] = v
				}
				if bad != "" {
					f.Set("csrf_token", bad)
				}
				if w := send("POST", p.path, f); w.Code != http.StatusForbidden {
					t.Errorf("%s with token %q: %d, want 403", p.path, bad, w.Code)
				}
			}
		}
		got := ps.partnership(t, id)
		if slices.Contains(got.Agreement.Goals, "Goal from the form") || len(got.Responsibilities) != 1 || got.Responsibilities[0].Version != 1 {
			t.Fatalf("forged forms changed the partnership: %+v, %+v", got.Agreement, got.Responsibilities)
		}
		for _, p := range posts {
			p.form.Set("csrf_token", sess.CSRFToken)
			if w := send("POST", p.path, p.form); w.Code != http.StatusSeeOther {
				t.Errorf("%s with the session's token: %d, want 303: %s", p.path, w.Code, w.Body)
			}
		}
		got = ps.partnership(t, id)
		if !slices.Equal(got.Agreement.Goals, []string{"Goal from the form"}) || len(got.Responsibilities) != 2 {
			t.Fatalf("the forms with the token: %+v, %d responsibilities", got.Agreement, len(got.Responsibilities))
		}
		if e := got.Responsibilities[0]; e.Description != "Change from the form" || e.Owner != wikicities.SideB || e.Done {
			t.Errorf("the responsibility after the forms with the token: %+v", e)
		}
	})
}
