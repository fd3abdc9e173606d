package http_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/mmcdole/gofeed"

	"github.com/wikicities/wikicities"
	wchttp "github.com/wikicities/wikicities/http"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
	"github.com/wikicities/wikicities/twins"
)

// partnershipAPI is a test server whose requests carry the actor named by the test
// (standing in for the sessions and tokens of the accounts work).
type partnershipAPI struct {
	t     *testing.T
	db    *store.DB
	w     *storetest.Partners
	srv   *httptest.Server
	now   time.Time
	mu    sync.Mutex
	roles map[string]*wikicities.Actor
}

const testActorHeader = "X-Test-Actor"

func newPartnershipAPI(t *testing.T, db *store.DB) *partnershipAPI {
	a := &partnershipAPI{t: t, db: db, now: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)}
	db.Now = func() time.Time { a.mu.Lock(); defer a.mu.Unlock(); return a.now }
	a.w = storetest.MustPartners(t, db)
	readToken := *a.w.CoordB
	readToken.Scope = "read"
	a.roles = map[string]*wikicities.Actor{"coordA": a.w.CoordA, "coordB": a.w.CoordB, "coordC": a.w.CoordC, "coordInst": a.w.CoordInst,
		"member": a.w.Member, "admin": a.w.Admin, "anonymous": a.w.Anonymous, "readToken": &readToken}
	s := newServer(db, twins.New(nil, nil))
	s.Middleware = append(s.Middleware, func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
			if actor, ok := a.roles[r.Header.Get(testActorHeader)]; ok {
				r = r.WithContext(wikicities.NewContext(r.Context(), actor))
			}
			next.ServeHTTP(rw, r)
		})
	})
	a.srv = httptest.NewServer(s)
	s.BaseURL = a.srv.URL
	t.Cleanup(a.srv.Close)
	return a
}

func (a *partnershipAPI) advance(d time.Duration) { a.mu.Lock(); a.now = a.now.Add(d); a.mu.Unlock() }

// do sends a request as role with an optional If-Match and returns the
// status, the ETag and the body.
func (a *partnershipAPI) do(role, method, path string, body any, match string) (int, string, []byte) {
	a.t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, a.srv.URL+path, rd)
	req.Header.Set(testActorHeader, role)
	if match != "" {
		req.Header.Set("If-Match", match)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	checkDocumented(a.t, req, resp.StatusCode, resp.Header, b)
	return resp.StatusCode, resp.Header.Get("ETag"), b
}

// must sends a request and fails unless it answers want; it decodes the
// body into out when given.
func (a *partnershipAPI) must(want int, role, method, path string, body any, match string, out any) string {
	a.t.Helper()
	code, tag, b := a.do(role, method, path, body, match)
	if code != want {
		a.t.Fatalf("%s %s as %s: %d %s, want %d", method, path, role, code, b, want)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			a.t.Fatalf("%s %s: %v in %s", method, path, err, b)
		}
	}
	return tag
}

func (a *partnershipAPI) propose(role string, b wikicities.Party, typ string) *wikicities.Partnership {
	a.t.Helper()
	var p wikicities.Partnership
	a.must(201, role, "POST", "/api/v1/partnerships", map[string]any{
		"a": map[string]any{"kind": "community", "id": a.w.A.ID}, "b": map[string]any{"kind": b.Kind, "id": b.ID},
		"type": typ, "level": "global", "message": "Let us twin our wikis", "note": "met at Wikimania",
		"agreement": map[string]any{"goals": []string{"Article exchange"}, "languages": []string{"de", "fr"}},
	}, "", &p)
	return &p
}

func TestEveryStateChangingPartnershipRouteHasAPermissionRow(t *testing.T) {
	s := newServer(storetest.MustOpen(t, store.SQLite), twins.New(nil, nil))
	for _, p := range s.Patterns() {
		method, path, _ := strings.Cut(p, " ")
		if method == "GET" || !(strings.Contains(path, "partnership") || strings.HasPrefix(path, "/digest/")) {
			continue
		}
		if _, ok := wchttp.PartnershipPermissions[p]; !ok {
			t.Errorf("%s has no row in PartnershipPermissions", p)
		}
	}
}

