package i18n_test

import (
	"testing"
	"time"

	"github.com/wikicities/wikicities/i18n"
)

func TestDateFollowsEachLanguage(t *testing.T) {
	cat := i18n.Default()
	day := time.Date(2026, time.December, 6, 14, 5, 0, 0, time.UTC)
	may := time.Date(2025, time.May, 30, 23, 59, 0, 0, time.UTC)
	tests := []struct {
		lang           string
		t              time.Time
		date, datetime string
	}{
		{"en", day, "6 December 2026", "6 December 2026, 14:05 UTC"},
		{"de", day, "6. Dezember 2026", "6. Dezember 2026, 14:05 UTC"},
		{"ar", day, "٦ ديسمبر ٢٠٢٦", "٦ ديسمبر ٢٠٢٦، ١٤:٠٥ UTC"},
		{"en", may, "30 May 2025", "30 May 2025, 23:59 UTC"},
		{"de", may, "30. Mai 2025", "30. Mai 2025, 23:59 UTC"},
		{"ar", may, "٣٠ مايو ٢٠٢٥", "٣٠ مايو ٢٠٢٥، ٢٣:٥٩ UTC"},
		{"en", time.Time{}, "", ""},
	}
	for _, tc := range tests {
		p := cat.Printer(tc.lang)
		if got := p.Date(tc.t); got != tc.date {
			t.Errorf("%s Date(%v) = %q, want %q", tc.lang, tc.t, got, tc.date)
		}
		if got := p.DateTime(tc.t); got != tc.datetime {
			t.Errorf("%s DateTime(%v) = %q, want %q", tc.lang, tc.t, got, tc.datetime)
		}
	}
}

func TestDateTimeIsInUTC(t *testing.T) {
	// 00:30 in UTC+2 on 1 January is 22:30 UTC the day before.
	t0 := time.Date(2026, time.January, 1, 0, 30, 0, 0, time.FixedZone("X", 2*3600))
	if got, want := i18n.Default().Printer("en").DateTime(t0), "31 December 2025, 22:30 UTC"; got != want {
		t.Errorf("DateTime = %q, want %q", got, want)
	}
}

func TestNumGroupsPerLanguage(t *testing.T) {
	cat := i18n.Default()
	for lang, want := range map[string]string{"en": "1,234", "de": "1.234", "ar": "١٬٢٣٤"} {
		if got := cat.Printer(lang).Num(1234); got != want {
			t.Errorf("%s Num(1234) = %q, want %q", lang, got, want)
		}
	}
}
