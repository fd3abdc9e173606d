package store

import (
	"context"
	"fmt"
	"slices"

	"github.com/wikicities/wikicities"
)

var _ wikicities.CityNameService = (*Cities)(nil)

// eachCityName calls fn for every stored name of a city in a language.
func (t *Tx) eachCityName(ctx context.Context, fn func(id int64, lang, name string)) error {
	rows, err := t.Query(ctx, `SELECT city_id, lang, name FROM city_names ORDER BY city_id, lang`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var lang, name string
		if err := rows.Scan(&id, &lang, &name); err != nil {
			return mapErr(err)
		}
		fn(id, lang, name)
	}
	return mapErr(rows.Err())
}

// CityNames returns every city's names by language.
func (s *Cities) CityNames(ctx context.Context) (map[int64]map[string]string, error) {
	out := map[int64]map[string]string{}
	err := s.db.View(ctx, func(tx *Tx) error {
		return tx.eachCityName(ctx, func(id int64, lang, name string) {
			if out[id] == nil {
				out[id] = map[string]string{}
			}
			out[id][lang] = name
		})
	})
	return out, err
}

// SetCityNames replaces, in one transaction, the names of every city in
// names (city id → language → name): names missing from the map are
// removed, new ones added, others changed. Cities absent from names keep
// theirs. Returns ErrInvalid for an unknown language code or an empty or
// over-long name, naming the city and the language.
func (s *Cities) SetCityNames(ctx context.Context, names map[int64]map[string]string) (added, changed, removed int, err error) {
	ids := make([]int64, 0, len(names))
	for id, byLang := range names {
		for lang, n := range byLang {
			if !wikicities.ValidLanguage(lang) {
				return 0, 0, 0, wikicities.Invalidf("names", "city %d: %q is not a Wikimedia language code", id, lang)
			}
			if n == "" || len(n) > 300 {
				return 0, 0, 0, wikicities.Invalidf("names", "city %d: the %s name is empty or longer than 300 bytes", id, lang)
			}
		}
		ids = append(ids, id)
	}
	slices.Sort(ids)
	err = s.db.Update(ctx, func(tx *Tx) error {
		old := map[int64]map[string]string{}
		if err := tx.eachCityName(ctx, func(id int64, lang, name string) {
			if names[id] == nil {
				return
			}
			if old[id] == nil {
				old[id] = map[string]string{}
			}
			old[id][lang] = name
		}); err != nil {
			return err
		}
		type row struct {
			id         int64
			lang, name string
		}
		var adds, updates, deletes []row
		for _, id := range ids {
			langs := make([]string, 0, len(names[id]))
			for lang := range names[id] {
				langs = append(langs, lang)
			}
			slices.Sort(langs)
			for _, lang := range langs {
				n := names[id][lang]
				switch prev, ok := old[id][lang]; {
				case !ok:
					adds = append(adds, row{id, lang, n})
				case prev != n:
					updates = append(updates, row{id, lang, n})
				}
			}
			for lang := range old[id] {
				if _, ok := names[id][lang]; !ok {
					deletes = append(deletes, row{id, lang, ""})
				}
			}
		}
		if _, err := tx.bulkInsert(ctx, `INSERT INTO city_names (city_id, lang, name, name_key) VALUES `, 4, len(adds), ``,
			func(args []any, i int) []any {
				r := &adds[i]
				return append(args, r.id, r.lang, r.name, wikicities.NameKey(r.name))
			}); err != nil {
			return fmt.Errorf("city names: %w", err)
		}
		for _, r := range updates {
			if _, err := tx.Exec(ctx, `UPDATE city_names SET name = ?, name_key = ? WHERE city_id = ? AND lang = ?`, r.name, wikicities.NameKey(r.name), r.id, r.lang); err != nil {
				return err
			}
		}
		for _, r := range deletes {
			if _, err := tx.Exec(ctx, `DELETE FROM city_names WHERE city_id = ? AND lang = ?`, r.id, r.lang); err != nil {
				return err
			}
		}
		added, changed, removed = len(adds), len(updates), len(deletes)
		return tx.Audit(ctx, "import", 0, "city_names", nil, map[string]int{"cities": len(ids), "added": added, "changed": changed, "removed": removed})
	})
	if err != nil {
		return 0, 0, 0, err
	}
	return added, changed, removed, nil
}

// SetCityRegions stores, in one transaction, the region code (ISO 3166-2,
// as Wikidata states it) of every city in codes; an empty code clears it.
// It returns how many cities changed. Returns ErrInvalid for a malformed
// code, naming the city.
func (s *Cities) SetCityRegions(ctx context.Context, codes map[int64]string) (changed int, err error) {
	ids := make([]int64, 0, len(codes))
	for id, code := range codes {
		if code != "" && !wikicities.ValidRegionKey(code) {
			return 0, wikicities.Invalidf("region", "city %d: %q is not a region code such as DE-BY", id, code)
		}
		ids = append(ids, id)
	}
	slices.Sort(ids)
	err = s.db.Update(ctx, func(tx *Tx) error {
		for _, id := range ids {
			res, err := tx.Exec(ctx, `UPDATE cities SET region = ? WHERE id = ? AND region <> ?`, codes[id], id, codes[id])
			if err != nil {
				return mapErr(err)
			}
			n, err := res.RowsAffected()
			if err != nil {
				return mapErr(err)
			}
			changed += int(n)
		}
		return nil
	})
	return changed, err
}
