package admin1_test

import (
	"bytes"
	"compress/gzip"
	"strings"
	"testing"

	"github.com/wikicities/wikicities/geo/admin1"
)

// A region is named in the reader's language where the data has it; in a
// language the data lacks, in English, not in the local name; where a
// language's name is the local one (German "Bayern"), that one.
func TestRegionNameIn(t *testing.T) {
	s, err := admin1.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ key, lang, want string }{
		{"DE-BY", "en", "Bavaria"}, {"DE-BY", "de", "Bayern"}, {"DE-BY", "ar", "بافاريا"}, {"DE-BY", "fr", "Bavaria"},
		{"JP-13", "de", "Tokio"}, {"JP-13", "en", "Tokyo"}, {"DE-BE", "en", "Berlin"}, {"DE-BE", "ar", "برلين"},
	} {
		if got := s.Region(c.key).NameIn(c.lang); got != c.want {
			t.Errorf("%s in %s: %q, want %q", c.key, c.lang, got, c.want)
		}
	}
}

func TestDefaultHasTheWorld(t *testing.T) {
	s, err := admin1.Default()
	if err != nil {
		t.Fatal(err)
	}
	if n := len(s.Regions()); n < 4000 {
		t.Fatalf("%d regions", n)
	}
	by := s.Region("DE-BY")
	if by == nil || by.Country != "DE" || !by.ISO || by.QID != "Q980" || by.NameIn("en") != "Bavaria" || by.NameIn("de") != "Bayern" {
		t.Fatalf("DE-BY: %+v", by)
	}
	if s.ByQID("Q980") != by {
		t.Fatal("ByQID(Q980) is not DE-BY")
	}
	if len(s.InCountry("DE")) != 16 {
		t.Fatalf("Germany has %d regions", len(s.InCountry("DE")))
	}
	rings := by.Rings()
	if len(rings) == 0 || len(rings[0][0]) < 4 {
		t.Fatal("DE-BY has no outline")
	}
	if got := s.At(by.LabelLat, by.LabelLng); len(got) != 1 || got[0] != by {
		t.Fatalf("label point of DE-BY is in %v", got)
	}
}

func TestReadRejectsDamagedData(t *testing.T) {
	if _, err := admin1.Read([]byte("not gzip")); err == nil {
		t.Fatal("no error for data that is not gzip")
	}
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(`{"regions":[{"key":"XX-A","polygons":[]},{"key":"XX-A","polygons":[]}]}`))
	zw.Close()
	if _, err := admin1.Read(b.Bytes()); err == nil || !strings.Contains(err.Error(), `"XX-A"`) {
		t.Fatalf("repeated key: %v", err)
	}
}

// A square with a square hole, delta-encoded in thousandths of a degree.
func TestAtHonoursHolesAndNearestMeasuresKm(t *testing.T) {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(`{"regions":[{"key":"XX-A","country":"XX","label":[500,500],"polygons":[[
		[0,0, 1000,0, 0,1000, -1000,0, 0,-1000],
		[400,400, 200,0, 0,200, -200,0, 0,-200]]]}]}`))
	zw.Close()
	s, err := admin1.Read(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if got := s.At(0.1, 0.1); len(got) != 1 {
		t.Fatalf("inside: %v", got)
	}
	if got := s.At(0.5, 0.5); len(got) != 0 {
		t.Fatalf("in the hole: %v", got)
	}
	r, km := admin1.Nearest(s.InCountry("XX"), 0.5, 1.5)
	if r == nil || km < 55 || km > 56 {
		t.Fatalf("nearest %v at %.2f km, want about 55.6", r, km)
	}
}

// At, through the grid, finds exactly the regions that contain a point,
// as asking every region would: across the antimeridian, at the poles and
// on the grid's own lines too.
func TestAtAgreesWithEveryRegion(t *testing.T) {
	s, err := admin1.Default()
	if err != nil {
		t.Fatal(err)
	}
	points := [][2]float64{{48.14, 11.58}, {-89.5, 0}, {89.9, 179.9}, {65.5, -179.5}, {65.5, 179.5}, {0, 0}, {-33.9, 151.2}, {64.7, 177.5}}
	for lat := -85.0; lat <= 85; lat += 7.3 {
		for lng := -180.0; lng < 180; lng += 9.7 {
			points = append(points, [2]float64{lat, lng})
		}
	}
	for _, r := range s.Regions() {
		if len(r.Rings()) > 0 {
			points = append(points, [2]float64{r.LabelLat, r.LabelLng})
		}
	}
	found := 0
	for _, pt := range points {
		var want []*admin1.Region
		for _, r := range s.Regions() {
			if r.Contains(pt[0], pt[1]) {
				want = append(want, r)
			}
		}
		got := s.At(pt[0], pt[1])
		if len(got) != len(want) {
			t.Errorf("At(%v, %v) = %d regions, every region says %d", pt[0], pt[1], len(got), len(want))
			continue
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("At(%v, %v)[%d] = %s, want %s", pt[0], pt[1], i, got[i].Key, want[i].Key)
			}
		}
		found += len(got)
	}
	if found < len(points)/3 {
		t.Errorf("only %d of %d points in a region: the test proves little", found, len(points))
	}
}
