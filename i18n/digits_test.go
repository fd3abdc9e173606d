package i18n_test

import (
	"encoding/json"
	"os"
	"regexp"
	"testing"
)

// Arabic pages write numbers in Arabic-Indic digits (as the printer's
// numbers and dates do), so the Arabic messages hold no Western digit of
// their own, except in examples of what a reader types (a date, a number,
// a Wikidata id, a licence) and in names.
func TestArabicMessagesWriteArabicIndicDigits(t *testing.T) {
	typed := map[string]bool{
		"form-not-a-number": true, "form-not-a-date": true, "form-city-unknown": true, "invalid-qid": true,
		"resource-field-licence-hint": true, "club-field-schedule-hint": true, "campaign-field-wikidata-hint": true,
		"campaign-field-meta-page-hint": true, "institution-field-qid-hint": true,
	}
	b, err := os.ReadFile("ar.json")
	if err != nil {
		t.Fatal(err)
	}
	var msgs map[string]any
	if err := json.Unmarshal(b, &msgs); err != nil {
		t.Fatal(err)
	}
	ignore := regexp.MustCompile(`\$\d+|https?://\S+|\bQ\d+`)
	digit := regexp.MustCompile(`[0-9]`)
	for k, v := range msgs {
		s, ok := v.(string)
		if !ok || typed[k] {
			continue
		}
		if digit.MatchString(ignore.ReplaceAllString(s, "")) {
			t.Errorf("ar.json %s: %q has Western digits", k, s)
		}
	}
}
