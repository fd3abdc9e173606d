package csvimport_test

import (
	"bytes"
	"math"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/wikicities/wikicities/importer/csvimport"
)

// FuzzRead checks that no input panics the parser and that whatever it
// accepts obeys the rules the importer relies on. Seeds: testdata/fuzz/FuzzRead.
func FuzzRead(f *testing.F) {
	f.Add([]byte(header + good))
	f.Fuzz(func(t *testing.T, in []byte) {
		b, err := csvimport.Read(bytes.NewReader(in), "f.csv", false)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f.csv") {
				t.Fatalf("error %q does not name the file", err)
			}
			return
		}
		if b.Rows != len(b.Pairs)+len(b.Rejected) {
			t.Fatalf("rows %d != pairs %d + rejected %d", b.Rows, len(b.Pairs), len(b.Rejected))
		}
		for _, r := range b.Rejected {
			if !strings.HasPrefix(r.Place, "f.csv:") || r.Message == "" {
				t.Fatalf("rejection without place or reason: %+v", r)
			}
		}
		for _, p := range b.Pairs {
			for _, s := range []struct {
				name, country string
				lat, lng      float64
			}{{p.A.Name, p.A.Country, p.A.Lat, p.A.Lng}, {p.B.Name, p.B.Country, p.B.Lat, p.B.Lng}} {
				if s.name == "" || !utf8.ValidString(s.name) || !utf8.ValidString(s.country) ||
					len(s.name) > csvimport.MaxName || len(s.country) > csvimport.MaxName {
					t.Fatalf("accepted bad name %q / %q at %s", s.name, s.country, p.Place)
				}
				if math.Abs(s.lat) > 90 || math.Abs(s.lng) > 180 || math.IsNaN(s.lat) || math.IsNaN(s.lng) {
					t.Fatalf("accepted bad coordinates %g,%g at %s", s.lat, s.lng, p.Place)
				}
			}
			if p.A.Label() == p.B.Label() {
				t.Fatalf("accepted a self-twin at %s", p.Place)
			}
		}
	})
}
