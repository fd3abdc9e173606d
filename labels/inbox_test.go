package labels_test

import (
	"strings"
	"testing"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/i18n"
	"github.com/wikicities/wikicities/labels"
)

// Every kind of inbox item (and every answer) is said in every language,
// with the names it is about.
func TestEveryInboxItemIsTranslated(t *testing.T) {
	ours := wikicities.Party{Kind: "community", ID: 1, Name: "Wikimedians of Berlin"}
	other := wikicities.Party{Kind: "institution", ID: 2, Name: "Musée Carnavalet"}
	var items []wikicities.InboxItem
	for _, k := range constants(t, "../inbox.go", "Inbox") {
		if k == string(wikicities.InboxAnswer) {
			continue // by action, below
		}
		items = append(items, wikicities.InboxItem{Kind: wikicities.InboxKind(k), Ours: ours, Other: other, Actor: "anna", Title: "Book the hall"})
	}
	for _, a := range []string{"accept", "decline", "withdraw", "renew", "end", "lapse"} {
		items = append(items, wikicities.InboxItem{Kind: wikicities.InboxAnswer, Action: a, Ours: ours, Other: other, Actor: "anna"})
	}
	items = append(items, wikicities.InboxItem{Kind: wikicities.InboxResponsibility, Overdue: true, Ours: ours, Other: other, Title: "Book the hall"},
		wikicities.InboxItem{Kind: wikicities.InboxClaimDecided, Action: "approved", Ours: ours})
	for _, lang := range []string{"en", "de", "ar"} {
		p := i18n.Default().Printer(lang)
		seen := map[string]bool{}
		for _, it := range items {
			got := labels.InboxItem(p, it)
			if strings.Contains(got, "⧼") || got == string(it.Kind) || seen[got] {
				t.Errorf("%s: %s/%s said %q", lang, it.Kind, it.Action, got)
			}
			if it.Kind != wikicities.InboxClaimDecided && it.Kind != wikicities.InboxRequestAnswered && it.Kind != wikicities.InboxPromoted &&
				it.Kind != wikicities.InboxEventSoon && !strings.Contains(got, ours.Name) {
				t.Errorf("%s: %s/%s does not name the group: %q", lang, it.Kind, it.Action, got)
			}
			seen[got] = true
		}
	}
}

// A due date is said in words of the reader's language, as pages and
// emails say dates, not as a machine writes it (2026-12-16).
func TestInboxDueDateInWords(t *testing.T) {
	due := time.Date(2026, 12, 16, 0, 0, 0, 0, time.UTC)
	it := wikicities.InboxItem{Kind: wikicities.InboxResponsibility, Due: due, Title: "Book the hall",
		Ours: wikicities.Party{Name: "WikiMUC"}, Other: wikicities.Party{Name: "Deutsches Museum"}}
	soon := wikicities.InboxItem{Kind: wikicities.InboxEventSoon, Due: due.Add(17 * time.Hour), Title: "Wikidata workshop", EventID: 4}
	for lang, want := range map[string]string{"en": "16 December 2026", "de": "16. Dezember 2026"} {
		got := labels.InboxItem(i18n.Default().Printer(lang), it)
		if !strings.Contains(got, want) || strings.Contains(got, "2026-12-16") {
			t.Errorf("%s: %q, want the date as %q", lang, got, want)
		}
		if got := labels.InboxItem(i18n.Default().Printer(lang), soon); !strings.Contains(got, want+", 17:00 UTC") || !strings.Contains(got, "Wikidata workshop") {
			t.Errorf("%s: the reminder says %q", lang, got)
		}
	}
	if l := labels.InboxLink(soon); l != "/events/4" {
		t.Errorf("the reminder opens %s", l)
	}
}

// An answer to one's partner request opens the partnership it proposed,
// else the request's page, else (older items) one's own group.
func TestInboxLinkOfAnAnsweredRequest(t *testing.T) {
	ours := wikicities.Party{Kind: wikicities.PartyCommunity, ID: 3}
	for _, tt := range []struct {
		it   wikicities.InboxItem
		want string
	}{
		{wikicities.InboxItem{Kind: wikicities.InboxRequestAnswered, Ours: ours, RequestID: 7, PartnershipID: 9}, "/partnerships/9"},
		{wikicities.InboxItem{Kind: wikicities.InboxRequestAnswered, Ours: ours, RequestID: 7}, "/requests/7"},
		{wikicities.InboxItem{Kind: wikicities.InboxRequestAnswered, Ours: ours}, "/communities/3"},
	} {
		if got := labels.InboxLink(tt.it); got != tt.want {
			t.Errorf("%+v: %s, want %s", tt.it, got, tt.want)
		}
	}
}
