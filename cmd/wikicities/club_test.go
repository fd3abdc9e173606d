package main

import (
	"errors"
	"strings"
	"testing"

	"github.com/wikicities/wikicities"
)

func TestWikiClubFromTheCommandLine(t *testing.T) {
	dir := newScratchStore(t)
	do := func(args ...string) string {
		t.Helper()
		return mustRun(t, "", append([]string{"--data-dir", dir}, args...)...)
	}
	do("institution", "add", "--kind", "school", "--name", "Gymnasium München", "--city", "Munich")
	do("institution", "add", "--kind", "library", "--name", "Edinburgh Library", "--city", "Edinburgh")
	out := do("club", "start", "--host", "1", "--name", "Gymnasium Wiki Club", "--meetings", "Thursdays 15:00", "--first-meeting", "2026-06-04")
	if !strings.Contains(out, `Wiki Club "Gymnasium Wiki Club" started`) || !strings.Contains(out, "hosted by Gymnasium München") {
		t.Errorf("start: %s", out)
	}
	do("club", "start", "--host", "2", "--name", "Library | Wiki Club")
	if out := do("club", "sisters", "Gymnasium Wiki Club"); !strings.Contains(out, "Library | Wiki Club  Edinburgh Library") {
		t.Errorf("sisters: %q", out)
	}
	if out := do("club", "update", "Gymnasium Wiki Club", "--members", "12", "--regular-editors", "4"); !strings.Contains(out, "12 members, 4 regular editors") {
		t.Errorf("update: %s", out)
	}
	wt := do("club", "show", "Library | Wiki Club", "--wikitext")
	if !strings.Contains(wt, "Library &#124; Wiki Club") {
		t.Errorf("the name is not escaped:\n%s", wt)
	}
	if _, err := run(t, "", "--data-dir", dir, "club", "update", "Gymnasium Wiki Club", "--members", "2"); !errors.Is(err, wikicities.ErrInvalid) {
		t.Errorf("fewer members than regular editors: %v", err)
	}
	if _, err := run(t, "", "--data-dir", dir, "club", "show", "WikiMUC"); !errors.Is(err, wikicities.ErrNotFound) {
		t.Errorf("not a club: %v", err)
	}
}
