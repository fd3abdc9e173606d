package http

import (
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/twins"
)

// The city field of an edit form names a city the graph knows as
// "Name, Country" (or its name alone), and one it lacks by its id, which
// the form reads back.
func TestCityFieldValueNamesTheCityOrKeepsItsID(t *testing.T) {
	s := &Server{Graph: twins.New([]*wikicities.City{{ID: 7, Name: "Berlin", Country: "DE"}, {ID: 9, Name: "Atlantis"}}, nil)}
	for id, want := range map[int64]string{7: "Berlin, DE", 9: "Atlantis", 8: "8"} {
		if got := s.cityFieldValue(id); got != want {
			t.Errorf("cityFieldValue(%d) = %q, want %q", id, got, want)
		}
	}
}
