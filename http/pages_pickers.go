package http

import (
	"net/http"
	"strings"
	"time"

	"github.com/wikicities/wikicities/i18n"
	"github.com/wikicities/wikicities/labels"
	"github.com/wikicities/wikicities/twins"
)

// citySuggestLimit bounds the cities a city picker offers at once.
const citySuggestLimit = 8

// citySuggestion is one city a form's city picker offers: Label in the
// reader's language, with the country to tell namesakes apart; Value is
// what the field then holds, which the form reads back (and ID, sent
// beside it, settles the city).
type citySuggestion struct {
	ID     int64  `json:"id"`
	Label  string `json:"label"`
	Detail string `json:"detail,omitempty"`
	Value  string `json:"value"`
}

// handleCitySuggest answers a city picker: GET /cities/suggest?q=text
// gives the best matching cities from the in-memory search index, most
// twinned first, as JSON.
func (s *Server) handleCitySuggest(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	pr := s.pickerPrinter(r)
	out := []citySuggestion{}
	if q != "" && len(q) <= 200 {
		cs, _ := s.Graph.Search(twins.SearchQuery{Text: q, Limit: citySuggestLimit})
		for _, c := range cs {
			label := c.NameIn(pr.Lang())
			if c.Country != "" {
				label += pr.Msg("comma-separator") + labels.Country(pr, c.Country)
			}
			out = append(out, citySuggestion{ID: c.ID, Label: label, Value: cityInputValue(c),
				Detail: pr.Msg("city-twin-count", len(s.Graph.Twins(c.ID)))})
		}
	}
	if r.URL.Query().Has("uselang") {
		cacheFor(w, 5*time.Minute)
	}
	writeJSON(w, http.StatusOK, out)
}

// handleLanguageChoices answers a language picker: GET /languages.json
// lists every known Wikimedia language with its code, its own name and its
// name in the reader's language, and what the form's field shows for it.
func (s *Server) handleLanguageChoices(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Has("uselang") {
		cacheFor(w, time.Hour)
	}
	writeJSON(w, http.StatusOK, labels.LanguageChoices(s.pickerPrinter(r)))
}

// pickerPrinter is the printer of ?uselang= when given (then the address
// alone decides the answer, and caches may keep it), else of the request.
func (s *Server) pickerPrinter(r *http.Request) *i18n.Printer {
	if lang := r.URL.Query().Get("uselang"); lang != "" && i18n.Default().Has(lang) {
		return i18n.Default().Printer(lang)
	}
	return s.Printer(r)
}
