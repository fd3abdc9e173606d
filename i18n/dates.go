package i18n

import (
	"strconv"
	"strings"
	"time"
)

// golang.org/x/text formats numbers by CLDR but has no date formatting, so
// the long date pattern and month names of each served language come from
// this small table, copied from CLDR's Gregorian calendar data (format,
// wide months; dateFormatLength "long"). A language missing here uses ISO
// 8601 (2026-12-06), which reads the same everywhere.
//
// Digits follow the language's number system as golang.org/x/text gives it,
// the same as Printer.Num: for plain "ar" CLDR's default numbering system
// is "arab", so Arabic pages write ٦ ديسمبر ٢٠٢٦, consistent with the
// counts on the same page.
var longDates = map[string]struct {
	pattern string // {d} day, {m} month name, {y} year
	months  [12]string
}{
	"en": {"{d} {m} {y}", [12]string{"January", "February", "March", "April", "May", "June",
		"July", "August", "September", "October", "November", "December"}},
	"de": {"{d}. {m} {y}", [12]string{"Januar", "Februar", "März", "April", "Mai", "Juni",
		"Juli", "August", "September", "Oktober", "November", "Dezember"}},
	"ar": {"{d} {m} {y}", [12]string{"يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو",
		"يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"}},
}

// Date writes the calendar day of t (in t's own location) the way the
// language writes a long date: "6 December 2026", "6. Dezember 2026",
// "٦ ديسمبر ٢٠٢٦". The zero time gives "".
func (p *Printer) Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	ld, ok := longDates[p.lang]
	if !ok {
		return t.Format(time.DateOnly)
	}
	return strings.NewReplacer(
		"{d}", p.digits(strconv.Itoa(t.Day())),
		"{m}", ld.months[t.Month()-1],
		"{y}", p.digits(strconv.Itoa(t.Year())),
	).Replace(ld.pattern)
}

// DateTime writes t's day as Date does followed by its hour and minute in
// UTC, marked as such: "6 December 2026, 14:05 UTC".
func (p *Printer) DateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.UTC()
	return p.Date(t) + p.Msg("comma-separator") + p.digits(t.Format("15:04")) + " UTC"
}

// Clock writes t's hour and minute (in t's own location) in the
// language's digits: "14:05", "١٤:٠٥".
func (p *Printer) Clock(t time.Time) string { return p.digits(t.Format("15:04")) }

// Digits writes n in the language's digits without grouping, as years
// are written: 2026, not 2,026.
func (p *Printer) Digits(n int) string { return p.digits(strconv.Itoa(n)) }

// digits rewrites the ASCII digits of s in the language's digits, without
// grouping (years and days are not grouped: 2026, not 2,026).
func (p *Printer) digits(s string) string {
	zero := []rune(p.number.Sprintf("%d", 0))
	if len(zero) != 1 || zero[0] == '0' {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return zero[0] + (r - '0')
		}
		return r
	}, s)
}
