package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

func libraryFixture() []wikicities.TrainingResource {
	return []wikicities.TrainingResource{
		{Source: "dashboard:wiki_ed/modules/about-wikimedia-commons", Title: "About Wikimedia Commons", Link: "https://dashboard.wikiedu.org/training/a/b",
			Languages: []string{"en", "de"}, Titles: map[string]string{"de": "Über Wikimedia Commons"}, Skill: "photography", Topic: "Commons",
			Format: wikicities.FormatDashboardModule, Minutes: 15, Slides: 4, Quizzes: 1},
		{Source: "meta:Edit-a-thon toolkit", Title: "Edit-a-thon toolkit", Link: "https://meta.wikimedia.org/wiki/Edit-a-thon_toolkit",
			Languages: []string{"en"}, Topic: "Events", Format: wikicities.FormatToolkit},
	}
}

// libraryWorld is the partners world, on the partnerships' clock, with
// the library fixture imported by the admin: its resources, in the
// library's order (the Commons module, then the toolkit).
func libraryWorld(t *testing.T, db *store.DB) (*storetest.Partners, []*wikicities.TrainingResource) {
	t.Helper()
	withPartnershipClock(db)
	w := storetest.MustPartners(t, db)
	ctx := context.Background()
	if _, _, err := db.Training().ImportResources(storetest.As(ctx, w.Admin), libraryFixture()); err != nil {
		t.Fatal(err)
	}
	all, err := db.Training().Resources(ctx, wikicities.ResourceFilter{})
	if err != nil || len(all) != 2 {
		t.Fatalf("the imported library: %d resources, %v", len(all), err)
	}
	return w, all
}

func TestLibraryImportUpdatesBySourceAndValidates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := storetest.MustPartners(t, db)
		ctx := context.Background()
		lib := db.Training()
		if _, _, err := lib.ImportResources(storetest.As(ctx, w.Member), libraryFixture()); !errors.Is(err, wikicities.ErrForbidden) {
			t.Errorf("member imports: %v", err)
		}
		c, u, err := lib.ImportResources(storetest.As(ctx, w.Admin), libraryFixture())
		if err != nil || c != 2 || u != 0 {
			t.Fatalf("first import: %d created, %d updated, %v", c, u, err)
		}
		again := libraryFixture()
		again[0].Title = "About Commons"
		if c, u, err := lib.ImportResources(storetest.As(ctx, w.Admin), again); err != nil || c != 0 || u != 2 {
			t.Fatalf("re-import: %d created, %d updated, %v", c, u, err)
		}
		bad := libraryFixture()
		bad[1].Link, bad[1].Format = "javascript:alert(1)", "podcast"
		_, _, err = lib.ImportResources(storetest.As(ctx, w.Admin), bad)
		if !errors.Is(err, wikicities.ErrInvalid) || !strings.Contains(err.Error(), "resources[1].link") || !strings.Contains(err.Error(), "resources[1].format") {
			t.Errorf("bad import: %v", err)
		}
		all, err := lib.Resources(ctx, wikicities.ResourceFilter{})
		if err != nil || len(all) != 2 || all[0].Title != "About Commons" || all[0].Titles["de"] != "Über Wikimedia Commons" {
			t.Fatalf("library: %+v, %v", all, err)
		}
		if de, _ := lib.Resources(ctx, wikicities.ResourceFilter{Language: "de"}); len(de) != 1 {
			t.Errorf("German resources: %d", len(de))
		}
		if q, _ := lib.Resources(ctx, wikicities.ResourceFilter{Query: "edit-a-thon"}); len(q) != 1 || q[0].Format != wikicities.FormatToolkit {
			t.Errorf("query: %+v", q)
		}
		if err := lib.SetLinkStatus(storetest.As(ctx, w.Member), all[1].ID, true, db.Now()); !errors.Is(err, wikicities.ErrForbidden) {
			t.Errorf("member marks: %v", err)
		}
		if err := lib.SetLinkStatus(wikicities.NewContext(ctx, wikicities.System), all[1].ID, true, db.Now()); err != nil {
			t.Fatal(err)
		}
		if r, err := lib.Resource(ctx, all[1].ID); err != nil || !r.Outdated || r.CheckedAt.IsZero() {
			t.Errorf("after the check: %+v, %v", r, err)
		}
	})
}

