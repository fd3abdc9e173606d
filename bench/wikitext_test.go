// Package bench holds WikiCities' benchmarks, each against a baseline in the
// same run, printed as ratios.
package bench

import (
	"bytes"
	"encoding/csv"
	"io"
	"os"
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/wikitext"
)

const twinCitiesCSV = "../../shared/data/twin-cities/twin_cities.csv"

// twinningPage is the real world dataset written as a twinning index page
// (about 26,000 rows), and the same rows as CSV.
func twinningPage(b *testing.B) (page, csvText []byte, rows int) {
	b.Helper()
	raw, err := os.ReadFile(twinCitiesCSV)
	if os.IsNotExist(err) {
		b.Skipf("%s is absent: the benchmark reads the real dataset", twinCitiesCSV)
	}
	if err != nil {
		b.Fatal(err)
	}
	r := csv.NewReader(bytes.NewReader(raw))
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		b.Fatal(err)
	}
	var tw []wikicities.TwinningRow
	for _, rec := range recs[1:] {
		if len(rec) >= 6 {
			tw = append(tw, wikicities.TwinningRow{City: rec[0], Country: rec[1], TwinCity: rec[4], TwinCountry: rec[5]})
		}
	}
	return []byte(wikitext.Write(wikitext.TwinningIndex("Twin cities", tw))), raw, len(tw)
}

// BenchmarkWikitextTwinningIndex reads the dataset as a twinning index page
// (Parse and TwinningRows) and, as the baseline, as CSV with encoding/csv:
// the ratio says what reading wikitext tables costs over the plainest
// tabular format. Reported: MB/s of wikitext, rows/s, ratio to CSV.
func BenchmarkWikitextTwinningIndex(b *testing.B) {
	page, csvText, n := twinningPage(b)
	var csvNs, wikiNs float64
	b.Run("csv-baseline", func(b *testing.B) {
		b.SetBytes(int64(len(csvText)))
		for b.Loop() {
			r := csv.NewReader(bytes.NewReader(csvText))
			r.FieldsPerRecord = -1
			for {
				if _, err := r.Read(); err == io.EOF {
					break
				} else if err != nil {
					b.Fatal(err)
				}
			}
		}
		csvNs = float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	})
	b.Run("wikitext", func(b *testing.B) {
		b.SetBytes(int64(len(page)))
		for b.Loop() {
			tables, err := wikitext.Parse(string(page))
			if err != nil {
				b.Fatal(err)
			}
			rows, _, err := wikitext.TwinningRows(tables)
			if err != nil || len(rows) != n {
				b.Fatalf("%d rows of %d: %v", len(rows), n, err)
			}
		}
		wikiNs = float64(b.Elapsed().Nanoseconds()) / float64(b.N)
		b.ReportMetric(float64(n)/(wikiNs/1e9), "rows/s")
		if csvNs > 0 {
			b.ReportMetric(wikiNs/csvNs, "x-csv")
		}
	})
	if csvNs > 0 && wikiNs > 0 {
		b.Logf("%d rows: wikitext page %d bytes, %.1f ms; CSV %d bytes, %.1f ms; wikitext/CSV = %.1fx",
			n, len(page), wikiNs/1e6, len(csvText), csvNs/1e6, wikiNs/csvNs)
	}
}