// Every state-changing route, by every role, answers as the permission
// table says: 401 anonymous, 403 member / wrong party / read-only token,
// success for the right coordinator.
func TestPartnershipRoutesByRole(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newPartnershipAPI(t, db)
		w := a.w
		// Propose: only a coordinator of A (or an admin).
		body := map[string]any{"a": map[string]any{"id": w.A.ID}, "b": map[string]any{"kind": "community", "id": w.B.ID}, "type": "twinning", "level": "global"}
		for role, want := range map[string]int{"anonymous": 401, "member": 403, "coordB": 403, "readToken": 403} {
			if code, _, b := a.do(role, "POST", "/api/v1/partnerships", body, ""); code != want {
				t.Errorf("propose as %s: %d %s, want %d", role, code, b, want)
			}
		}
		p := a.propose("coordA", w.B, "twinning")
		path := fmt.Sprintf("/api/v1/partnerships/%d", p.ID)
		if code, _, _ := a.do("coordA", "POST", "/api/v1/partnerships", body, ""); code != 409 {
			t.Errorf("second proposal for the same pair: %d, want 409", code)
		}

		// Accept: only B's coordinator by explicit grant; admins cannot consent.
		for role, want := range map[string]int{"anonymous": 401, "member": 403, "coordA": 403, "coordC": 403, "admin": 403, "readToken": 403} {
			if code, _, b := a.do(role, "POST", path+"/accept", map[string]string{"note": "x"}, ""); code != want {
				t.Errorf("accept as %s: %d %s, want %d", role, code, b, want)
			}
		}
		if code, _, _ := a.do("coordA", "POST", path+"/renew", nil, ""); code != 409 {
			t.Errorf("renew a proposal: %d, want 409", code)
		}
		var got wikicities.Partnership
		tag := a.must(200, "coordB", "POST", path+"/accept", map[string]string{"note": "Oui !"}, `"1"`, &got)
		if got.State != "accepted" || tag != `"2"` {
			t.Fatalf("accepted: %s %s", got.State, tag)
		}

		// Agreement, responsibilities, activities: either party or an admin.
		agreement := map[string]any{"goals": []string{"Photo exchange"}, "languages": []string{"de", "fr", "en"}, "review_date": "2027-03-01T00:00:00Z"}
		for role, want := range map[string]int{"anonymous": 401, "member": 403, "coordC": 403, "readToken": 403} {
			if code, _, _ := a.do(role, "PUT", path+"/agreement", agreement, tag); code != want {
				t.Errorf("agreement as %s: %d, want %d", role, code, want)
			}
		}
		if tag = a.must(200, "coordA", "PUT", path+"/agreement", agreement, tag, &got); tag != `"3"` {
			t.Errorf("agreement update: ETag %s, want \"3\"", tag)
		}
		if strings.Join(got.Agreement.Languages, ",") != "de,fr,en" {
			t.Errorf("agreement %+v", got.Agreement)
		}
		resp := map[string]any{"owner": "b", "description": "Host the summer photo walk", "due": "2026-06-30"}
		for role, want := range map[string]int{"anonymous": 401, "member": 403, "coordC": 403} {
			if code, _, _ := a.do(role, "POST", path+"/responsibilities", resp, ""); code != want {
				t.Errorf("responsibility as %s: %d, want %d", role, code, want)
			}
		}
		var r wikicities.Responsibility
		rtag := a.must(201, "coordB", "POST", path+"/responsibilities", resp, "", &r)
		resp["done"] = true
		if rtag = a.must(200, "admin", "PUT", fmt.Sprintf("%s/responsibilities/%d", path, r.ID), resp, rtag, &r); rtag != `"2"` {
			t.Errorf("responsibility update: ETag %s, want \"2\"", rtag)
		}
		if !r.Done || r.DoneAt.IsZero() {
			t.Errorf("responsibility marked done: %+v", r)
		}
		act := map[string]any{"kind": "photo_walk", "title": "Spree photo walk", "start": "2026-03-01T10:00:00Z", "place": "Berlin",
			"organizers_a": []string{"anna"}, "organizers_b": []string{"bertrand"}, "participants": 14,
			"outcomes": map[string]any{"media_uploaded": 230, "links": []string{"https://commons.wikimedia.org/wiki/Category:Spree_walk"}}}
		for role, want := range map[string]int{"anonymous": 401, "member": 403, "coordInst": 403, "readToken": 403} {
			if code, _, _ := a.do(role, "POST", path+"/activities", act, ""); code != want {
				t.Errorf("activity as %s: %d, want %d", role, code, want)
			}
		}
		var logged wikicities.Activity
		atag := a.must(201, "coordA", "POST", path+"/activities", act, "", &logged)
		a.must(200, "anonymous", "GET", path, nil, "", &got)
		if got.State != "active" {
			t.Errorf("after the first activity: %s, want active", got.State)
		}
		act["participants"] = 15
		a.must(200, "coordB", "PUT", fmt.Sprintf("%s/activities/%d", path, logged.ID), act, atag, &logged)
		if logged.Participants != 15 || logged.Version != 2 {
			t.Errorf("updated activity %+v", logged)
		}

		// Withdraw is the proposer's, on proposals only; decline is B's.
		p2 := a.propose("coordA", w.C, "regional")
		p2path := fmt.Sprintf("/api/v1/partnerships/%d", p2.ID)
		for role, want := range map[string]int{"anonymous": 401, "member": 403, "coordC": 403} {
			if code, _, _ := a.do(role, "POST", p2path+"/withdraw", nil, ""); code != want {
				t.Errorf("withdraw as %s: %d, want %d", role, code, want)
			}
		}
		for role, want := range map[string]int{"coordA": 403, "admin": 403} {
			if code, _, _ := a.do(role, "POST", p2path+"/decline", nil, ""); code != want {
				t.Errorf("decline as %s: %d, want %d", role, code, want)
			}
		}
		a.must(200, "coordC", "POST", p2path+"/decline", map[string]string{"note": "too far"}, "", &got)
		if code, _, _ := a.do("coordA", "POST", p2path+"/withdraw", nil, ""); code != 409 {
			t.Errorf("withdraw a declined proposal: %d, want 409", code)
		}
		p3 := a.propose("admin", w.Inst, "institutional")
		a.must(200, "coordA", "POST", fmt.Sprintf("/api/v1/partnerships/%d/withdraw", p3.ID), nil, "", &got)
		if got.State != "withdrawn" {
			t.Errorf("withdrawn: %s", got.State)
		}

		// End: either party or an admin; not a member.
		for role, want := range map[string]int{"anonymous": 401, "member": 403, "coordC": 403} {
			if code, _, _ := a.do(role, "POST", path+"/end", nil, ""); code != want {
				t.Errorf("end as %s: %d, want %d", role, code, want)
			}
		}
		a.must(200, "admin", "POST", path+"/end", map[string]string{"note": "closed by the chapters"}, "", &got)
		if code, _, _ := a.do("coordA", "PUT", path+"/agreement", agreement, fmt.Sprintf(`"%d"`, got.Version)); code != 409 {
			t.Errorf("edit an ended partnership's agreement: %d, want 409", code)
		}
		var hist struct{ History []wikicities.HistoryEntry }
		a.must(200, "coordB", "GET", path+"/history", nil, "", &hist) // who acted is for the parties
		var trail []string
		for _, h := range hist.History {
			trail = append(trail, string(h.Action)+"/"+h.ActorName)
		}
		if strings.Join(trail, " ") != "propose/anna accept/bertrand activate/anna end/ada" {
			t.Errorf("history %v", trail)
		}
	})
}

