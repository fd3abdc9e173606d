package http

import (
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/csvsafe"
	"github.com/wikicities/wikicities/twincheck"
)

// apiWorklist serves GET /api/v1/twin-links/worklist: the twin links that
// may not be true (twincheck), as JSON (default), CSV or wikitext
// (?format=), of the kinds in ?kind= (comma-separated; all when absent).
func (s *Server) apiWorklist(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	var kinds []twincheck.Kind
	for _, k := range strings.Split(q.Get("kind"), ",") {
		if k = strings.TrimSpace(k); k == "" {
			continue
		}
		if !slices.Contains(twincheck.Kinds, twincheck.Kind(k)) {
			s.writeError(w, r, wikicities.Invalidf("kind", "%q is not one of one_sided, not_in_wikidata, only_in_wikidata, contradiction", k))
			return
		}
		kinds = append(kinds, twincheck.Kind(k))
	}
	format := q.Get("format")
	switch format {
	case "", "json", "csv", "wikitext":
	default:
		s.writeError(w, r, wikicities.Invalidf("format", "%q is not one of json, csv, wikitext", format))
		return
	}
	bom, err := csvBOM(r, format == "csv")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	st, err := s.TwinStatements.LinkStatements(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	rep := twincheck.Check(s.Graph.Cities(), st)
	fs := rep.Filter(kinds...)
	switch format {
	case "csv":
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="twin-worklist.csv"`)
		if bom {
			io.WriteString(w, csvsafe.BOM)
		}
		if err := twincheck.WriteCSV(w, fs); err != nil {
			s.Log.Error("worklist csv", "err", err)
		}
	case "wikitext":
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprint(w, twincheck.Wikitext("WikiCities: twin links to check on Wikidata", fs))
	default:
		writeJSON(w, http.StatusOK, map[string]any{"links": rep.Links, "counts": rep.Counts, "findings": append([]twincheck.Finding{}, fs...)})
	}
}
