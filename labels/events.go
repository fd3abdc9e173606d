package labels

import (
	"strings"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/i18n"
)

// The Knowledge Park's words (issue 17): event types, attendance modes,
// where registration and a registration stand, and a visit's state. Each
// value has its message, named after it ("event-type-photo-walk").

func keyOf(prefix, value string) string { return prefix + strings.ReplaceAll(value, "_", "-") }

// EventType names an event type ("workshop").
func EventType(p *i18n.Printer, t wikicities.EventType) string {
	return p.Msg(keyOf("event-type-", string(t)))
}

// AttendanceMode names where people take part ("in person").
func AttendanceMode(p *i18n.Printer, m wikicities.AttendanceMode) string {
	return p.Msg(keyOf("event-mode-", string(m)))
}

// RegistrationStatus says whether an event takes registrations now.
func RegistrationStatus(p *i18n.Printer, s wikicities.RegistrationStatus) string {
	return p.Msg(keyOf("registration-status-", string(s)))
}

// RegistrationState says where one person's registration stands.
func RegistrationState(p *i18n.Printer, s wikicities.RegistrationState) string {
	return p.Msg(keyOf("registration-state-", string(s)))
}

// VisitState names the state of an exchange visit.
func VisitState(p *i18n.Printer, s wikicities.VisitState) string {
	return p.Msg(keyOf("visit-state-", string(s)))
}