// A stale If-Match is refused with 412 and the record keeps the winning
// edit; a missing one on an update is 428 Precondition Required naming the
// header, a malformed one 422. Concurrent
// HTTP writers with the same version: one 200, the rest 412.
func TestPartnershipIfMatch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newPartnershipAPI(t, db)
		p := a.propose("coordA", a.w.B, "twinning")
		path := fmt.Sprintf("/api/v1/partnerships/%d", p.ID)
		var got wikicities.Partnership
		tag := a.must(200, "anonymous", "GET", path, nil, "", &got)
		if tag != `"1"` {
			t.Fatalf("ETag %q", tag)
		}
		ag := map[string]any{"goals": []string{"mine"}, "languages": []string{"de"}}
		code, _, b := a.do("coordA", "PUT", path+"/agreement", ag, "")
		if code != http.StatusPreconditionRequired || !strings.Contains(string(b), "If-Match") {
			t.Errorf("without If-Match: %d %s", code, b)
		}
		if code, _, b := a.do("coordA", "PUT", path+"/agreement", ag, "3"); code != 422 {
			t.Errorf("unquoted If-Match: %d %s", code, b)
		}

		const writers = 8
		codes := make(chan int, writers)
		var wg sync.WaitGroup
		for i := range writers {
			wg.Go(func() {
				role := []string{"coordA", "coordB"}[i%2]
				code, _, _ := a.do(role, "PUT", path+"/agreement", map[string]any{"goals": []string{fmt.Sprintf("goal of writer %d", i)}}, tag)
				codes <- code
			})
		}
		wg.Wait()
		close(codes)
		count := map[int]int{}
		for c := range codes {
			count[c]++
		}
		if count[200] != 1 || count[412] != writers-1 {
			t.Fatalf("status counts %v, want one 200 and %d 412", count, writers-1)
		}
		a.must(200, "anonymous", "GET", path, nil, "", &got)
		if got.Version != 2 || len(got.Agreement.Goals) != 1 || !strings.HasPrefix(got.Agreement.Goals[0], "goal of writer") {
			t.Errorf("after the race: version %d goals %v", got.Version, got.Agreement.Goals)
		}
		// A transition with a stale If-Match is refused too, and changes nothing.
		if code, _, b := a.do("coordB", "POST", path+"/accept", nil, `"1"`); code != 412 {
			t.Errorf("accept with stale If-Match: %d %s", code, b)
		}
	})
}

