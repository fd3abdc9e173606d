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

func TestLibraryResourceAddedOnTheSiteIsEditedByItsAuthorWithItsVersion(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := storetest.MustPartners(t, db)
		ctx := context.Background()
		as := func(a *wikicities.Actor) context.Context { return storetest.As(ctx, a) }
		lib := db.Training()
		r := &wikicities.TrainingResource{Title: "  Wiki Club handbook ", Link: "https://meta.wikimedia.org/wiki/Wiki_Club",
			Languages: []string{"en", "de", "en"}, Format: wikicities.FormatToolkit, Topic: "Clubs", Level: wikicities.LevelBeginner}
		if err := lib.AddResource(as(w.Anonymous), r); !errors.Is(err, wikicities.ErrUnauthorized) {
			t.Errorf("anonymous adds: %v", err)
		}
		bad := &wikicities.TrainingResource{Title: "x", Link: "ftp://x", Format: "podcast", Languages: []string{"not a code"}}
		err := lib.AddResource(as(w.Member), bad)
		for _, f := range []string{"link", "format", "languages"} {
			if !errors.Is(err, wikicities.ErrInvalid) || !strings.Contains(err.Error(), f) {
				t.Errorf("bad resource: %v lacks %s", err, f)
			}
		}
		if err := lib.AddResource(as(w.Member), r); err != nil {
			t.Fatal(err)
		}
		got, err := lib.Resource(ctx, r.ID)
		if err != nil || got.Title != "Wiki Club handbook" || got.CreatedBy != w.Member.UserID || got.Version != 1 ||
			strings.Join(got.Languages, ",") != "en,de" || got.Source != r.Source {
			t.Fatalf("added: %+v, %v", got, err)
		}
		if !got.EditableBy(w.Member) || got.EditableBy(w.CoordA) || !got.EditableBy(w.Admin) || got.EditableBy(w.Anonymous) {
			t.Errorf("EditableBy: author, stranger, admin, anonymous")
		}
		edit := *got
		edit.Title = "Wiki Club handbook (2nd ed.)"
		if err := lib.UpdateResource(as(w.CoordA), &edit); !errors.Is(err, wikicities.ErrForbidden) {
			t.Errorf("a stranger edits: %v", err)
		}
		if err := lib.UpdateResource(as(w.Member), &edit); err != nil || edit.Version != 2 {
			t.Fatalf("author edits: %v (version %d)", err, edit.Version)
		}
		stale := *got // still at version 1
		stale.Title = "Overwrite"
		var se *wikicities.StaleError
		if err := lib.UpdateResource(as(w.Admin), &stale); !errors.As(err, &se) {
			t.Errorf("stale edit: %v", err)
		}
		if now, _ := lib.Resource(ctx, r.ID); now.Title != "Wiki Club handbook (2nd ed.)" || now.Source != r.Source {
			t.Errorf("after the edits: %+v", now)
		}
		if err := lib.UpdateResource(as(w.Admin), &wikicities.TrainingResource{ID: 9999, Title: "x", Link: "https://x.org", Format: "toolkit"}); !errors.Is(err, wikicities.ErrNotFound) {
			t.Errorf("unknown resource: %v", err)
		}
	})
}

func TestLibraryResourceUsesNameWhereAResourceIsAttached(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w, all := libraryWorld(t, db)
		ctx := context.Background()
		as := func(a *wikicities.Actor) context.Context { return storetest.As(ctx, a) }
		lib := db.Training()
		toolkit := all[1]
		if uses, err := lib.ResourceUses(ctx, toolkit.ID); err != nil || len(uses) != 0 {
			t.Fatalf("unused: %+v, %v", uses, err)
		}
		p := mustPropose(t, db, w, w.B, wikicities.TypeTwinning)
		resp := &wikicities.Responsibility{PartnershipID: p.ID, Owner: wikicities.SideA, Description: "Host the joint edit-a-thon"}
		if err := db.Partnerships().AddResponsibility(as(w.CoordA), resp); err != nil {
			t.Fatal(err)
		}
		for _, target := range []wikicities.ResourceTarget{{Kind: wikicities.TargetPartnership, ID: p.ID}, {Kind: wikicities.TargetResponsibility, ID: resp.ID}} {
			if err := lib.AttachResource(as(w.CoordA), toolkit.ID, target); err != nil {
				t.Fatal(err)
			}
		}
		uses, err := lib.ResourceUses(ctx, toolkit.ID)
		if err != nil || len(uses) != 2 {
			t.Fatalf("uses: %+v, %v", uses, err)
		}
		names := map[wikicities.ResourceTargetKind]*wikicities.ResourceUse{}
		for _, u := range uses {
			names[u.Target.Kind] = u
		}
		if u := names[wikicities.TargetPartnership]; u == nil || !strings.Contains(u.Name, "Wikimedians of Berlin") || u.PartnershipID != p.ID {
			t.Errorf("partnership use: %+v", u)
		}
		if u := names[wikicities.TargetResponsibility]; u == nil || u.Name != "Host the joint edit-a-thon" || u.PartnershipID != p.ID {
			t.Errorf("responsibility use: %+v", u)
		}
		if _, err := lib.ResourceUses(ctx, 9999); !errors.Is(err, wikicities.ErrNotFound) {
			t.Errorf("unknown resource: %v", err)
		}
	})
}

func TestLibraryKeepsTheSlidesOfAnImportedModule(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := storetest.MustPartners(t, db)
		ctx := storetest.As(context.Background(), w.Admin)
		lib := db.Training()
		rs := libraryFixture()
		rs[0].SlideTexts = []wikicities.TrainingSlide{
			{Title: "What is Commons?", Content: "The media repository.", Translations: map[string]wikicities.SlideTranslation{"de": {Title: "Was ist Commons?"}}},
			{Title: "Quiz", Quiz: &wikicities.SlideQuiz{Question: "Which licence?", Correct: 2, Answers: []wikicities.QuizAnswer{{ID: 1, Text: "None"}, {ID: 2, Text: "CC BY-SA", Explanation: "Free."}}}},
		}
		if _, _, err := lib.ImportResources(ctx, rs); err != nil {
			t.Fatal(err)
		}
		all, _ := lib.Resources(ctx, wikicities.ResourceFilter{})
		got, err := lib.Slides(ctx, all[0].ID)
		if err != nil || len(got) != 2 || got[0].Translations["de"].Title != "Was ist Commons?" || got[1].Quiz == nil || got[1].Quiz.Answers[1].Explanation != "Free." {
			t.Fatalf("slides: %+v, %v", got, err)
		}
		if none, err := lib.Slides(ctx, all[1].ID); err != nil || len(none) != 0 {
			t.Errorf("a toolkit's slides: %+v, %v", none, err)
		}
		rs[0].SlideTexts = rs[0].SlideTexts[1:]
		if _, _, err := lib.ImportResources(ctx, rs); err != nil {
			t.Fatal(err)
		}
		if got, _ := lib.Slides(ctx, all[0].ID); len(got) != 1 || got[0].Title != "Quiz" {
			t.Errorf("after a re-import: %+v", got)
		}
		rs[0].SlideTexts = nil
		if _, _, err := lib.ImportResources(ctx, rs); err != nil {
			t.Fatal(err)
		}
		if got, _ := lib.Slides(ctx, all[0].ID); len(got) != 1 {
			t.Errorf("an import without slides dropped them: %+v", got)
		}
		if _, err := lib.Slides(ctx, 9999); !errors.Is(err, wikicities.ErrNotFound) {
			t.Errorf("unknown resource: %v", err)
		}
	})
}
