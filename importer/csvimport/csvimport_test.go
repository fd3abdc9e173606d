package csvimport_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/wikicities/wikicities"
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