func TestLibraryAttachCountsUsesAndRecommends(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w, all := libraryWorld(t, db)
		ctx := context.Background()
		as := func(a *wikicities.Actor) context.Context { return storetest.As(ctx, a) }
		lib := db.Training()
		commons, toolkit := all[0], all[1]
		p := mustPropose(t, db, w, w.B, wikicities.TypeTwinning)
		if _, err := db.Partnerships().Transition(as(w.CoordB), p.ID, wikicities.ActionAccept, p.Version, ""); err != nil {
			t.Fatal(err)
		}
		target := wikicities.ResourceTarget{Kind: wikicities.TargetPartnership, ID: p.ID}
		if err := lib.AttachResource(as(w.CoordC), toolkit.ID, target); !errors.Is(err, wikicities.ErrForbidden) {
			t.Errorf("outsider attaches: %v", err)
		}
		if err := lib.AttachResource(as(w.CoordA), toolkit.ID, target); err != nil {
			t.Fatal(err)
		}
		if err := lib.AttachResource(as(w.CoordB), toolkit.ID, target); !errors.Is(err, wikicities.ErrConflict) {
			t.Errorf("twice: %v", err)
		}
		if err := lib.AttachResource(as(w.CoordA), toolkit.ID, wikicities.ResourceTarget{Kind: wikicities.TargetEvent, ID: 999}); !errors.Is(err, wikicities.ErrNotFound) {
			t.Errorf("unknown event: %v", err)
		}
		if err := lib.AttachResource(as(w.CoordA), toolkit.ID, wikicities.ResourceTarget{Kind: "banana", ID: 1}); !errors.Is(err, wikicities.ErrInvalid) {
			t.Errorf("unknown target kind: %v", err)
		}
		got, err := lib.AttachedResources(ctx, target)
		if err != nil || len(got) != 1 || got[0].ID != toolkit.ID || got[0].Uses != 1 {
			t.Fatalf("attached: %+v, %v", got, err)
		}
		resp := &wikicities.Responsibility{PartnershipID: p.ID, Owner: wikicities.SideA, Description: "Host the joint edit-a-thon in May"}
		if err := db.Partnerships().AddResponsibility(as(w.CoordA), resp); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(ctx, `INSERT INTO party_skills (party_kind, party_id, direction, skill) VALUES ('community', ?, 'wanted', 'photography')`, w.A.ID); err != nil {
			t.Fatal(err)
		}
		recs, err := lib.RecommendResources(ctx, w.A.ID, 0)
		if err != nil || len(recs) != 2 || recs[0].Resource.ID != commons.ID || recs[1].Resource.ID != toolkit.ID {
			t.Fatalf("recommendations: %+v, %v", recs, err)
		}
		if recs[0].Reasons[0].Code != "wanted_skill" || recs[1].Reasons[0].Code != "responsibility" {
			t.Errorf("reasons: %+v / %+v", recs[0].Reasons, recs[1].Reasons)
		}
		if _, err := lib.RecommendResources(ctx, 9999, 0); !errors.Is(err, wikicities.ErrNotFound) {
			t.Errorf("unknown community: %v", err)
		}
	})
}

// A wrong attachment can be undone by whoever may attach there: it leaves
// the target's list and takes back the use it counted; others may not, and
// a resource that is not attached there is not found.
func TestLibraryDetachUndoesAnAttachment(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w, all := libraryWorld(t, db)
		ctx := context.Background()
		as := func(a *wikicities.Actor) context.Context { return storetest.As(ctx, a) }
		lib := db.Training()
		commons, toolkit := all[0], all[1]
		p := mustPropose(t, db, w, w.B, wikicities.TypeTwinning)
		target := wikicities.ResourceTarget{Kind: wikicities.TargetPartnership, ID: p.ID}
		for _, x := range []*wikicities.TrainingResource{commons, toolkit} {
			if err := lib.AttachResource(as(w.CoordA), x.ID, target); err != nil {
				t.Fatal(err)
			}
		}
		if err := lib.DetachResource(ctx, toolkit.ID, target); !errors.Is(err, wikicities.ErrUnauthorized) {
			t.Errorf("signed out detaches: %v", err)
		}
		if err := lib.DetachResource(as(w.CoordC), toolkit.ID, target); !errors.Is(err, wikicities.ErrForbidden) {
			t.Errorf("outsider detaches: %v", err)
		}
		if err := lib.DetachResource(as(w.CoordA), toolkit.ID, wikicities.ResourceTarget{Kind: "banana", ID: 1}); !errors.Is(err, wikicities.ErrInvalid) {
			t.Errorf("unknown target kind: %v", err)
		}
		if err := lib.DetachResource(as(w.CoordA), toolkit.ID, wikicities.ResourceTarget{Kind: wikicities.TargetEvent, ID: 999}); !errors.Is(err, wikicities.ErrNotFound) {
			t.Errorf("unknown event: %v", err)
		}
		if err := lib.DetachResource(as(w.CoordB), toolkit.ID, target); err != nil {
			t.Fatalf("the other party's coordinator detaches: %v", err)
		}
		if err := lib.DetachResource(as(w.CoordB), toolkit.ID, target); !errors.Is(err, wikicities.ErrNotFound) {
			t.Errorf("twice: %v", err)
		}
		got, err := lib.AttachedResources(ctx, target)
		if err != nil || len(got) != 1 || got[0].ID != commons.ID {
			t.Fatalf("attached after the detach: %+v, %v", got, err)
		}
		if x, err := lib.Resource(ctx, toolkit.ID); err != nil || x.Uses != 0 {
			t.Errorf("the toolkit's uses after the detach: %+v, %v", x, err)
		}
		if us, err := lib.ResourceUses(ctx, toolkit.ID); err != nil || len(us) != 0 {
			t.Errorf("the toolkit's uses listed: %+v, %v", us, err)
		}
		if err := lib.AttachResource(as(w.CoordA), toolkit.ID, target); err != nil {
			t.Errorf("attaching again after the detach: %v", err)
		}
		var n int
		if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM audit_log WHERE entity = 'resource_attachment' AND entity_id = ? AND action = 'detach'`, toolkit.ID).Scan(&n); err != nil || n != 1 {
			t.Errorf("detach audited %d times, %v", n, err)
		}
	})
}
