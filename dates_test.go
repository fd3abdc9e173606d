package wikicities_test

import (
	"errors"
	"testing"
	"time"

	"github.com/wikicities/wikicities"
)

// A date whose year is implausible (0, 1, 9999, or past 9999 once in UTC)
// is refused naming its field, on every record that holds dates: such
// dates were stored, and one after 9999 made every read of its record an
// internal error (JSON cannot write the year).
func TestImplausibleYearsAreRefusedNamingTheField(t *testing.T) {
	year0 := time.Date(0, 1, 1, 10, 0, 0, 0, time.UTC)
	past9999, _ := time.Parse(time.RFC3339, "9999-12-31T20:00:00-10:00")
	for _, bad := range []time.Time{year0, time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC), time.Date(1999, 12, 31, 0, 0, 0, 0, time.UTC), time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC), past9999} {
		span := func(start time.Time) (time.Time, time.Time) { return start, start.Add(time.Hour) }
		cases := map[string]struct {
			field    string
			validate func() error
		}{
			"event start": {"start", func() error {
				e := validEvent()
				e.Start, e.End = span(bad)
				return e.Validate()
			}},
			"event registration closes": {"registration_closes", func() error {
				e := validEvent()
				e.RegistrationCloses = bad
				return e.Validate()
			}},
			"visit end": {"end", func() error {
				v := &wikicities.Visit{Visitor: orgA, Host: orgB, People: 2, Purpose: "p", Start: evStart, End: bad}
				return v.Validate()
			}},
			"edition start": {"start", func() error {
				e := &wikicities.Edition{Year: 2026, Start: bad, End: bad.Add(time.Hour)}
				return e.Validate()
			}},
			"responsibility due": {"due", func() error {
				r := &wikicities.Responsibility{Owner: wikicities.SideA, Description: "photos", Due: bad}
				return r.Validate()
			}},
			"agreement review date": {"agreement.review_date", func() error {
				return (&wikicities.Agreement{ReviewDate: bad}).Validate()
			}},
			"activity start": {"start", func() error {
				a := &wikicities.Activity{Kind: wikicities.ActivityKinds[0], Title: "t", Start: bad}
				return a.ValidateAt(time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC))
			}},
		}
		for name, c := range cases {
			err := c.validate()
			var v wikicities.ValidationErrors
			if !errors.As(err, &v) {
				t.Errorf("%s %s: %v, want ValidationErrors", name, bad, err)
				continue
			}
			found := false
			for _, fe := range v {
				found = found || (fe.Field == c.field && (fe.Problem == wikicities.ProblemYearRange || fe.Problem == wikicities.ProblemTooFarAhead))
			}
			if !found {
				t.Errorf("%s %s: %v, want a problem naming %s", name, bad, err, c.field)
			}
		}
	}
	e := validEvent()
	e.Start, e.End = time.Date(2001, 1, 1, 9, 0, 0, 0, time.UTC), time.Date(2100, 12, 31, 9, 0, 0, 0, time.UTC)
	if err := e.Validate(); err != nil {
		t.Errorf("an event from 2001 to 2100: %v", err)
	}
}
