package http

import (
	"errors"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/wikicities/wikicities"
)

// fieldOf returns the field a FieldError names, or "" when err is not one.
func fieldOf(err error) string {
	var fe *wikicities.FieldError
	if errors.As(err, &fe) && errors.Is(err, wikicities.ErrInvalid) {
		return fe.Field
	}
	return ""
}

// The events list reads every filter (the country as given: the store
// compares it in any case), and a bad one is a 422 naming it.
func TestEventFilterReadsAndNamesItsParameters(t *testing.T) {
	r := httptest.NewRequest("GET", "/api/v1/events?country=de&type=workshop&mode=online&campaign=3&edition=4&organiser=5&city=6&city=7&from=2026-05-09", nil)
	f, err := eventFilter(r)
	if err != nil {
		t.Fatal(err)
	}
	if f.Country != "de" || f.Type != "workshop" || f.Mode != "online" || f.Campaign != 3 || f.Edition != 4 || f.Organiser != 5 ||
		!slices.Equal(f.CityIDs, []int64{6, 7}) || !f.From.Equal(time.Date(2026, 5, 9, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("filter %+v", f)
	}
	for query, field := range map[string]string{
		"type=party": "type", "mode=telepathy": "mode", "campaign=x": "campaign", "edition=0": "edition",
		"organiser=-2": "organiser", "city=6&city=berlin": "city", "from=9.5.2026": "from",
	} {
		if _, err := eventFilter(httptest.NewRequest("GET", "/api/v1/events?"+query, nil)); fieldOf(err) != field {
			t.Errorf("?%s: %v, want ErrInvalid naming %s", query, err, field)
		}
	}
}

// A holder's path is person or group and a positive id, checked in that
// order: the id first.
func TestHolderParamNamesWhatIsWrong(t *testing.T) {
	for _, c := range []struct {
		kind, id, field string
		want            wikicities.Holder
	}{
		{"person", "7", "", wikicities.Holder{Kind: wikicities.HolderPerson, ID: 7}},
		{"group", "8", "", wikicities.Holder{Kind: wikicities.HolderGroup, ID: 8}},
		{"robot", "1", "kind", wikicities.Holder{}},
		{"person", "x", "id", wikicities.Holder{}},
		{"robot", "0", "id", wikicities.Holder{}},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.SetPathValue("kind", c.kind)
		r.SetPathValue("id", c.id)
		h, err := holderParam(r)
		if fieldOf(err) != c.field || (c.field == "" && (err != nil || h != c.want)) {
			t.Errorf("%s/%s: %+v %v, want %+v naming %q", c.kind, c.id, h, err, c.want, c.field)
		}
	}
}

// A query id is optional; when given it must be a positive integer.
func TestQueryID(t *testing.T) {
	for query, want := range map[string]int64{"": 0, "?id=12": 12, "?other=3": 0} {
		if id, err := queryID(httptest.NewRequest("GET", "/"+query, nil), "id"); err != nil || id != want {
			t.Errorf("%q: %d %v, want %d", query, id, err, want)
		}
	}
	for _, query := range []string{"?id=0", "?id=-1", "?id=1.5", "?id=9223372036854775808"} {
		if _, err := queryID(httptest.NewRequest("GET", "/"+query, nil), "id"); fieldOf(err) != "id" {
			t.Errorf("%q: %v, want ErrInvalid naming id", query, err)
		}
	}
}
