package sparql_test

import (
	"bytes"
	"errors"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/importer/sparql"
)

// FuzzRead checks that no input panics the parser, that a failure is an
// ErrMalformed naming the source, and that accepted pairs are sound.
// Seeds: testdata/fuzz/FuzzRead.
func FuzzRead(f *testing.F) {
	if b, err := os.ReadFile("testdata/p190.json"); err == nil {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		b, err := sparql.Read(bytes.NewReader(in), "f.json", false)
		if err != nil {
			if !errors.Is(err, sparql.ErrMalformed) || !strings.HasPrefix(err.Error(), "f.json: ") {
				t.Fatalf("error %v is not ErrMalformed naming the source", err)
			}
			return
		}
		if b.Rows != len(b.Pairs)+len(b.Rejected) {
			t.Fatalf("rows %d != pairs %d + rejected %d", b.Rows, len(b.Pairs), len(b.Rejected))
		}
		for _, p := range b.Pairs {
			for _, s := range []struct {
				qid, name string
				lat, lng  float64
			}{{p.A.QID, p.A.Name, p.A.Lat, p.A.Lng}, {p.B.QID, p.B.Name, p.B.Lat, p.B.Lng}} {
				if !wikicities.ValidQID(s.qid) || s.name == "" || math.Abs(s.lat) > 90 || math.Abs(s.lng) > 180 {
					t.Fatalf("accepted a bad side %+v at %s", s, p.Place)
				}
			}
			if p.A.QID == p.B.QID {
				t.Fatalf("accepted a self-twin at %s", p.Place)
			}
		}
	})
}