// Every update and delete of a partnership record checks, in this order,
// write access (403 to a read-only token), the path ids (422), the If-Match version (428 when
// missing, 422 when malformed, 412 when stale), and changes nothing when
// one fails.
func TestPartnershipVersionedWritesCheckInOrder(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newPartnershipAPI(t, db)
		p := a.propose("coordA", a.w.B, "twinning")
		path := fmt.Sprintf("/api/v1/partnerships/%d", p.ID)
		a.must(200, "coordB", "POST", path+"/accept", nil, "", nil)
		var r wikicities.Responsibility
		a.must(201, "coordA", "POST", path+"/responsibilities", map[string]any{"owner": "a", "description": "Scan the archive"}, "", &r)
		var act wikicities.Activity
		actBody := map[string]any{"kind": "photo_walk", "title": "Walk", "start": "2026-03-01T10:00:00Z"}
		a.must(201, "coordA", "POST", path+"/activities", actBody, "", &act)
		var before wikicities.Partnership
		a.must(200, "anonymous", "GET", path, nil, "", &before)
		routes := []struct {
			method, path, badID string
			body                any
		}{
			{"PUT", path + "/agreement", "/api/v1/partnerships/x/agreement", map[string]any{"goals": []string{"changed"}}},
			{"PUT", fmt.Sprintf("%s/responsibilities/%d", path, r.ID), path + "/responsibilities/0", map[string]any{"owner": "a", "description": "changed"}},
			{"DELETE", fmt.Sprintf("%s/responsibilities/%d", path, r.ID), path + "/responsibilities/-1", nil},
			{"PUT", fmt.Sprintf("%s/activities/%d", path, act.ID), path + "/activities/x", actBody},
			{"DELETE", fmt.Sprintf("%s/activities/%d", path, act.ID), path + "/activities/0", nil},
		}
		for _, rt := range routes {
			for _, c := range []struct {
				role, path, ifMatch string
				want                int
			}{
				{"readToken", rt.path, "", http.StatusForbidden},
				{"coordA", rt.badID, "", http.StatusUnprocessableEntity},
				{"coordA", rt.path, "", http.StatusPreconditionRequired},
				{"coordA", rt.path, "1", http.StatusUnprocessableEntity},
				{"coordA", rt.path, `"7"`, http.StatusPreconditionFailed},
			} {
				if code, _, b := a.do(c.role, rt.method, c.path, rt.body, c.ifMatch); code != c.want {
					t.Errorf("%s %s as %s, If-Match %q: %d %s, want %d", rt.method, c.path, c.role, c.ifMatch, code, b, c.want)
				}
			}
		}
		var got wikicities.Partnership
		a.must(200, "anonymous", "GET", path, nil, "", &got)
		if got.Version != before.Version || slices.Contains(got.Agreement.Goals, "changed") {
			t.Errorf("partnership changed by refused writes: version %d goals %v", got.Version, got.Agreement.Goals)
		}
		if tag := a.must(200, "anonymous", "GET", fmt.Sprintf("%s/activities/%d", path, act.ID), nil, "", nil); tag != `"1"` {
			t.Errorf("activity ETag %s after refused writes, want \"1\"", tag)
		}
	})
}

