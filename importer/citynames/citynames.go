// Package citynames reads the names of cities in many languages from
// Wikidata: the labels (rdfs:label) of the cities' items, through the
// query service, in batches of items.
package citynames

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/importer/sparql"
)

// DefaultLanguages are the languages fetched unless told otherwise: those
// the site's pages are written in (en, de, ar) and the most used languages
// of the Wikimedia projects.
var DefaultLanguages = []string{"en", "de", "ar", "fr", "es", "it", "pt", "ru", "uk", "pl", "nl", "sv", "cs",
	"tr", "fa", "he", "hi", "bn", "id", "ja", "ko", "zh", "vi", "el", "hu", "ro", "fi", "da", "nb", "ca"}

// Query returns the query for the labels of items in langs.
func Query(qids, langs []string) string {
	var b strings.Builder
	b.WriteString("# WikiCities: names of cities in other languages.\nSELECT ?item ?label WHERE {\n  VALUES ?item {")
	for _, q := range qids {
		b.WriteString(" wd:")
		b.WriteString(q)
	}
	b.WriteString(" }\n  ?item rdfs:label ?label .\n  FILTER(LANG(?label) IN (")
	for i, l := range langs {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%q", l)
	}
	b.WriteString("))\n}")
	return b.String()
}

// Read parses SPARQL JSON results of Query: item → language → label.
// Labels in a language that is not a Wikimedia language code, or longer
// than 300 bytes, are skipped and counted. A response that is not results
// of Query is an error wrapping sparql.ErrMalformed.
func Read(r io.Reader, name string, into map[string]map[string]string) (rows, skipped int, err error) {
	vars, rows, err := sparql.Each(r, name, func(row map[string]sparql.Binding) error {
		qid, l := row["item"].QID(), row["label"]
		lang := strings.ToLower(l.Lang)
		if qid == "" || l.Value == "" || !wikicities.ValidLanguage(lang) || len(l.Value) > 300 {
			skipped++
			return nil
		}
		if into[qid] == nil {
			into[qid] = map[string]string{}
		}
		into[qid][lang] = l.Value
		return nil
	})
	if err != nil {
		return rows, skipped, err
	}
	return rows, skipped, sparql.RequireVars(name, "labels", vars, "item", "label")
}

// Sync is what Fetch found.
type Sync struct {
	Cities  int // cities with an item
	Queries int
	Rows    int
	Skipped int
	// Names are the names by city id, the city's own name left out
	// when it is the same in that language.
	Names map[int64]map[string]string
}

// Fetch asks the query service for the labels of every city with an item,
// batch items a query (default 2000), and returns them by city id. Each
// query is retried as the client does; a failed one fails the sync, so
// that a partial answer never removes names.
func Fetch(ctx context.Context, c *sparql.Client, cities []*wikicities.City, langs []string, batch int) (*Sync, error) {
	if batch <= 0 {
		batch = 2000
	}
	if len(langs) == 0 {
		langs = DefaultLanguages
	}
	byQID := map[string][]*wikicities.City{}
	var qids []string
	for _, city := range cities {
		if city.QID == "" {
			continue
		}
		if byQID[city.QID] == nil {
			qids = append(qids, city.QID)
		}
		byQID[city.QID] = append(byQID[city.QID], city)
	}
	slices.Sort(qids)
	s := &Sync{Names: map[int64]map[string]string{}}
	labels := map[string]map[string]string{}
	for i := 0; i < len(qids); i += batch {
		part := qids[i:min(i+batch, len(qids))]
		name := fmt.Sprintf("labels %d-%d", i+1, i+len(part))
		err := c.Run(ctx, Query(part, langs), func(r io.Reader) error {
			got := map[string]map[string]string{}
			rows, skipped, err := Read(r, name, got)
			if err != nil {
				return err
			}
			for q, m := range got {
				labels[q] = m
			}
			s.Rows += rows
			s.Skipped += skipped
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("city names: %w", err)
		}
		s.Queries++
	}
	for q, m := range labels {
		for _, city := range byQID[q] {
			names := map[string]string{}
			for lang, n := range m {
				if n != city.Name {
					names[lang] = n
				}
			}
			s.Names[city.ID] = names
		}
	}
	for _, q := range qids {
		for _, city := range byQID[q] {
			s.Cities++
			if s.Names[city.ID] == nil {
				s.Names[city.ID] = map[string]string{}
			}
		}
	}
	return s, nil
}
