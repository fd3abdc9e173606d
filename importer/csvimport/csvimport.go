// Package csvimport reads twin-town pairs from CSV files laid out as
// city1,country1,lat1,lng1,city2,country2,lat2,lng2 (the layout of the world
// dataset scraped from Wikipedia's lists of twin towns), or as WikiCities
// writes them (`wikicities export twins --format csv`, ExportColumns), so
// that an export imports back as the same graph; in UTF-8 or UTF-16 (with
// its byte-order mark), comma- or tab-separated. Bad rows are rejected
// with their line and reason; the importer package writes the rest.
package csvimport

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	textunicode "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/importer"
)

// Columns is the expected header.
var Columns = []string{"city1", "country1", "lat1", "lng1", "city2", "country2", "lat2", "lng2"}

// ExportColumns is the header of WikiCities' own twins export (package
// export); the ids and the source are the exporting site's and are not
// read, the year is kept.
var ExportColumns = []string{"city_a_id", "city_a", "country_a", "lat_a", "lng_a", "city_b_id", "city_b", "country_b", "lat_b", "lng_b", "source", "year"}

// layout says where a file's fields are.
type layout struct {
	cols  []string
	sides [2][4]int // name, country, lat, lng of each city
	year  int       // -1 when the layout has none
	// export: the file is WikiCities' own, whose names a leading ' may
	// neutralise for spreadsheets (csvsafe.Cell); it is taken off again.
	export bool
}

var (
	datasetLayout = layout{cols: Columns, sides: [2][4]int{{0, 1, 2, 3}, {4, 5, 6, 7}}, year: -1}
	exportLayout  = layout{cols: ExportColumns, sides: [2][4]int{{1, 2, 3, 4}, {6, 7, 8, 9}}, year: 11, export: true}
)

const (
	// MaxName is the longest city or country name accepted, in bytes.
	MaxName = 200
	// MaxCoord is the longest coordinate field accepted, in bytes.
	MaxCoord = 32
	// MaxLine is the longest physical line read; a longer one aborts the
	// file, since no row of this layout comes near it.
	MaxLine = 1 << 20
)

// ErrLineTooLong is returned (wrapped with the line) for a line of more than
// MaxLine bytes.
var ErrLineTooLong = errors.New("line is longer than 1 MiB")

// Read parses the CSV in r; name is used in places ("name:line"). Rejected
// rows are listed in the batch, or, with strict, the first one is returned
// as an *importer.RowError. A missing or wrong header, an unreadable input
// or a line longer than MaxLine is an error.
func Read(r io.Reader, name string, strict bool) (*importer.Batch, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	// A file saved as UTF-16 (Excel's "Unicode Text") starts with its
	// byte-order mark: it is read as the text it is, not refused for a
	// header of NUL bytes.
	if bom, _ := br.Peek(2); len(bom) == 2 && (bom[0] == 0xFF && bom[1] == 0xFE || bom[0] == 0xFE && bom[1] == 0xFF) {
		br = bufio.NewReaderSize(transform.NewReader(br, textunicode.UTF16(textunicode.LittleEndian, textunicode.UseBOM).NewDecoder()), 64<<10)
	}
	tabs := false
	if first, _ := br.Peek(4096); len(first) > 0 {
		line, _, _ := bytes.Cut(first, []byte("\n"))
		// Tab-separated, as Excel's "Unicode Text" and copies from a
		// spreadsheet are.
		tabs = bytes.IndexByte(line, '\t') >= 0 && bytes.IndexByte(line, ',') < 0
	}
	lr := &lineLimiter{r: br}
	cr := csv.NewReader(lr)
	if tabs {
		cr.Comma = '\t'
	}
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	b := &importer.Batch{Source: wikicities.SourceCSV, Origin: name}

	head, err := cr.Read()
	if err != nil {
		if err == io.EOF {
			return nil, fmt.Errorf("%s: empty file, want a header %s", name, strings.Join(Columns, ","))
		}
		return nil, fmt.Errorf("%s:1: %w", name, unwrapParse(err))
	}
	if len(head) > 0 {
		head[0] = strings.TrimPrefix(head[0], "\ufeff")
	}
	lay, ok := datasetLayout, headerOK(head, Columns)
	if !ok && headerOK(head, ExportColumns) {
		lay, ok = exportLayout, true
	}
	if !ok {
		hint := ""
		if len(head) == 1 && strings.Count(head[0], ";") == len(Columns)-1 {
			// As spreadsheets save CSV where the comma is the decimal mark.
			hint = " (its columns are separated by semicolons: save the file with commas between the columns and points in the numbers)"
		}
		return nil, fmt.Errorf("%s:1: header is %q, want %s (or that of `wikicities export twins`: %s)%s", name, strings.Join(head, ","), strings.Join(Columns, ","), strings.Join(ExportColumns, ","), hint)
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) && !errors.Is(err, csv.ErrFieldCount) {
			if errors.Is(err, ErrLineTooLong) {
				return nil, fmt.Errorf("%s:%d: %w", name, lr.line, ErrLineTooLong)
			}
			b.Rows++
			if rerr := b.Reject(strict, fmt.Sprintf("%s:%d", name, pe.StartLine), "malformed CSV: %v", pe.Err); rerr != nil {
				return nil, rerr
			}
			continue
		}
		if err != nil {
			if errors.Is(err, ErrLineTooLong) {
				return nil, fmt.Errorf("%s:%d: %w", name, lr.line, ErrLineTooLong)
			}
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		b.Rows++
		line, _ := cr.FieldPos(0)
		place := name + ":" + strconv.Itoa(line)
		p, reason := parseRow(rec, lay)
		if reason != "" {
			if rerr := b.Reject(strict, place, "%s", reason); rerr != nil {
				return nil, rerr
			}
			continue
		}
		p.Place = place
		b.Pairs = append(b.Pairs, p)
	}
	return b, nil
}