// A scripted scenario through the API with a controlled clock: proposal,
// acceptance, activities, health, silence, dormancy, renewal, health again.
func TestPartnershipScenarioProposalToDormancyToRenewal(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newPartnershipAPI(t, db)
		ps := db.Partnerships()
		p := a.propose("coordA", a.w.Inst, "institutional")
		path := fmt.Sprintf("/api/v1/partnerships/%d", p.ID)
		a.advance(3 * 24 * time.Hour)
		var got wikicities.Partnership
		a.must(200, "coordInst", "POST", path+"/accept", map[string]string{"note": "The museum is in"}, "", &got)
		a.must(201, "coordInst", "POST", path+"/responsibilities", map[string]any{"owner": "b", "description": "Release 500 scans", "due": "2026-05-01"}, "", nil)
		a.must(201, "coordA", "POST", path+"/responsibilities", map[string]any{"owner": "a", "description": "Train museum staff", "due": "2026-04-01"}, "", nil)
		for i, day := range []int{1, 30, 60} {
			a.advance(time.Duration(day) * time.Hour * 24 / 2)
			a.must(201, "coordA", "POST", path+"/activities", map[string]any{"kind": "workshop", "title": fmt.Sprintf("Workshop %d", i+1),
				"start": db.Now().Add(-time.Hour).Format(time.RFC3339), "place": "Paris", "organizers_a": []string{"anna"}, "organizers_b": []string{"ines"},
				"participants": 10, "outcomes": map[string]any{"articles_created": 3}}, "", nil)
		}
		var h struct {
			Score   int
			Summary string
			AtRisk  bool `json:"at_risk"`
		}
		a.must(200, "anonymous", "GET", path+"/health", nil, "", &h)
		t.Logf("healthy: %d %q", h.Score, h.Summary)
		if h.AtRisk || h.Score < 70 {
			t.Errorf("active partnership with fresh activity: %+v", h)
		}
		// Seven months of silence: at risk first, then dormant.
		a.advance(150 * 24 * time.Hour)
		var risk struct {
			AtRisk []struct{ Partnership wikicities.Partnership } `json:"at_risk"`
		}
		a.must(200, "anonymous", "GET", fmt.Sprintf("/api/v1/partnerships/at-risk?institution=%d", a.w.Inst.ID), nil, "", &risk)
		if len(risk.AtRisk) != 1 || risk.AtRisk[0].Partnership.ID != p.ID {
			t.Errorf("at risk after 5 months: %+v", risk)
		}
		if lapsed, _ := ps.LapseDormant(context.Background(), wikicities.DormancyPolicy{After: wikicities.DefaultDormantAfter}); len(lapsed) != 0 {
			t.Fatalf("lapsed after 5 months: %d", len(lapsed))
		}
		a.advance(60 * 24 * time.Hour)
		if lapsed, _ := ps.LapseDormant(context.Background(), wikicities.DormancyPolicy{After: wikicities.DefaultDormantAfter}); len(lapsed) != 1 {
			t.Fatalf("lapsed after 7 months: %d", len(lapsed))
		}
		a.must(200, "anonymous", "GET", path+"/health", nil, "", &h)
		if !strings.Contains(h.Summary, "no activity for 7 months") || !strings.Contains(h.Summary, "2 of 2 responsibilities overdue") || !strings.Contains(h.Summary, "dormant since") {
			t.Errorf("dormant health summary %q", h.Summary)
		}
		if code, _, _ := a.do("member", "POST", path+"/renew", nil, ""); code != 403 {
			t.Errorf("renew by a member: %d", code)
		}
		a.must(200, "coordInst", "POST", path+"/renew", map[string]string{"note": "New director, new start"}, "", &got)
		if got.State != "active" {
			t.Fatalf("renewed: %s", got.State)
		}
		var hist struct{ History []wikicities.HistoryEntry }
		a.must(200, "coordB", "GET", path+"/history", nil, "", &hist) // who acted is for the parties
		var trail []string
		for _, e := range hist.History {
			trail = append(trail, fmt.Sprintf("%s>%s", e.From, e.To))
		}
		if strings.Join(trail, " ") != ">proposed proposed>accepted accepted>active active>dormant dormant>active" {
			t.Errorf("trail %v", trail)
		}
		var totals struct{ Totals []wikicities.TotalsRow }
		a.must(200, "anonymous", "GET", fmt.Sprintf("/api/v1/partnerships/totals?by=community&community=%d", a.w.A.ID), nil, "", &totals)
		if len(totals.Totals) != 1 || totals.Totals[0].Activities != 3 || totals.Totals[0].ArticlesCreated != 9 || totals.Totals[0].Participants != 30 {
			t.Errorf("totals %+v", totals.Totals)
		}
	})
}

