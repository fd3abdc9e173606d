package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/wikicities/wikicities"
)

// Cities is the SQL implementation of wikicities.CityService.
type Cities struct{ db *DB }

var _ wikicities.CityService = (*Cities)(nil)

// Cities returns the city and twin-link service.
func (d *DB) Cities() *Cities { return &Cities{db: d} }

const cityColumns = `id, COALESCE(qid, ''), name, country, region, lat, lng, has_coords, population`

func scanCity(sc interface{ Scan(...any) error }) (*wikicities.City, error) {
	var c wikicities.City
	var has int
	if err := sc.Scan(&c.ID, &c.QID, &c.Name, &c.Country, &c.Region, &c.Lat, &c.Lng, &has, &c.Population); err != nil {
		return nil, mapErr(err)
	}
	c.HasCoords = has != 0
	return &c, nil
}

// City returns the city with id. Returns ErrNotFound if id is unknown.
func (s *Cities) City(ctx context.Context, id int64) (*wikicities.City, error) {
	c, err := scanCity(s.db.QueryRow(ctx, `SELECT `+cityColumns+` FROM cities WHERE id = ?`, id))
	if err != nil {
		return nil, err
	}
	rows, err := s.db.Query(ctx, `SELECT name, country FROM city_labels WHERE city_id = ? ORDER BY label_key`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var n, co string
		if err := rows.Scan(&n, &co); err != nil {
			return nil, err
		}
		c.Labels = append(c.Labels, wikicities.LabelString(n, co))
	}
	return c, rows.Err()
}

// CityByQID returns the city with Wikidata item qid. Returns ErrNotFound.
func (s *Cities) CityByQID(ctx context.Context, qid string) (*wikicities.City, error) {
	return scanCity(s.db.QueryRow(ctx, `SELECT `+cityColumns+` FROM cities WHERE qid = ?`, qid))
}

// Cities lists cities matching f, ordered by name then country.
func (s *Cities) Cities(ctx context.Context, f wikicities.CityFilter) ([]*wikicities.City, error) {
	var where []string
	var args []any
	if q := wikicities.NameKey(f.Query); q != "" {
		where = append(where, `(name_key LIKE ? ESCAPE '\' OR id IN (SELECT city_id FROM city_labels WHERE label_key LIKE ? ESCAPE '\')
			OR id IN (SELECT city_id FROM city_names WHERE name_key LIKE ? ESCAPE '\'))`)
		args = append(args, likePrefix(q), likePrefix(q), likePrefix(q))
	}
	if f.Country != "" {
		where = append(where, `LOWER(country) = ?`)
		args = append(args, strings.ToLower(f.Country))
	}
	q := `SELECT ` + cityColumns + ` FROM cities`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, ` AND `)
	}
	limit := f.Limit
	if limit <= 0 || limit > 1000 {
		limit = 50
	}
	q += fmt.Sprintf(` ORDER BY name_key, country, id LIMIT %d OFFSET %d`, limit, max(f.Offset, 0))
	return s.queryCities(ctx, q, args...)
}

// AllCities returns every city with its other labels, for building the
// in-memory graph.
func (s *Cities) AllCities(ctx context.Context) ([]*wikicities.City, error) {
	var out []*wikicities.City
	err := s.db.View(ctx, func(tx *Tx) error {
		var err error
		if out, err = tx.AllCities(ctx); err != nil {
			return err
		}
		byID := make(map[int64]*wikicities.City, len(out))
		for _, c := range out {
			byID[c.ID] = c
		}
		labels, err := tx.AllLabels(ctx)
		if err != nil {
			return err
		}
		for _, l := range labels {
			c := byID[l.CityID]
			if c == nil || l.Key() == wikicities.LabelKey(c.Name, c.Country) {
				continue
			}
			c.Labels = append(c.Labels, wikicities.LabelString(l.Name, l.Country))
		}
		return tx.eachCityName(ctx, func(id int64, lang, name string) {
			if c := byID[id]; c != nil {
				if c.Names == nil {
					c.Names = map[string]string{}
				}
				c.Names[lang] = name
			}
		})
	})
	return out, err
}