func headerOK(h, cols []string) bool {
	if len(h) != len(cols) {
		return false
	}
	for i, c := range cols {
		if !strings.EqualFold(strings.TrimSpace(h[i]), c) {
			return false
		}
	}
	return true
}

func unwrapParse(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// parseRow turns one record laid out as lay into a pair, or gives the
// reason to reject it.
func parseRow(rec []string, lay layout) (importer.Pair, string) {
	var p importer.Pair
	cols := lay.cols
	if len(rec) != len(cols) {
		return p, fmt.Sprintf("has %d fields, want %d (%s)", len(rec), len(cols), strings.Join(cols, ","))
	}
	for i, f := range rec {
		if !utf8.ValidString(f) {
			return p, fmt.Sprintf("%s is not valid UTF-8 (save the file as UTF-8)", cols[i])
		}
		limit := MaxName
		if i == lay.sides[0][2] || i == lay.sides[0][3] || i == lay.sides[1][2] || i == lay.sides[1][3] {
			limit = MaxCoord
		}
		if len(f) > limit {
			return p, fmt.Sprintf("%s is %d bytes long, the limit is %d", cols[i], len(f), limit)
		}
		if strings.ContainsFunc(f, unicode.IsControl) {
			return p, fmt.Sprintf("%s contains a control character", cols[i])
		}
	}
	var reason string
	if p.A, reason = parseSide(rec, cols, lay.sides[0], lay.export); reason != "" {
		return p, reason
	}
	if p.B, reason = parseSide(rec, cols, lay.sides[1], lay.export); reason != "" {
		return p, reason
	}
	if lay.year >= 0 {
		if v := strings.TrimSpace(rec[lay.year]); v != "" {
			y, err := strconv.Atoi(v)
			if err != nil || y < wikicities.FirstTwinningYear || y > wikicities.LastTwinningYear {
				return p, fmt.Sprintf("%s %q is not a year from %d to %d", cols[lay.year], v, wikicities.FirstTwinningYear, wikicities.LastTwinningYear)
			}
			p.Year = y
		}
	}
	// The keys of the names are kept for the importer; the countries'
	// matter only when the names match.
	p.A.NameKey, p.B.NameKey = wikicities.NameKey(p.A.Name), wikicities.NameKey(p.B.Name)
	if p.A.NameKey == p.B.NameKey && wikicities.NameKey(p.A.Country) == wikicities.NameKey(p.B.Country) {
		return p, fmt.Sprintf("self-twin: %q is twinned with itself", p.A.Label())
	}
	return p, ""
}

// parseSide reads one city of rec from the fields at idx (name, country,
// lat, lng); export takes off the quote that neutralised a name for
// spreadsheets.
func parseSide(rec, cols []string, idx [4]int, export bool) (importer.Side, string) {
	name, country := rec[idx[0]], rec[idx[1]]
	if export {
		name, country = uncell(name), uncell(country)
	}
	s := importer.Side{Name: strings.TrimSpace(name), Country: strings.TrimSpace(country)}
	if s.Name == "" {
		return s, cols[idx[0]] + " is empty"
	}
	// "Varna, Bulgaria","": the country was folded into the name.
	if s.Country == "" {
		if i := strings.LastIndex(s.Name, ","); i > 0 {
			if n, c := strings.TrimSpace(s.Name[:i]), strings.TrimSpace(s.Name[i+1:]); n != "" && c != "" {
				s.Name, s.Country = n, c
			}
		}
	}
	lat, lng := strings.TrimSpace(rec[idx[2]]), strings.TrimSpace(rec[idx[3]])
	if lat == "" && lng == "" {
		return s, ""
	}
	var reason string
	if s.Lat, reason = parseCoord(cols[idx[2]], lat, 90); reason != "" {
		return s, reason
	}
	if s.Lng, reason = parseCoord(cols[idx[3]], lng, 180); reason != "" {
		return s, reason
	}
	s.HasCoords = true
	return s, ""
}

// uncell undoes csvsafe.Cell: the quote before a cell that begins with a
// formula trigger (= + - @ tab CR) is taken off.
func uncell(s string) string {
	if len(s) >= 2 && s[0] == '\'' {
		switch s[1] {
		case '=', '+', '-', '@', '\t', '\r':
			return s[1:]
		}
	}
	return s
}

func parseCoord(col, v string, limit float64) (float64, string) {
	if v == "" {
		return 0, col + " is empty while the other coordinate is given"
	}
	x, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
		return 0, fmt.Sprintf("%s %q is not a number", col, v)
	}
	if x < -limit || x > limit {
		return 0, fmt.Sprintf("%s %q is out of range [-%g, %g]", col, v, limit, limit)
	}
	return x, ""
}

// lineLimiter passes bytes through and fails on a line longer than MaxLine,
// so that a file without line breaks cannot exhaust memory.
type lineLimiter struct {
	r    *bufio.Reader
	run  int // bytes since the last newline
	line int // current physical line, from 1
}

func (l *lineLimiter) Read(p []byte) (int, error) {
	if l.line == 0 {
		l.line = 1
	}
	n, err := l.r.Read(p)
	for i := 0; i < n; i++ {
		if p[i] == '\n' {
			l.line++
			l.run = 0
			continue
		}
		l.run++
		if l.run > MaxLine {
			return i, ErrLineTooLong
		}
	}
	return n, err
}