// The feeds are read back by maintained parsers: the Atom feed by gofeed,
// the calendar by golang-ical (written by go-ical: two implementations).
// planningNotes are long enough, in two scripts, for the calendar to fold
// their line.
const planningNotes = "Agenda: the joint photo contest of Berlin and Paris, the jury, the prizes; " +
	"جدول الأعمال: مسابقة الصور المشتركة بين برلين وباريس"

func TestPartnershipFeedsParseBack(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newPartnershipAPI(t, db)
		p := a.propose("coordA", a.w.B, "twinning")
		path := fmt.Sprintf("/api/v1/partnerships/%d", p.ID)
		a.advance(time.Hour)
		a.must(200, "coordB", "POST", path+"/accept", nil, "", nil)
		a.advance(3 * time.Hour)
		start := db.Now().Add(-2 * time.Hour) // after the acceptance, before it is logged
		a.must(201, "coordA", "POST", path+"/activities", map[string]any{"kind": "editathon", "title": "Berlin <-> Paris edit-a-thon",
			"start": start.Format(time.RFC3339), "place": "Rathaus Schöneberg <script>alert(1)</script>", "participants": 20,
			"outcomes": map[string]any{"articles_created": 12}}, "", nil)
		next := db.Now().Add(10 * 24 * time.Hour)
		a.must(201, "coordB", "POST", path+"/activities", map[string]any{"kind": "online_meeting", "title": "Planning call",
			"start": next.Format(time.RFC3339), "end": next.Add(time.Hour).Format(time.RFC3339), "place": "online",
			"notes": planningNotes}, "", nil)

		for _, feedPath := range []string{"/partnerships/feed.atom", fmt.Sprintf("/communities/%d/partnerships.atom", a.w.B.ID)} {
			resp, err := http.Get(a.srv.URL + feedPath)
			if err != nil {
				t.Fatal(err)
			}
			if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/atom+xml") {
				t.Errorf("%s: content type %q", feedPath, ct)
			}
			feed, err := gofeed.NewParser().Parse(resp.Body)
			resp.Body.Close()
			if err != nil {
				t.Fatalf("%s: %v", feedPath, err)
			}
			if feed.FeedType != "atom" || len(feed.Items) != 3 {
				t.Fatalf("%s: %s with %d items", feedPath, feed.FeedType, len(feed.Items))
			}
			// Newest first: activation (when the activity was logged), the edit-a-thon, the acceptance.
			titles := []string{feed.Items[0].Title, feed.Items[1].Title, feed.Items[2].Title}
			want := []string{
				"Wikimedians of Berlin & Wikimedia Paris: partnership active",
				"Wikimedians of Berlin & Wikimedia Paris: Berlin <-> Paris edit-a-thon (editathon)",
				"Wikimedians of Berlin & Wikimedia Paris: partnership agreed",
			}
			if strings.Join(titles, "|") != strings.Join(want, "|") {
				t.Errorf("%s titles\n%q\nwant\n%q", feedPath, titles, want)
			}
			// The summary is HTML in Atom: the place a user typed is escaped.
			if d := feed.Items[1].Description; strings.Contains(d, "<script>") || !strings.Contains(d, "Rathaus Schöneberg &lt;script&gt;") {
				t.Errorf("summary not escaped: %q", d)
			}
			if !strings.Contains(feed.Items[1].Description, "12 articles created") || feed.Items[1].PublishedParsed == nil || !feed.Items[1].PublishedParsed.Equal(start.Truncate(time.Second)) {
				t.Errorf("activity item %+v", feed.Items[1])
			}
		}
		if resp, _ := http.Get(a.srv.URL + fmt.Sprintf("/communities/%d/partnerships.atom", a.w.C.ID)); resp != nil {
			feed, err := gofeed.NewParser().Parse(resp.Body)
			resp.Body.Close()
			if err != nil || len(feed.Items) != 0 {
				t.Errorf("feed of a community without partnerships: %v %d items", err, len(feed.Items))
			}
		}
		if resp, _ := http.Get(a.srv.URL + "/communities/9999/partnerships.atom"); resp.StatusCode != 404 {
			t.Errorf("feed of an unknown community: %d", resp.StatusCode)
		}

		resp, err := http.Get(a.srv.URL + fmt.Sprintf("/communities/%d/activities.ics", a.w.A.ID))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/calendar") {
			t.Errorf("calendar content type %q", ct)
		}
		raw, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		// Lines are folded at 75 octets (RFC 5545, 3.1); the long notes were
		// written on one line.
		for i, line := range strings.Split(string(raw), "\r\n") {
			if len(line) > 75 {
				t.Errorf("calendar line %d has %d octets: %q", i+1, len(line), line)
			}
		}
		cal, err := ics.ParseCalendar(bytes.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		evs := cal.Events()
		if len(evs) != 2 {
			t.Fatalf("%d events, want 2", len(evs))
		}
		s0, _ := evs[0].GetStartAt()
		e1, _ := evs[1].GetEndAt()
		if !s0.Equal(start.Truncate(time.Second)) || !e1.Equal(next.Add(time.Hour).Truncate(time.Second)) {
			t.Errorf("times %v %v", s0, e1)
		}
		if got := evs[1].GetProperty(ics.ComponentPropertySummary).Value; got != "Planning call" {
			t.Errorf("summary %q", got)
		}
		if got := evs[1].GetProperty(ics.ComponentPropertyDescription).Value; got != "online meeting\n\n"+planningNotes {
			t.Errorf("description %q", got)
		}
		if got := evs[0].GetProperty(ics.ComponentPropertyLocation).Value; got != "Rathaus Schöneberg <script>alert(1)</script>" {
			t.Errorf("location %q", got)
		}
		if !strings.HasPrefix(evs[0].Id(), "activity-") || evs[0].Id() == evs[1].Id() {
			t.Errorf("uids %q %q", evs[0].Id(), evs[1].Id())
		}
	})
}

