package csvimport_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/export"
	"github.com/wikicities/wikicities/importer"
	"github.com/wikicities/wikicities/importer/csvimport"
)

const header = "city1,country1,lat1,lng1,city2,country2,lat2,lng2\n"

// good is a valid row, placed after each bad one so that the tests also see
// that a rejection does not stop the rest of the file.
const good = "Augsburg,Germany,48.3689,10.8978,Dayton,United States,39.7589,-84.1916\n"

func TestReadRejectsBadRowsWithLineAndReason(t *testing.T) {
	tests := []struct {
		name, row, reason string
	}{
		{"too few columns", "Augsburg,Germany,48.3689,10.8978,Dayton,United States,39.7589\n", "has 7 fields, want 8"},
		{"too many columns", "Augsburg,Germany,48.3689,10.8978,Dayton,United States,39.7589,-84.19,x\n", "has 9 fields, want 8"},
		{"unparsable latitude", "Augsburg,Germany,north,10.8978,Dayton,United States,39.7589,-84.1916\n", `lat1 "north" is not a number`},
		{"latitude out of range", "Augsburg,Germany,91.2,10.8978,Dayton,United States,39.7589,-84.1916\n", `lat1 "91.2" is out of range [-90, 90]`},
		{"longitude out of range", "Augsburg,Germany,48.3689,10.8978,Dayton,United States,39.7589,-184.1916\n", `lng2 "-184.1916" is out of range [-180, 180]`},
		{"not a number", "Augsburg,Germany,NaN,10.8978,Dayton,United States,39.7589,-84.1916\n", `lat1 "NaN" is not a number`},
		{"infinite", "Augsburg,Germany,48.3689,+Inf,Dayton,United States,39.7589,-84.1916\n", `lng1 "+Inf" is not a number`},
		{"one coordinate missing", "Augsburg,Germany,48.3689,,Dayton,United States,39.7589,-84.1916\n", "lng1 is empty while the other coordinate is given"},
		{"empty name", "Augsburg,Germany,48.3689,10.8978,  ,United States,39.7589,-84.1916\n", "city2 is empty"},
		{"invalid UTF-8", "Augsb\xffurg,Germany,48.3689,10.8978,Dayton,United States,39.7589,-84.1916\n", "city1 is not valid UTF-8"},
		{"absurdly long name", "Augsburg,Germany,48.3689,10.8978," + strings.Repeat("Dayton", 100) + ",United States,39.7589,-84.1916\n", "city2 is 600 bytes long, the limit is 200"},
		{"absurdly long coordinate", "Augsburg,Germany,48.3689" + strings.Repeat("0", 40) + ",10.8978,Dayton,United States,39.7589,-84.1916\n", "lat1 is 47 bytes long, the limit is 32"},
		{"control character", "Augsburg\x00,Germany,48.3689,10.8978,Dayton,United States,39.7589,-84.1916\n", "city1 contains a control character"},
		{"self-twin", "Augsburg,Germany,48.3689,10.8978, augsburg ,germany,48.3689,10.8978\n", `self-twin: "Augsburg, Germany" is twinned with itself`},
		{"stray quote", "Augs\"burg,Germany,48.3689,10.8978,Dayton,United States,39.7589,-84.1916\n", "malformed CSV"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := header + good + tt.row + good
			b, err := csvimport.Read(strings.NewReader(in), "t.csv", false)
			if err != nil {
				t.Fatal(err)
			}
			if len(b.Rejected) != 1 {
				t.Fatalf("rejected %v, want one rejection", b.Rejected)
			}
			r := b.Rejected[0]
			if r.Place != "t.csv:3" || r.Kind != importer.Rejected || !strings.Contains(r.Message, tt.reason) {
				t.Errorf("rejection %q, want place t.csv:3 and reason containing %q", r, tt.reason)
			}
			if b.Rows != 3 || len(b.Pairs) != 2 {
				t.Errorf("rows %d, pairs %d; want 3 rows read and the 2 good ones kept", b.Rows, len(b.Pairs))
			}

			_, err = csvimport.Read(strings.NewReader(in), "t.csv", true)
			var re *importer.RowError
			if !errors.As(err, &re) || re.Place != "t.csv:3" || !errors.Is(err, wikicities.ErrInvalid) {
				t.Errorf("strict: err %v, want a RowError at t.csv:3", err)
			}
		})
	}
}

