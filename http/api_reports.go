package http

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/csvsafe"
	"github.com/wikicities/wikicities/report"
)

// reportMaxAge is how long a built report is served before it is rebuilt
// even if the directory looks unchanged (the at-risk count moves with time
// and activities).
const reportMaxAge = time.Minute

// reports builds the country and region report (package report) and keeps
// it while the directory and the graph are unchanged: a report reads the
// whole directory, and the pages and the API ask for it often.
type reports struct {
	s *Server

	mu     sync.Mutex
	r      *report.Report
	stamp  string
	cities int
	links  int
	built  time.Time
}

// get returns the current report, rebuilding it if the directory
// (DirectoryStamp) or the graph changed or it is older than reportMaxAge.
func (rs *reports) get(ctx context.Context) (*report.Report, error) {
	stamp, err := rs.s.Reports.DirectoryStamp(ctx)
	if err != nil {
		return nil, err
	}
	cities, links := rs.s.Graph.Len()
	rs.mu.Lock()
	defer rs.mu.Unlock()
	if rs.r != nil && rs.stamp == stamp && rs.cities == cities && rs.links == links && time.Since(rs.built) < reportMaxAge {
		return rs.r, nil
	}
	r, err := report.Load(ctx, rs.s.Services, rs.s.Graph)
	if err != nil {
		return nil, err
	}
	rs.r, rs.stamp, rs.cities, rs.links, rs.built = r, stamp, cities, links, time.Now()
	return r, nil
}

// country returns the report and the row of the {country} path value.
// Returns ErrNotFound naming the country when no city of the graph is there.
func (rs *reports) country(r *http.Request) (*report.Report, *report.Country, error) {
	rep, err := rs.get(r.Context())
	if err != nil {
		return nil, nil, err
	}
	name := r.PathValue("country")
	c := rep.Country(name)
	if c == nil {
		return nil, nil, fmt.Errorf("country %q: no city of the graph is there: %w", name, wikicities.ErrNotFound)
	}
	return rep, c, nil
}

func (s *Server) registerReportRoutes() {
	rs := &reports{s: s}
	s.handle("GET /api/v1/reports/countries", s.cached(rs.apiCountries))
	s.handle("GET /api/v1/reports/countries/{country}", s.cached(rs.apiCountry))
	s.handle("GET /api/v1/reports/regions", s.cached(rs.apiRegions))
	s.handle("GET /reports", s.cached(rs.page))
	s.handle("GET /reports/countries/{country}", s.cached(rs.countryPage))
}

// apiCountries serves the country table as JSON or, with ?format=csv, as a
// CSV file with spreadsheet formulas neutralised.
func (rs *reports) apiCountries(w http.ResponseWriter, r *http.Request) {
	f, err := report.ParseFormat(r.URL.Query().Get("format"))
	if err != nil {
		rs.s.writeError(w, r, err)
		return
	}
	bom, err := csvBOM(r, f == report.CSV)
	if err != nil {
		rs.s.writeError(w, r, err)
		return
	}
	rep, err := rs.get(r.Context())
	if err != nil {
		rs.s.writeError(w, r, err)
		return
	}
	var b bytes.Buffer
	if bom {
		b.WriteString(csvsafe.BOM)
	}
	if err := rep.Write(&b, f); err != nil {
		rs.s.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", f.ContentType())
	if f == report.CSV {
		w.Header().Set("Content-Disposition", `attachment; filename="wikicities-countries.csv"`)
	}
	w.Write(b.Bytes())
}

// apiCountry serves one country's figures with its gap lists.
func (rs *reports) apiCountry(w http.ResponseWriter, r *http.Request) {
	rep, c, err := rs.country(r)
	if err != nil {
		rs.s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"country": c, "gaps": rep.Gaps(c)})
}

// apiRegions serves the figures of every world region and of the world.
func (rs *reports) apiRegions(w http.ResponseWriter, r *http.Request) {
	rep, err := rs.get(r.Context())
	if err != nil {
		rs.s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"regions": rep.Regions, "total": rep.Total})
}