func TestUnsubscribeRoute(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newPartnershipAPI(t, db)
		ctx := context.Background()
		token, err := db.UnsubscribeToken(ctx, a.w.CoordB.UserID)
		if err != nil {
			t.Fatal(err)
		}
		code, _, body := a.do("anonymous", "GET", "/digest/unsubscribe/"+token, nil, "")
		if code != 200 || !strings.Contains(string(body), `<form method="post">`) {
			t.Fatalf("GET: %d %s", code, body)
		}
		if out, _ := db.OptedOutOfDigest(ctx, a.w.CoordB.UserID); out {
			t.Fatal("GET alone opted out (mail scanners follow links)")
		}
		forged := fmt.Sprintf("%d.%s", a.w.CoordA.UserID, strings.SplitN(token, ".", 2)[1])
		if code, _, _ := a.do("anonymous", "POST", "/digest/unsubscribe/"+forged, nil, ""); code != 422 {
			t.Errorf("forged token: %d, want 422", code)
		}
		code, _, body = a.do("anonymous", "POST", "/digest/unsubscribe/"+token, nil, "")
		if code != 200 || !strings.Contains(string(body), "no more partnership digests") {
			t.Fatalf("POST: %d %s", code, body)
		}
		for _, c := range []struct {
			who  *wikicities.Actor
			want bool
		}{{a.w.CoordB, true}, {a.w.CoordA, false}} {
			if out, _ := db.OptedOutOfDigest(ctx, c.who.UserID); out != c.want {
				t.Errorf("%s opted out: %v, want %v", c.who.Username, out, c.want)
			}
		}
	})
}

