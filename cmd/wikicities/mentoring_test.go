package main

import (
	"errors"
	"strings"
	"testing"

	"github.com/wikicities/wikicities"
)

func TestMentoringFromTheCommandLine(t *testing.T) {
	dir := newScratchStore(t)
	do := func(args ...string) string {
		t.Helper()
		return mustRun(t, "", append([]string{"--data-dir", dir}, args...)...)
	}
	do("user", "add", "Ada")
	do("user", "add", "Bea")
	do("user", "grant", "Ada", "community", "1") // WikiMUC, Munich
	do("user", "grant", "Bea", "community", "2") // Edinburgh group, twinned with Munich
	do("capacity", "set", "--person", "Bea", "--available", "content.photography", "--mentee-limit", "2")
	out := do("capacity", "set", "--person", "Ada", "--wanted", "content.photography , content.wikidata")
	if !strings.Contains(out, "wanted content.photography,content.wikidata") {
		t.Errorf("set: %s", out)
	}
	out = do("mentoring", "suggest", "--person", "Ada")
	if !strings.HasPrefix(out, "Bea\tperson ") || !strings.Contains(out, "in a twin city of yours") || !strings.Contains(out, "speaks English") || !strings.Contains(out, "can share Photography") {
		t.Errorf("suggest:\n%s", out)
	}
	if out := do("--lang", "de", "mentoring", "suggest", "--person", "Ada"); !strings.Contains(out, "kann Fotografie weitergeben") || !strings.Contains(out, "in einer Partnerstadt von dir") {
		t.Errorf("German reasons:\n%s", out)
	}
	if out := do("--lang", "ar", "mentoring", "suggest", "--person", "Ada"); !strings.Contains(out, "يمكنه مشاركة التصوير الفوتوغرافي") {
		t.Errorf("Arabic reasons:\n%s", out)
	}
	if out := do("mentoring", "request", "--person", "Ada", "--mentor", "Bea", "--capacity", "content.photography"); !strings.Contains(out, "mentorship 1: Ada asks Bea for content.photography (3 months): requested") {
		t.Errorf("request: %s", out)
	}
	if _, err := run(t, "", "--data-dir", dir, "mentoring", "checkin", "1", "too early"); !errors.Is(err, wikicities.ErrConflict) {
		t.Errorf("check-in on a request: %v", err)
	}
	do("mentoring", "accept", "1")
	if out := do("mentoring", "start", "1"); out != "mentorship 1: active\n" {
		t.Errorf("start: %q", out)
	}
	if out := do("mentoring", "checkin", "1", "first photo walk"); out != "check-in 1 logged\n" {
		t.Errorf("checkin: %q", out)
	}
	if out := do("mentoring", "list", "--person", "Bea"); !strings.Contains(out, "Bea -> Ada") || !strings.Contains(out, "active") || !strings.Contains(out, "1 check-ins") {
		t.Errorf("list: %s", out)
	}
	if out := do("--lang", "de", "capacity", "list"); !strings.Contains(out, "Fotografie") || !strings.Contains(out, "Q11633") {
		t.Errorf("German vocabulary:\n%s", out)
	}
	var u usageError
	if _, err := run(t, "", "--data-dir", dir, "mentoring", "suggest", "--person", "Ada", "--group", "WikiMUC"); !errors.As(err, &u) {
		t.Errorf("both --person and --group: %v", err)
	}
	if _, err := run(t, "", "--data-dir", dir, "capacity", "set", "--person", "Ada", "--wanted", "juggling"); !errors.Is(err, wikicities.ErrInvalid) || !strings.Contains(err.Error(), "juggling") {
		t.Errorf("unknown capacity: %v", err)
	}
}