func (s *Cities) queryCities(ctx context.Context, q string, args ...any) ([]*wikicities.City, error) {
	rows, err := s.db.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*wikicities.City
	for rows.Next() {
		c, err := scanCity(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// AllTwinLinks returns every twin link, for building the in-memory graph.
func (s *Cities) AllTwinLinks(ctx context.Context) ([]*wikicities.TwinLink, error) {
	rows, err := s.db.Query(ctx, `SELECT a, b, source, year, provenance, created_at FROM twin_links ORDER BY a, b`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*wikicities.TwinLink
	for rows.Next() {
		var l wikicities.TwinLink
		var at int64
		if err := rows.Scan(&l.A, &l.B, &l.Source, &l.Year, &l.Provenance, &at); err != nil {
			return nil, err
		}
		l.CreatedAt = unixTime(at)
		out = append(out, &l)
	}
	return out, rows.Err()
}

// CreateCity adds c and sets its ID. Returns ErrConflict if its QID exists.
func (s *Cities) CreateCity(ctx context.Context, c *wikicities.City) error {
	return s.db.Update(ctx, func(tx *Tx) error { return tx.CreateCity(ctx, c) })
}

// AddTwinLink adds l; adding an existing pair changes nothing and reports false.
func (s *Cities) AddTwinLink(ctx context.Context, l *wikicities.TwinLink) (bool, error) {
	var added bool
	err := s.db.Update(ctx, func(tx *Tx) error {
		var err error
		added, err = tx.AddTwinLink(ctx, l)
		return err
	})
	return added, err
}

// ValidateCity checks a city's fields (wikicities.ValidateCity).
func ValidateCity(c *wikicities.City) error { return wikicities.ValidateCity(c) }

// CreateCity adds c inside the transaction, records its label, and sets c.ID.
func (t *Tx) CreateCity(ctx context.Context, c *wikicities.City) error {
	if err := ValidateCity(c); err != nil {
		return err
	}
	now := t.db.Now().Unix()
	var qid any
	if c.QID != "" {
		qid = c.QID
	}
	id, err := t.InsertID(ctx, `INSERT INTO cities (qid, name, country, region, lat, lng, has_coords, population, name_key, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		qid, c.Name, c.Country, c.Region, c.Lat, c.Lng, boolInt(c.HasCoords), c.Population, wikicities.NameKey(c.Name), now, now)
	if err != nil {
		return err
	}
	c.ID = id
	return t.AddCityLabel(ctx, id, c.Name, c.Country)
}

// AddCityLabel records that "name, country" denotes city id. An existing
// label is left pointing where it points.
func (t *Tx) AddCityLabel(ctx context.Context, id int64, name, country string) error {
	_, err := t.Exec(ctx, `INSERT INTO city_labels (label_key, city_id, name, country) VALUES (?, ?, ?, ?)
		ON CONFLICT (label_key) DO NOTHING`, wikicities.LabelKey(name, country), id, name, country)
	return err
}

// AddTwinLink adds l inside the transaction; an existing pair is left as it
// is and reported as not added.
func (t *Tx) AddTwinLink(ctx context.Context, l *wikicities.TwinLink) (bool, error) {
	l.Normalize()
	if l.A == l.B {
		return false, wikicities.Invalidf("twin", "a city cannot be twinned with itself")
	}
	if !l.Source.Valid() {
		return false, wikicities.Invalidf("source", "unknown source %q", l.Source)
	}
	if l.CreatedAt.IsZero() {
		l.CreatedAt = t.db.Now()
	}
	r, err := t.Exec(ctx, `INSERT INTO twin_links (a, b, source, year, provenance, created_at) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (a, b) DO NOTHING`, l.A, l.B, string(l.Source), l.Year, l.Provenance, l.CreatedAt.Unix())
	if err != nil {
		return false, err
	}
	if err := t.InsertLinkStatements(ctx, []LinkStatement{{A: l.A, B: l.B, Source: l.Source, Provenance: l.Provenance}}); err != nil {
		return false, err
	}
	n, err := r.RowsAffected()
	return n == 1, err
}

// Stats summarises the twin-city graph.
func (s *Cities) Stats(ctx context.Context) (*wikicities.GraphStats, error) {
	var st wikicities.GraphStats
	err := s.db.View(ctx, func(tx *Tx) error {
		err := tx.QueryRow(ctx, `SELECT
			(SELECT COUNT(*) FROM cities),
			(SELECT COUNT(*) FROM twin_links),
			(SELECT COUNT(DISTINCT country) FROM cities WHERE country <> ''),
			(SELECT COUNT(*) FROM cities c WHERE NOT EXISTS (SELECT 1 FROM twin_links WHERE a = c.id) AND NOT EXISTS (SELECT 1 FROM twin_links WHERE b = c.id)),
			(SELECT COUNT(*) FROM cities WHERE qid IS NOT NULL),
			(SELECT COUNT(*) FROM city_labels)`).
			Scan(&st.Cities, &st.TwinLinks, &st.Countries, &st.IsolatedNodes, &st.WithQID, &st.Labels)
		if err != nil {
			return mapErr(err)
		}
		rows, err := tx.Query(ctx, `SELECT source, COUNT(*) FROM twin_links GROUP BY source ORDER BY source`)
		if err != nil {
			return err
		}
		defer rows.Close()
		st.BySource = map[wikicities.LinkSource]int{}
		for rows.Next() {
			var src wikicities.LinkSource
			var n int
			if err := rows.Scan(&src, &n); err != nil {
				return err
			}
			st.BySource[src] = n
		}
		return rows.Err()
	})
	return &st, mapErr(err)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func likePrefix(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s) + "%"
}

// DeleteCity removes a city with its labels and twin links. Returns
// ErrConflict, naming what refers to it, while communities or institutions
// are based there; ErrNotFound; ErrForbidden for anyone but an admin.
func (s *Cities) DeleteCity(ctx context.Context, id int64) error {
	a := wikicities.ActorFrom(ctx)
	if err := a.RequireWrite(); err != nil {
		return err
	}
	if !a.IsAdmin() {
		return fmt.Errorf("%w: only admins may delete cities", wikicities.ErrForbidden)
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		c, err := scanCity(tx.QueryRow(ctx, `SELECT `+cityColumns+` FROM cities WHERE id = ?`, id))
		if err != nil {
			return fmt.Errorf("city %d: %w", id, err)
		}
		var comms, insts int
		if err := tx.QueryRow(ctx, `SELECT (SELECT COUNT(*) FROM communities WHERE city_id = ?), (SELECT COUNT(*) FROM institutions WHERE city_id = ?)`,
			id, id).Scan(&comms, &insts); err != nil {
			return mapErr(err)
		}
		if comms+insts > 0 {
			return fmt.Errorf("%w: city %d (%s) is the home of %d communities and %d institutions; move or delete them first",
				wikicities.ErrConflict, id, wikicities.LabelString(c.Name, c.Country), comms, insts)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM cities WHERE id = ?`, id); err != nil {
			return err
		}
		return tx.Audit(ctx, "city", id, "delete", c, nil)
	})
}