func TestPartnershipListFilters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newPartnershipAPI(t, db)
		pb := a.propose("coordA", a.w.B, "twinning")
		pi := a.propose("coordA", a.w.Inst, "institutional")
		a.must(200, "coordB", "POST", fmt.Sprintf("/api/v1/partnerships/%d/accept", pb.ID), nil, "", nil)
		type list struct {
			Partnerships []wikicities.Partnership
			Total        int
		}
		for _, c := range []struct {
			query string
			want  []int64
		}{
			{"", []int64{pi.ID, pb.ID}},
			{"?state=accepted", []int64{pb.ID}},
			{"?state=proposed,accepted&type=institutional", []int64{pi.ID}},
			{fmt.Sprintf("?institution=%d", a.w.Inst.ID), []int64{pi.ID}},
			{fmt.Sprintf("?community=%d", a.w.B.ID), []int64{pb.ID}},
			{fmt.Sprintf("?community=%d", a.w.C.ID), nil},
			{"?limit=1", []int64{pi.ID}},
		} {
			var l list
			a.must(200, "anonymous", "GET", "/api/v1/partnerships"+c.query, nil, "", &l)
			var ids []int64
			for _, p := range l.Partnerships {
				ids = append(ids, p.ID)
			}
			if fmt.Sprint(ids) != fmt.Sprint(c.want) {
				t.Errorf("%q: ids %v, want %v", c.query, ids, c.want)
			}
		}
		for _, q := range []string{"?state=married", "?type=friendship", "?community=x", "?limit=0"} {
			if code, _, b := a.do("anonymous", "GET", "/api/v1/partnerships"+q, nil, ""); code != 422 {
				t.Errorf("%s: %d %s, want 422", q, code, b)
			}
		}
	})
}
