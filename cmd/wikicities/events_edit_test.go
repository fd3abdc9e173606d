package main

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/wikicities/wikicities"
)

// A campaign is edited from the command line: the flags given change it,
// the others keep what it had; an edit at a version someone changed since
// is refused, as is one that changes nothing.
func TestCampaignUpdateFromTheCommandLine(t *testing.T) {
	dir := newScratchStore(t)
	do := func(args ...string) (string, error) {
		t.Helper()
		return run(t, "", append([]string{"--data-dir", dir}, args...)...)
	}
	mustRun(t, "", "--data-dir", dir, "user", "add", "Nadia")
	mustRun(t, "", "--data-dir", dir, "user", "add", "Bob")
	if out, err := do("campaign", "add", "--as", "Nadia", "--name", "Wiki Loves Monuments", "--meta-page", "Wiki Loves Monuments"); err != nil || out != "campaign 1: Wiki Loves Monuments\n" {
		t.Fatalf("add: %q %v", out, err)
	}
	if out, err := do("campaign", "update", "1", "--as", "Nadia", "--description", "Photograph monuments", "--wikidata", "Q1191622"); err != nil ||
		out != "updated campaign 1: Wiki Loves Monuments (version 2)\n" {
		t.Fatalf("update: %q %v", out, err)
	}
	if _, err := do("campaign", "update", "1", "--as", "Nadia", "--name", "Wiki Loves Earth", "--version", "1"); !errors.Is(err, wikicities.ErrStale) {
		t.Errorf("an update at a stale version: %v", err)
	}
	if _, err := do("campaign", "update", "1"); err == nil || !strings.Contains(err.Error(), "at least one of --name") {
		t.Errorf("an update of nothing: %v", err)
	}
	if _, err := do("campaign", "update", "1", "--name", ""); err == nil || !strings.Contains(err.Error(), "--name") {
		t.Errorf("an empty name: %v", err)
	}
	if _, err := do("campaign", "update", "1", "--as", "Bob", "--name", "Bob's"); !errors.Is(err, wikicities.ErrForbidden) {
		t.Errorf("an account that does not own the campaign: %v", err)
	}
	out, err := do("campaign", "show", "1", "--json")
	var shown struct{ Campaign wikicities.Campaign }
	if err != nil || json.Unmarshal([]byte(out), &shown) != nil {
		t.Fatalf("show: %v %s", err, out)
	}
	c := shown.Campaign
	if c.Name != "Wiki Loves Monuments" || c.Description != "Photograph monuments" || c.Wikidata != "Q1191622" ||
		c.MetaPage != "Wiki Loves Monuments" || c.Version != 2 {
		t.Errorf("after the updates: %+v", c)
	}
}

// An event is edited from the command line: the flags given change it and
// the others keep what it had (its times, mode, place); a stale version,
// an invalid value (named by its flag) and an account that does not
// organise it are refused.
func TestEventUpdateFromTheCommandLine(t *testing.T) {
	dir := newScratchStore(t)
	do := func(args ...string) (string, error) {
		t.Helper()
		return run(t, "", append([]string{"--data-dir", dir}, args...)...)
	}
	start := time.Now().UTC().AddDate(0, 0, 14).Truncate(time.Hour)
	if out, err := do("event", "add", "--organisers", "1", "--title", "Wikidata workshop", "--mode", "online", "--online", "https://meet.example.org/w",
		"--tz", "Europe/Berlin", "--start", start.Format(time.RFC3339), "--end", start.Add(2*time.Hour).Format(time.RFC3339),
		"--capacity", "10", "--waitlist", "--private"); err != nil || out != "event 1: Wikidata workshop\n" {
		t.Fatalf("add: %q %v", out, err)
	}
	if out, err := do("event", "update", "1", "--title", "Wikidata workshop for beginners", "--capacity", "12"); err != nil ||
		out != "updated event 1: Wikidata workshop for beginners (version 2)\n" {
		t.Fatalf("update: %q %v", out, err)
	}
	if _, err := do("event", "update", "1", "--title", "Stale", "--version", "1"); !errors.Is(err, wikicities.ErrStale) {
		t.Errorf("an update at a stale version: %v", err)
	}
	if _, err := do("event", "update", "1", "--end", start.Add(-time.Hour).Format(time.RFC3339)); err == nil || !strings.Contains(err.Error(), "--end") {
		t.Errorf("an end before the start: %v", err)
	}
	if _, err := do("event", "update", "1", "--tz", "Mars/Olympus"); err == nil || !strings.Contains(err.Error(), "--tz") {
		t.Errorf("an unknown time zone: %v", err)
	}
	if _, err := do("event", "update", "1", "--json"); err == nil || !strings.Contains(err.Error(), "at least one field") {
		t.Errorf("an update of nothing: %v", err)
	}
	mustRun(t, "", "--data-dir", dir, "user", "add", "Bob")
	if _, err := do("event", "update", "1", "--as", "Bob", "--title", "Bob's"); !errors.Is(err, wikicities.ErrForbidden) {
		t.Errorf("an account that organises nothing: %v", err)
	}
	out, err := do("event", "show", "1", "--json")
	var e wikicities.Event
	if err != nil || json.Unmarshal([]byte(out), &e) != nil {
		t.Fatalf("show: %v %s", err, out)
	}
	if e.Title != "Wikidata workshop for beginners" || e.Capacity != 12 || !e.Start.Equal(start) || !e.End.Equal(start.Add(2*time.Hour)) ||
		e.Mode != wikicities.ModeOnline || e.TimeZone != "Europe/Berlin" || e.Registration != wikicities.ListPrivate || !e.Waitlist ||
		e.Version != 2 || len(e.Organisers) != 1 || e.Organisers[0].ID != 1 {
		t.Errorf("after the updates: %+v", e)
	}
}

// event show --ical and --jsonld link to the site the server runs as
// (WIKICITIES_BASE_URL, as serve and digest read it): they linked to
// http://localhost:8080 whatever the site, with a UID of that host, so a
// calendar holding the file and the site's feed had the event twice.
func TestEventShowLinksToTheSite(t *testing.T) {
	dir := newScratchStore(t)
	start := time.Now().UTC().AddDate(0, 0, 14).Truncate(time.Hour)
	mustRun(t, "", "--data-dir", dir, "event", "add", "--organisers", "1", "--title", "Photo walk", "--mode", "online",
		"--online", "https://meet.example.org/w", "--start", start.Format(time.RFC3339), "--end", start.Add(2*time.Hour).Format(time.RFC3339))
	t.Setenv("WIKICITIES_BASE_URL", "https://wikicities.example/")
	ics := mustRun(t, "", "--data-dir", dir, "event", "show", "1", "--ical")
	for _, want := range []string{"UID:event-1@wikicities.example\r\n", "URL:https://wikicities.example/events/1\r\n"} {
		if !strings.Contains(ics, want) {
			t.Errorf("the calendar lacks %q:\n%s", want, ics)
		}
	}
	if ld := mustRun(t, "", "--data-dir", dir, "event", "show", "1", "--jsonld"); !strings.Contains(ld, `"url":"https://wikicities.example/events/1"`) {
		t.Errorf("JSON-LD: %s", ld)
	}
	if ics := mustRun(t, "", "--data-dir", dir, "event", "show", "1", "--ical", "--base-url", "https://other.example"); !strings.Contains(ics, "URL:https://other.example/events/1") {
		t.Errorf("--base-url is not used: %s", ics)
	}
}
