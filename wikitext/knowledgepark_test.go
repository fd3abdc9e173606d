package wikitext_test

import (
	"strings"
	"testing"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/wikitext"
)

func rowsOf(t *testing.T, td wikitext.TableData) []string {
	t.Helper()
	tables, err := wikitext.Parse(wikitext.Write(td))
	if err != nil {
		t.Fatal(err)
	}
	if len(tables) != 1 {
		t.Fatalf("%d tables", len(tables))
	}
	var got []string
	for _, r := range tables[0].Rows[1:] {
		var cells []string
		for _, c := range r.Cells {
			cells = append(cells, c.Text)
		}
		got = append(got, strings.Join(cells, ";"))
	}
	return got
}

// Names with wiki markup come back as the same text: nothing breaks the
// table or turns into a link, template or heading.
func TestCampaignParticipantsEscapesNamesAndShowsTwins(t *testing.T) {
	c := func(id int64, name string) wikicities.Party {
		return wikicities.Party{Kind: wikicities.PartyCommunity, ID: id, Name: name}
	}
	eds := []*wikicities.Edition{{ID: 1, Year: 2025}, {ID: 2, Year: 2026}}
	ns := []*wikicities.NationalEdition{
		{EditionID: 1, Community: c(1, "Wikimedians of Berlin"), Country: "DE"},
		{EditionID: 2, Community: c(2, "Wikimedia | Paris {{x}}"), Country: "FR", Partners: []wikicities.Party{{Kind: wikicities.PartyInstitution, ID: 9, Name: "[[Musée]]"}}},
		{EditionID: 2, Community: c(1, "Wikimedians of Berlin"), Country: "DE", Region: "== Brandenburg =="},
	}
	ts := []*wikicities.TwinEdition{{EditionID: 2, A: c(1, "Wikimedians of Berlin"), B: c(2, "Wikimedia | Paris {{x}}")}}
	got := rowsOf(t, wikitext.CampaignParticipants("Participants", eds, ns, ts))
	want := []string{
		"2026;DE;== Brandenburg ==;Wikimedians of Berlin;;Wikimedia | Paris {{x}};",
		"2026;FR;;Wikimedia | Paris {{x}};[[Musée]];Wikimedians of Berlin;",
		"2025;DE;;Wikimedians of Berlin;;;",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestGroupEventsInTheirZoneSoonestFirst(t *testing.T) {
	start := time.Date(2026, 5, 9, 8, 0, 0, 0, time.UTC)
	evs := []*wikicities.Event{
		{Title: "Later ''meetup''", Type: wikicities.EventMeetup, Mode: wikicities.ModeHybrid, TimeZone: "Europe/Berlin",
			Start: start.Add(48 * time.Hour), CityName: "Berlin", Status: wikicities.EventScheduled,
			Organisers: []wikicities.Party{{Name: "A"}, {Name: "B\nC"}}},
		{Title: "Photo walk", Type: wikicities.EventPhotoWalk, Mode: wikicities.ModeOnline, TimeZone: "UTC", Start: start,
			Status: wikicities.EventCancelled, Organisers: []wikicities.Party{{Name: "A"}}},
	}
	got := rowsOf(t, wikitext.GroupEvents("Events", evs))
	want := []string{
		"2026-05-09 08:00 UTC;Photo walk;photo walk;online;A;cancelled",
		"2026-05-11 10:00 CEST;Later ''meetup'';meetup;Berlin + online;A, B C;scheduled",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
