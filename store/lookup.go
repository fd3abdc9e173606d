package store

import (
	"context"
	"errors"
	"slices"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/resolve"
	"github.com/wikicities/wikicities/twins"
)

// LookupCity returns the one city a query names (a city id, a Wikidata
// item, a name or "name, country"), by the rules of package resolve.
// Returns ErrInvalid for an empty query, ErrNotFound when no city matches,
// and a *wikicities.AmbiguousError naming the candidates when several do.
func (s *Cities) LookupCity(ctx context.Context, query string) (*wikicities.City, error) {
	return resolve.Lookup(ctx, cityFinder{s}, query)
}

// cityFinder gives resolve.Lookup the stored cities it chooses among.
type cityFinder struct{ s *Cities }

var _ resolve.FoldingFinder = cityFinder{}

func (f cityFinder) CityByID(ctx context.Context, id int64) (*wikicities.City, error) {
	c, err := scanCity(f.s.db.QueryRow(ctx, `SELECT `+cityColumns+` FROM cities WHERE id = ?`, id))
	if errors.Is(err, wikicities.ErrNotFound) {
		return nil, nil
	}
	return c, err
}

func (f cityFinder) CityByQID(ctx context.Context, qid string) (*wikicities.City, error) {
	c, err := f.s.CityByQID(ctx, qid)
	if errors.Is(err, wikicities.ErrNotFound) {
		return nil, nil
	}
	return c, err
}

// Named returns the cities whose name or one of whose labels has the key,
// each with the countries of its name and labels.
func (f cityFinder) Named(ctx context.Context, nameKey string) ([]resolve.Known, error) {
	if nameKey == "" {
		return nil, nil
	}
	const cols = `c.id, COALESCE(c.qid, ''), c.name, c.country, c.region, c.lat, c.lng, c.has_coords, c.population`
	rows, err := f.s.db.Query(ctx, `SELECT `+cols+`, c.country FROM cities c WHERE c.name_key = ?
		UNION ALL
		SELECT `+cols+`, l.country FROM city_labels l JOIN cities c ON c.id = l.city_id
		WHERE l.label_key LIKE ? ESCAPE '\'`, nameKey, likePrefix(nameKey+"|"))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []resolve.Known
	at := map[int64]int{}
	for rows.Next() {
		var c wikicities.City
		var has int
		var country string
		if err := rows.Scan(&c.ID, &c.QID, &c.Name, &c.Country, &c.Region, &c.Lat, &c.Lng, &has, &c.Population, &country); err != nil {
			return nil, err
		}
		c.HasCoords = has != 0
		i, ok := at[c.ID]
		if !ok {
			i = len(out)
			at[c.ID] = i
			out = append(out, resolve.Known{City: &c})
		}
		if country != "" {
			out[i].Countries = append(out[i].Countries, country)
		}
	}
	return out, rows.Err()
}

// NamedFolded returns the cities whose name or one of whose labels is
// foldedKey once diacritics are removed ("dusseldorf" for Düsseldorf),
// each with its countries. It reads every distinct name and label: a
// lookup asks for it only when no city has the name as typed.
func (f cityFinder) NamedFolded(ctx context.Context, foldedKey string) ([]resolve.Known, error) {
	if foldedKey == "" {
		return nil, nil
	}
	var keys []string
	rows, err := f.s.db.Query(ctx, `SELECT DISTINCT name_key FROM cities UNION SELECT DISTINCT name FROM city_labels`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return nil, err
		}
		if k := wikicities.NameKey(name); twins.FoldKey(k) == foldedKey && !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var out []resolve.Known
	at := map[int64]int{}
	for _, k := range keys {
		ks, err := f.Named(ctx, k)
		if err != nil {
			return nil, err
		}
		for _, known := range ks {
			if i, ok := at[known.City.ID]; ok {
				out[i].Countries = append(out[i].Countries, known.Countries...)
				continue
			}
			at[known.City.ID] = len(out)
			out = append(out, known)
		}
	}
	return out, nil
}
