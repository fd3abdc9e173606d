// Package csvimport reads twin-town pairs from CSV files laid out as
// city1,country1,lat1,lng1,city2,country2,lat2,lng2 (the layout of the world
// dataset scraped from Wikipedia's lists of twin towns). Bad rows are
// rejected with their line and reason; the importer package writes the rest.
package csvimport

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/importer"
)

// Columns is the expected header.
var Columns = []string{"city1", "country1", "lat1", "lng1", "city2", "country2", "lat2", "lng2"}

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
	lr := &lineLimiter{r: bufio.NewReaderSize(r, 64<<10)}
	cr := csv.NewReader(lr)
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
	if !headerOK(head) {
		hint := ""
		if len(head) == 1 && strings.Count(head[0], ";") == len(Columns)-1 {
			// As spreadsheets save CSV where the comma is the decimal mark.
			hint = " (its columns are separated by semicolons: save the file with commas between the columns and points in the numbers)"
		}
		return nil, fmt.Errorf("%s:1: header is %q, want %s%s", name, strings.Join(head, ","), strings.Join(Columns, ","), hint)
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
		p, reason := parseRow(rec)
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

func headerOK(h []string) bool {
	if len(h) != len(Columns) {
		return false
	}
	for i, c := range Columns {
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

// parseRow turns one record into a pair, or gives the reason to reject it.
func parseRow(rec []string) (importer.Pair, string) {
	var p importer.Pair
	if len(rec) != len(Columns) {
		return p, fmt.Sprintf("has %d fields, want %d (%s)", len(rec), len(Columns), strings.Join(Columns, ","))
	}
	for i, f := range rec {
		if !utf8.ValidString(f) {
			return p, fmt.Sprintf("%s is not valid UTF-8 (save the file as UTF-8)", Columns[i])
		}
		limit := MaxName
		if i%4 >= 2 {
			limit = MaxCoord
		}
		if len(f) > limit {
			return p, fmt.Sprintf("%s is %d bytes long, the limit is %d", Columns[i], len(f), limit)
		}
		if strings.ContainsFunc(f, unicode.IsControl) {
			return p, fmt.Sprintf("%s contains a control character", Columns[i])
		}
	}
	var reason string
	if p.A, reason = parseSide(rec[0:4], Columns[0:4]); reason != "" {
		return p, reason
	}
	if p.B, reason = parseSide(rec[4:8], Columns[4:8]); reason != "" {
		return p, reason
	}
	// The keys of the names are kept for the importer; the countries'
	// matter only when the names match.
	p.A.NameKey, p.B.NameKey = wikicities.NameKey(p.A.Name), wikicities.NameKey(p.B.Name)
	if p.A.NameKey == p.B.NameKey && wikicities.NameKey(p.A.Country) == wikicities.NameKey(p.B.Country) {
		return p, fmt.Sprintf("self-twin: %q is twinned with itself", p.A.Label())
	}
	return p, ""
}

func parseSide(f, cols []string) (importer.Side, string) {
	s := importer.Side{Name: strings.TrimSpace(f[0]), Country: strings.TrimSpace(f[1])}
	if s.Name == "" {
		return s, cols[0] + " is empty"
	}
	// "Varna, Bulgaria","": the country was folded into the name.
	if s.Country == "" {
		if i := strings.LastIndex(s.Name, ","); i > 0 {
			if n, c := strings.TrimSpace(s.Name[:i]), strings.TrimSpace(s.Name[i+1:]); n != "" && c != "" {
				s.Name, s.Country = n, c
			}
		}
	}
	lat, lng := strings.TrimSpace(f[2]), strings.TrimSpace(f[3])
	if lat == "" && lng == "" {
		return s, ""
	}
	var reason string
	if s.Lat, reason = parseCoord(cols[2], lat, 90); reason != "" {
		return s, reason
	}
	if s.Lng, reason = parseCoord(cols[3], lng, 180); reason != "" {
		return s, reason
	}
	s.HasCoords = true
	return s, ""
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
