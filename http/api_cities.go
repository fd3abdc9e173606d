package http

import (
	"net/http"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/twins"
)

func (s *Server) registerCityRoutes() {
	s.handle("GET /api/v1/cities", s.cached(s.apiCities))
	s.handle("GET /api/v1/cities/{id}", s.cached(s.apiCity))
	s.handle("GET /api/v1/cities/{id}/twins", s.cached(s.apiCityTwins))
}

// apiCities searches cities by the beginning of a name or label (?q=), ranked
// as twins.Graph.Search does, and by country (?country=); without q it lists
// them by name.
func (s *Server) apiCities(w http.ResponseWriter, r *http.Request) {
	limit, offset, err := page(r, 50, 500)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	q, country := r.URL.Query().Get("q"), r.URL.Query().Get("country")
	var cs []*wikicities.City
	if wikicities.NameKey(q) != "" {
		// A search: from the graph's index, ranked (twins.Graph.Search).
		cs, _ = s.Graph.Search(twins.SearchQuery{Text: q, Country: country, Limit: limit, Offset: offset})
	} else {
		// The whole list, by name: from the store.
		cs, err = s.Cities.Cities(r.Context(), wikicities.CityFilter{Country: country, Limit: limit, Offset: offset})
		if err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	if cs == nil {
		cs = []*wikicities.City{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"cities": cs, "limit": limit, "offset": offset})
}

func (s *Server) apiCity(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	c, err := s.Cities.City(r.Context(), id)
	s.writeResult(w, r, http.StatusOK, c, err)
}

// apiCityTwins lists a city's twins from the in-memory graph.
func (s *Server) apiCityTwins(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	c := s.Graph.City(id)
	if c == nil {
		s.writeError(w, r, wikicities.ErrNotFound)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"city": c, "twins": s.Graph.TwinCities(id)})
}