func TestReadFileErrors(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty file", "", "t.csv: empty file"},
		{"wrong header", "a,b,c\n" + good, `t.csv:1: header is "a,b,c"`},
		// A spreadsheet in a language whose decimal mark is the comma.
		{"semicolons", "city1;country1;lat1;lng1;city2;country2;lat2;lng2\r\nAugsburg;Germany;48,3689;10,8978;Dayton;United States;39,7589;-84,1916\r\n",
			"its columns are separated by semicolons"},
		{"line too long", header + strings.Repeat("x", csvimport.MaxLine+10), "t.csv:2: line is longer than 1 MiB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := csvimport.Read(strings.NewReader(tt.in), "t.csv", false)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestReadNormalisesSides(t *testing.T) {
	tests := []struct {
		name, row    string
		want1, want2 importer.Side
	}{
		{"country folded into the name is split",
			"Rostock,Germany,54.0833,12.1333,\"Varna, Bulgaria\",,43.2167,27.9167\n",
			importer.Side{Name: "Rostock", Country: "Germany", Lat: 54.0833, Lng: 12.1333, HasCoords: true},
			importer.Side{Name: "Varna", Country: "Bulgaria", Lat: 43.2167, Lng: 27.9167, HasCoords: true}},
		{"district qualifier is part of the name",
			"Neukölln (Berlin),Germany,52.4811,13.4353,Boulogne-Billancourt,France,48.8356,2.2411\n",
			importer.Side{Name: "Neukölln (Berlin)", Country: "Germany", Lat: 52.4811, Lng: 13.4353, HasCoords: true},
			importer.Side{Name: "Boulogne-Billancourt", Country: "France", Lat: 48.8356, Lng: 2.2411, HasCoords: true}},
		{"a territory without country stays whole",
			"Portsmouth,England,50.8058,-1.0872,Falkland Islands,,-51.73,-59.22\n",
			importer.Side{Name: "Portsmouth", Country: "England", Lat: 50.8058, Lng: -1.0872, HasCoords: true},
			importer.Side{Name: "Falkland Islands", Lat: -51.73, Lng: -59.22, HasCoords: true}},
		{"no coordinates at all is allowed",
			"Augsburg,Germany,,,Dayton,United States,,\n",
			importer.Side{Name: "Augsburg", Country: "Germany"},
			importer.Side{Name: "Dayton", Country: "United States"}},
		{"byte order mark and spaces are trimmed",
			" Augsburg , Germany ,48.3689,10.8978,Dayton,United States,39.7589,-84.1916\n",
			importer.Side{Name: "Augsburg", Country: "Germany", Lat: 48.3689, Lng: 10.8978, HasCoords: true},
			importer.Side{Name: "Dayton", Country: "United States", Lat: 39.7589, Lng: -84.1916, HasCoords: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := csvimport.Read(strings.NewReader("\ufeff"+header+tt.row), "t.csv", true)
			if err != nil {
				t.Fatal(err)
			}
			if len(b.Pairs) != 1 {
				t.Fatalf("pairs %v", b.Pairs)
			}
			p := b.Pairs[0]
			// Each side carries the folded name for the importer.
			tt.want1.NameKey, tt.want2.NameKey = wikicities.NameKey(tt.want1.Name), wikicities.NameKey(tt.want2.Name)
			if p.A != tt.want1 || p.B != tt.want2 || p.Place != "t.csv:2" {
				t.Errorf("got %+v / %+v at %s, want %+v / %+v at t.csv:2", p.A, p.B, p.Place, tt.want1, tt.want2)
			}
		})
	}
}

// What `wikicities export twins --format csv` writes imports back as the
// same pairs: names with commas, quotes and non-Latin letters, names a
// spreadsheet would run as formulas (neutralised on the way out, restored
// on the way in), cities without coordinates, and the year. It was refused
// for its header, so an export could not be moved to another site.
func TestReadTakesBackWhatTheTwinsExportWrites(t *testing.T) {
	cities := map[int64]*wikicities.City{
		1: {ID: 1, Name: "Düsseldorf", Country: "Germany", Lat: 51.2277, Lng: 6.7735, HasCoords: true},
		2: {ID: 2, Name: "القاهرة", Country: "Egypt", Lat: 30.0444, Lng: 31.2357, HasCoords: true},
		3: {ID: 3, Name: `Lagoa, "Azores"`, Country: "Portugal", Lat: 37.7486, Lng: -25.5403, HasCoords: true},
		4: {ID: 4, Name: "-Sainte-Anne", Country: "=Guadeloupe", Lat: 16.2264, Lng: -61.3808, HasCoords: true},
		5: {ID: 5, Name: "@Nowhere", Country: "+Land"},
	}
	// Paderborn and Le Mans, twinned since 836, as the API records it.
	links := []*wikicities.TwinLink{{A: 1, B: 2, Source: wikicities.SourceCSV, Year: 1978}, {A: 3, B: 4, Source: wikicities.SourceWikidata, Year: 836}, {A: 1, B: 5, Source: wikicities.SourceManual}}
	var out strings.Builder
	if err := export.Write(&out, export.Twins, export.CSV, export.Data{Links: links, City: func(id int64) *wikicities.City { return cities[id] }}); err != nil {
		t.Fatal(err)
	}
	for _, bom := range []string{"", "\ufeff"} {
		b, err := csvimport.Read(strings.NewReader(bom+out.String()), "twins.csv", true)
		if err != nil {
			t.Fatalf("%v\n%s", err, out.String())
		}
		if len(b.Pairs) != len(links) {
			t.Fatalf("%d pairs, want %d", len(b.Pairs), len(links))
		}
		side := func(c *wikicities.City) importer.Side {
			return importer.Side{Name: c.Name, Country: c.Country, NameKey: wikicities.NameKey(c.Name), Lat: c.Lat, Lng: c.Lng, HasCoords: c.HasCoords}
		}
		for i, l := range links {
			p := b.Pairs[i]
			if p.A != side(cities[l.A]) || p.B != side(cities[l.B]) || p.Year != l.Year || p.Place != fmt.Sprintf("twins.csv:%d", i+2) {
				t.Errorf("pair %d: %+v – %+v (%d) at %s, want %+v – %+v (%d)", i, p.A, p.B, p.Year, p.Place, side(cities[l.A]), side(cities[l.B]), l.Year)
			}
		}
	}
	bad := strings.Join(csvimport.ExportColumns, ",") + "\n1,Augsburg,Germany,,,2,Dayton,United States,,,csv,1066a\n"
	if _, err := csvimport.Read(strings.NewReader(bad), "twins.csv", true); err == nil || !strings.Contains(err.Error(), `twins.csv:2`) || !strings.Contains(err.Error(), `year "1066a" is not a year`) {
		t.Errorf("bad year: %v, want it named with its line", err)
	}
}

// A file as Excel saves it with "Unicode Text" (UTF-16 with its byte-order
// mark, columns separated by tabs), or tab-separated text copied from a
// spreadsheet, is read as the same rows: the UTF-16 file was refused with
// a header of NUL bytes ("\xff\xfec\x00i\x00t\x00...").
func TestReadTakesUTF16AndTabSeparatedFiles(t *testing.T) {
	const rows = "city1\tcountry1\tlat1\tlng1\tcity2\tcountry2\tlat2\tlng2\r\n" +
		"Düsseldorf\tGermany\t51.2277\t6.7735\tReading\tUnited Kingdom\t51.4543\t-0.9781\r\n" +
		"\"Varna, Bulgaria\"\t\t43.2167\t27.9167\tالقاهرة\tEgypt\t30.0444\t31.2357\r\n"
	encode16 := func(s string, big bool) string {
		var b strings.Builder
		if big {
			b.WriteString("\xfe\xff")
		} else {
			b.WriteString("\xff\xfe")
		}
		for _, u := range utf16.Encode([]rune(s)) {
			if big {
				b.WriteByte(byte(u >> 8))
				b.WriteByte(byte(u))
			} else {
				b.WriteByte(byte(u))
				b.WriteByte(byte(u >> 8))
			}
		}
		return b.String()
	}
	for name, in := range map[string]string{"tabs": rows, "UTF-16LE": encode16(rows, false), "UTF-16BE": encode16(rows, true)} {
		b, err := csvimport.Read(strings.NewReader(in), "t.txt", true)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if len(b.Pairs) != 2 || b.Pairs[0].A.Name != "Düsseldorf" || b.Pairs[0].B.Lng != -0.9781 ||
			b.Pairs[1].A.Name != "Varna" || b.Pairs[1].A.Country != "Bulgaria" || b.Pairs[1].B.Name != "القاهرة" || b.Pairs[1].Place != "t.txt:3" {
			t.Errorf("%s: pairs %+v", name, b.Pairs)
		}
	}
}
