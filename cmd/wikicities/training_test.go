package main

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wikicities/wikicities"
)

const trainingFixture = "../../training/testdata/training_content/wiki_ed"

func TestTrainingCheckListsModules(t *testing.T) {
	out := mustRun(t, "", "training", "check", trainingFixture)
	for _, want := range []string{"wiki_ed: 1 libraries, 2 modules, 3 slides (1 quizzes): all valid",
		"Drafting in the sandbox (Professional)\ten,de,es\tDrafting\t60 min\thttps://outreachdashboard.wmflabs.org/training/wikimedia-commons/drafting-professional"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	wt := mustRun(t, "", "training", "check", "--wikitext", trainingFixture)
	if !strings.HasPrefix(wt, "{| class=\"wikitable sortable\"") || !strings.Contains(wt, "About Wikimedia Commons") {
		t.Errorf("wikitext:\n%s", wt)
	}
	js := mustRun(t, "", "training", "check", "--json", trainingFixture)
	if !strings.Contains(js, `"source": "dashboard:wiki_ed/modules/about-wikimedia-commons"`) {
		t.Errorf("json:\n%s", js)
	}
}

func TestTrainingCheckNamesTheBrokenFileAndLine(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "wiki_ed")
	for _, d := range []string{"libraries", "modules", "slides/1-x"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write := func(p, s string) {
		if err := os.WriteFile(filepath.Join(dir, p), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("libraries/l.yml", "name: L\ncategories:\n  - title: T\n    modules:\n      - slug: m\n")
	write("modules/m.yml", "name: M\nid: 1\nslides:\n  - slug: s\n")
	write("slides/1-x/0101-s.yml", "id: 101\ntitle: S\nassessment:\n  question: Q?\n  correct_answer_id: 3\n  answers:\n    - id: 1\n      text: a\n    - id: 2\n      text: b\n")
	_, err := run(t, "", "training", "check", dir)
	if err == nil || !strings.Contains(err.Error(), "slides/1-x/0101-s.yml:5: assessment.correct_answer_id: 3 is not the id of an answer") {
		t.Errorf("err = %v", err)
	}
	if _, err := run(t, "", "training", "check", filepath.Join(dir, "nope")); err == nil || !strings.Contains(err.Error(), "is not a directory") {
		t.Errorf("missing dir: %v", err)
	}
}

func TestTrainingLibraryFromTheCommandLine(t *testing.T) {
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.Path, "drafting") {
			http.NotFound(w, r)
		}
	}))
	defer site.Close()
	dir := newScratchStore(t)
	do := func(args ...string) string {
		t.Helper()
		return mustRun(t, "", append([]string{"--data-dir", dir}, args...)...)
	}
	if out := do("training", "import", trainingFixture, "--skill", "editing_training", "--base-url", site.URL); out != "wiki_ed: 2 resources added, 0 updated\n" {
		t.Errorf("import: %q", out)
	}
	if out := do("training", "import", trainingFixture, "--skill", "editing_training", "--base-url", site.URL); out != "wiki_ed: 0 resources added, 2 updated\n" {
		t.Errorf("re-import: %q", out)
	}
	out := do("training", "recommend", "Edinburgh group")
	if !strings.Contains(out, "About Wikimedia Commons") || !strings.Contains(out, ", which you want") {
		t.Errorf("recommend:\n%s", out)
	}
	if out := do("training", "links", "--interval", "1ms"); out != "2 links checked: 1 alive, 1 gone (marked outdated), 0 unknown\n" {
		t.Errorf("links: %q", out)
	}
	out = do("training", "list")
	if !strings.Contains(out, "Drafting in the sandbox (Professional)") || !strings.Contains(out, "outdated") {
		t.Errorf("list:\n%s", out)
	}
	if out := do("training", "list", "--language", "es", "--json"); !strings.Contains(out, `"Haciendo borradores`) || strings.Contains(out, "About Wikimedia Commons") {
		t.Errorf("Spanish list:\n%s", out)
	}
	if out := do("training", "list", "--wikitext"); !strings.Contains(out, "(outdated)") {
		t.Errorf("wikitext:\n%s", out)
	}
	var u usageError
	if _, err := run(t, "", "--data-dir", dir, "training", "attach", "1"); !errors.As(err, &u) {
		t.Errorf("attach without a target: %v", err)
	}
	if _, err := run(t, "", "--data-dir", dir, "training", "attach", "1", "--partnership", "99"); !errors.Is(err, wikicities.ErrNotFound) {
		t.Errorf("attach to a missing partnership: %v", err)
	}
}

// A wrong attachment is undone from the command line: `training detach`
// takes the resource off the campaign and back out of the counted uses;
// a second detach finds nothing to remove.
func TestTrainingDetachUndoesAnAttach(t *testing.T) {
	dir := newScratchStore(t)
	do := func(args ...string) (string, error) {
		t.Helper()
		return run(t, "", append([]string{"--data-dir", dir}, args...)...)
	}
	mustRun(t, "", "--data-dir", dir, "user", "add", "Nadia")
	mustRun(t, "", "--data-dir", dir, "campaign", "add", "--as", "Nadia", "--name", "Wiki Loves Monuments")
	mustRun(t, "", "--data-dir", dir, "training", "import", trainingFixture, "--skill", "editing_training")
	if out, err := do("training", "attach", "1", "--campaign", "1"); err != nil || out != "resource 1 attached to campaign 1\n" {
		t.Fatalf("attach: %q %v", out, err)
	}
	if out := mustRun(t, "", "--data-dir", dir, "training", "list"); !strings.Contains(out, " 1 uses") {
		t.Errorf("list after the attach:\n%s", out)
	}
	if out, err := do("training", "detach", "1", "--campaign", "1"); err != nil || out != "resource 1 removed from campaign 1\n" {
		t.Fatalf("detach: %q %v", out, err)
	}
	if out := mustRun(t, "", "--data-dir", dir, "training", "list"); strings.Contains(out, " 1 uses") {
		t.Errorf("list after the detach still counts the use:\n%s", out)
	}
	if _, err := do("training", "detach", "1", "--campaign", "1"); !errors.Is(err, wikicities.ErrNotFound) {
		t.Errorf("detach twice: %v", err)
	}
	var u usageError
	if _, err := do("training", "detach", "1", "--campaign", "1", "--event", "1"); !errors.As(err, &u) {
		t.Errorf("detach from two records: %v", err)
	}
}
