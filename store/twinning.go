package store

import (
	"context"
	"fmt"
	"sort"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/groupmatch"
)

// TwinningGroup is a Wikimedia group that a twinning row names as active in
// a city that the import has resolved.
type TwinningGroup = wikicities.TwinningGroup

// GroupSink receives the groups of imported twinning rows inside the
// import's transaction, so that groups land with the cities and links or not
// at all. It returns a line for the import report. DirectoryGroups matches
// them to the directory's communities; the directory service can implement
// it to create the communities it lacks.
type GroupSink interface {
	ImportGroup(ctx context.Context, tx *Tx, g TwinningGroup) (note string, err error)
}

// DirectoryGroups is the GroupSink over the directory's communities table:
// a group is matched (groupmatch) to a community of the directory in the
// same city, exactly (its Meta page or name), after normalisation (case,
// diacritics, the movement's affixes) or probably (shared words,
// transliteration), and reported as such; a probable match is only named,
// for a person to check. A group the directory does not know is reported as
// not imported: creating a community needs what a table does not say (its
// kind, languages, contact), which is the directory's to ask.
type DirectoryGroups struct{}

var _ GroupSink = DirectoryGroups{}

// ImportGroup matches g to a community of its city.
func (DirectoryGroups) ImportGroup(ctx context.Context, tx *Tx, g TwinningGroup) (string, error) {
	rows, err := tx.Query(ctx, `SELECT id, name, meta_page FROM communities WHERE city_id = ? AND archived = 0 ORDER BY id`, g.CityID)
	if err != nil {
		return "", err
	}
	var groups []groupmatch.Group
	for rows.Next() {
		var c groupmatch.Group
		if err := rows.Scan(&c.ID, &c.Name, &c.MetaPage); err != nil {
			rows.Close()
			return "", mapErr(err)
		}
		groups = append(groups, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return "", mapErr(err)
	}
	m := groupmatch.New(groups).Find(groupmatch.Group{Name: g.Name, MetaPage: g.Page})
	place := wikicities.LabelString(g.City, g.Country)
	switch m.Level {
	case groupmatch.None:
		return fmt.Sprintf("line %d: group %q in city %q (not imported: not in the directory; add it there)", g.Line, g.Name, place), nil
	case groupmatch.Probable:
		return fmt.Sprintf("line %d: group %q in city %q may be community %d (%s) of the directory (%s); not merged: check it, and give the community the group's Meta page to confirm", g.Line, g.Name, place, m.Group.ID, m.Group.Name, m.Reason), nil
	case groupmatch.Normalised:
		return fmt.Sprintf("line %d: group %q in city %q is community %d (%s) of the directory (%s)", g.Line, g.Name, place, m.Group.ID, m.Group.Name, m.Reason), nil
	}
	return fmt.Sprintf("line %d: group %q in city %q is community %d (%s) of the directory", g.Line, g.Name, place, m.Group.ID, m.Group.Name), nil
}

// TwinningIndex returns every twin link as a twinning row, the city that
// sorts first by name on the left, ordered by city then twin city. A city's
// group is its active community in the directory (the first by name), with
// its Meta page.
func (d *DB) TwinningIndex(ctx context.Context) ([]wikicities.TwinningRow, error) {
	const group = `(SELECT %s FROM communities g WHERE g.city_id = %s.id AND g.archived = 0 AND g.status = 'active' ORDER BY g.name_key, g.id LIMIT 1)`
	q := fmt.Sprintf(`SELECT a.name, a.country, a.name_key, COALESCE(%s, ''), COALESCE(%s, ''),
		b.name, b.country, b.name_key, COALESCE(%s, ''), COALESCE(%s, ''), l.year
		FROM twin_links l JOIN cities a ON a.id = l.a JOIN cities b ON b.id = l.b`,
		fmt.Sprintf(group, "g.name", "a"), fmt.Sprintf(group, "g.meta_page", "a"),
		fmt.Sprintf(group, "g.name", "b"), fmt.Sprintf(group, "g.meta_page", "b"))
	rows, err := d.Query(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	type keyed struct {
		row        wikicities.TwinningRow
		key1, key2 string
	}
	var out []keyed
	for rows.Next() {
		var k keyed
		r := &k.row
		if err := rows.Scan(&r.City, &r.Country, &k.key1, &r.Group, &r.GroupPage,
			&r.TwinCity, &r.TwinCountry, &k.key2, &r.TwinGroup, &r.TwinGroupPage, &r.Year); err != nil {
			return nil, err
		}
		if k.key2 < k.key1 || k.key2 == k.key1 && r.TwinCountry < r.Country {
			r.City, r.Country, r.TwinCity, r.TwinCountry = r.TwinCity, r.TwinCountry, r.City, r.Country
			r.Group, r.GroupPage, r.TwinGroup, r.TwinGroupPage = r.TwinGroup, r.TwinGroupPage, r.Group, r.GroupPage
			k.key1, k.key2 = k.key2, k.key1
		}
		out = append(out, k)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.key1 != b.key1 {
			return a.key1 < b.key1
		}
		if a.row.Country != b.row.Country {
			return a.row.Country < b.row.Country
		}
		if a.key2 != b.key2 {
			return a.key2 < b.key2
		}
		return a.row.TwinCountry < b.row.TwinCountry
	})
	res := make([]wikicities.TwinningRow, len(out))
	for i, k := range out {
		res[i] = k.row
	}
	return res, nil
}
