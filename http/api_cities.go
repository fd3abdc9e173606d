package http

import (
	"net/http"

	"github.com/wikicities/wikicities"
)

func (s *Server) registerCityRoutes() {
	s.handle("GET /api/v1/cities", s.apiCities)
	s.handle("GET /api/v1/cities/{id}", s.apiCity)
	s.handle("GET /api/v1/cities/{id}/twins", s.apiCityTwins)
}

// apiCities searches cities by name (?q=) and country (?country=).
func (s *Server) apiCities(w http.ResponseWriter, r *http.Request) {
	limit, offset, err := page(r, 50, 500)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	cs, err := s.Cities.Cities(r.Context(), wikicities.CityFilter{
		Query: r.URL.Query().Get("q"), Country: r.URL.Query().Get("country"), Limit: limit, Offset: offset,
	})
	if err != nil {
		s.writeError(w, r, err)
		return
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
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, c)
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
