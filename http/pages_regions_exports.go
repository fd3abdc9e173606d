package http

import (
	"bytes"
	"net/http"

	"github.com/wikicities/wikicities/csvsafe"
)

// registerRegionExports registers a region's downloads: CSV, GeoJSON and
// a wikitext report for Meta-Wiki.
func (s *Server) registerRegionExports(rd *regionsData) {
	s.handle("GET /regions/{key}/export.csv", s.cached(rd.exportCSV))
	s.handle("GET /regions/{key}/export.geojson", s.cached(rd.exportGeoJSON))
	s.handle("GET /regions/{key}/export.wiki", s.cached(rd.exportWikitext))
}

func (rd *regionsData) exportCSV(w http.ResponseWriter, r *http.Request) {
	reg, err := rd.region(r)
	if err != nil {
		rd.s.renderError(w, r, err)
		return
	}
	bom, err := csvBOM(r, true)
	if err != nil {
		rd.s.renderError(w, r, err)
		return
	}
	var b bytes.Buffer
	if bom {
		b.WriteString(csvsafe.BOM)
	}
	if err := reg.WriteCSV(&b); err != nil {
		rd.s.renderError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="wikicities-region-`+reg.Key+`.csv"`)
	w.Write(b.Bytes())
}

func (rd *regionsData) exportGeoJSON(w http.ResponseWriter, r *http.Request) {
	reg, err := rd.region(r)
	if err != nil {
		rd.s.renderError(w, r, err)
		return
	}
	var b bytes.Buffer
	if err := reg.WriteGeoJSON(&b, rd.s.Graph); err != nil {
		rd.s.renderError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/geo+json")
	w.Header().Set("Content-Disposition", `attachment; filename="wikicities-region-`+reg.Key+`.geojson"`)
	w.Write(b.Bytes())
}

func (rd *regionsData) exportWikitext(w http.ResponseWriter, r *http.Request) {
	reg, champs, err := rd.regionChampions(r)
	if err != nil {
		rd.s.renderError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="wikicities-region-`+reg.Key+`.wiki"`)
	w.Write([]byte(reg.Wikitext(champs)))
}
