package wikitext

import (
	"strings"
	"testing"

	"github.com/wikicities/wikicities"
)

func TestTrainingLibraryEscapesAndOrders(t *testing.T) {
	rs := []wikicities.TrainingResource{
		{Title: "Zeta", Topic: "Commons", Languages: []string{"en", "de"}, Format: wikicities.FormatToolkit, Minutes: 30, Link: "https://example.org/z"},
		{Title: "Alpha | {{evil}} [[x]]\n== heading", Topic: "Commons", Languages: []string{"en"}, Format: wikicities.FormatDashboardModule, Maintainer: "''Bob''", Link: "https://example.org/a", Outdated: true},
	}
	src := Write(TrainingLibrary("Library", rs))
	if strings.Contains(src, "{{evil}}") || strings.Contains(src, "[[x]]") || strings.Contains(src, "''Bob''") || strings.Contains(src, "\n==") {
		t.Fatalf("markup leaked:\n%s", src)
	}
	if strings.Index(src, "Alpha") > strings.Index(src, "Zeta") {
		t.Errorf("not ordered by title:\n%s", src)
	}
	tables, err := Parse(src)
	if err != nil || len(tables) != 1 {
		t.Fatalf("Parse: %v, %d tables", err, len(tables))
	}
	rows := tables[0].Grid
	if len(rows) != 3 {
		t.Fatalf("rows = %d, want header + 2", len(rows))
	}
	if got := NormalizeText(rows[1][0].Text); got != NormalizeText("Alpha | {{evil}} [[x]] == heading") {
		t.Errorf("title read back as %q", got)
	}
	if got := rows[1][9].Text; !strings.Contains(got, "(outdated)") {
		t.Errorf("outdated link not marked: %q", got)
	}
	if got := rows[2][1].Text; got != "en, de" {
		t.Errorf("languages = %q", got)
	}
}

func TestClubSectionEscapes(t *testing.T) {
	src := Write(ClubSection(&wikicities.WikiClub{Name: "Club {{x}}", HostName: "School | [[Evil]]", MeetingSchedule: "Wednesdays", Members: 12, RegularEditors: 4}))
	if strings.Contains(src, "{{x}}") || strings.Contains(src, "[[Evil]]") {
		t.Fatalf("markup leaked:\n%s", src)
	}
	tables, err := Parse(src)
	if err != nil || len(tables) != 1 {
		t.Fatalf("Parse: %v", err)
	}
	g := tables[0].Grid
	if got := g[1][1].Text; got != "School | [[Evil]]" {
		t.Errorf("host read back as %q", got)
	}
	if got := g[5][1].Text; got != "12" {
		t.Errorf("members = %q", got)
	}
}
