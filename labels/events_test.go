package labels_test

import (
	"strings"
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/i18n"
	"github.com/wikicities/wikicities/labels"
)

// Every value of the Knowledge Park's vocabularies has words in every
// language: a missing message would show its key.
func TestEventWordsAreTranslated(t *testing.T) {
	c := i18n.Default()
	for _, lang := range []string{"en", "de", "ar"} {
		p := c.Printer(lang)
		var said []string
		for _, v := range wikicities.EventTypes {
			said = append(said, labels.EventType(p, v))
		}
		for _, v := range wikicities.AttendanceModes {
			said = append(said, labels.AttendanceMode(p, v))
		}
		for _, v := range wikicities.RegistrationStatuses {
			said = append(said, labels.RegistrationStatus(p, v))
		}
		for _, v := range []wikicities.RegistrationState{wikicities.Registered, wikicities.Waitlisted, wikicities.RegistrationCancelled} {
			said = append(said, labels.RegistrationState(p, v))
		}
		for _, v := range wikicities.VisitStates {
			said = append(said, labels.VisitState(p, v))
		}
		for _, s := range said {
			for _, prefix := range []string{"event-type-", "event-mode-", "registration-status-", "registration-state-", "visit-state-"} {
				if s == "" || strings.HasPrefix(s, prefix) {
					t.Errorf("%s: %q is a message key, not words", lang, s)
				}
			}
		}
	}
	if got := labels.EventType(c.Printer("de"), wikicities.EventPhotoWalk); got != "Fotospaziergang" {
		t.Errorf("German photo walk = %q", got)
	}
	if got := labels.VisitState(c.Printer("en"), wikicities.VisitAccepted); got != "accepted" {
		t.Errorf("English accepted visit = %q", got)
	}
}
