package wikicities

import (
	"fmt"
	"strconv"
	"time"
)

// FirstYear and LastYear bound the dates of the movement's records: events,
// visits, campaign editions, activities, agreements' review dates,
// responsibilities' due dates and mentors' absences. Year 0 or 9999 from an
// API client or a form is a slip, and a date after 9999 could be stored but
// not written back as JSON (every read of the record failed).
const (
	FirstYear = 2001
	LastYear  = 2100
)

// CheckDate adds a problem naming field to v when t is set and its year
// (in UTC) is outside FirstYear to LastYear.
func CheckDate(v *ValidationErrors, field string, t time.Time) {
	if t.IsZero() {
		return
	}
	if y := t.UTC().Year(); y < FirstYear || y > LastYear {
		d := fmt.Sprintf("%04d-%02d-%02d", y, t.UTC().Month(), t.UTC().Day())
		v.Add(field, "%s is not a date from %d to %d", d, FirstYear, LastYear).Because(ProblemYearRange, d, strconv.Itoa(FirstYear), strconv.Itoa(LastYear))
	}
}
