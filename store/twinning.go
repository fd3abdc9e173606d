package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/twins"
)

// TwinningGroup is a Wikimedia group that a twinning row names as active in
// a city that the import has resolved.
type TwinningGroup struct {
	Name    string
	Page    string // its page on the wiki, if the cell linked one
	CityID  int64
	City    string
	Country string
	Line    int
}

// GroupSink receives the groups of imported twinning rows inside the
// import's transaction, so that groups land with the cities and links or not
// at all. It returns a line for the import report. DirectoryGroups matches
// them to the directory's communities; the directory service can implement
// it to create the communities it lacks.
type GroupSink interface {
	ImportGroup(ctx context.Context, tx *Tx, g TwinningGroup) (note string, err error)
}

// UnavailableGroups is the GroupSink used while no directory of communities
// exists: it imports nothing and says so in the report.
type UnavailableGroups struct{}

var _ GroupSink = UnavailableGroups{}

// ImportGroup reports g as not imported.
func (UnavailableGroups) ImportGroup(_ context.Context, _ *Tx, g TwinningGroup) (string, error) {
	return fmt.Sprintf("line %d: group %q in city %q (not imported: directory not available)", g.Line, g.Name, wikicities.LabelString(g.City, g.Country)), nil
}

// DirectoryGroups is the GroupSink over the directory's communities table:
// a group is matched to a community of the directory in the same city by
// its Meta page or its name, and reported as such. A group the directory
// does not know is reported as not imported: creating a community needs
// what a table does not say (its kind, languages, contact), which is the
// directory's to ask.
type DirectoryGroups struct{}

var _ GroupSink = DirectoryGroups{}

// ImportGroup matches g to a community of its city.
func (DirectoryGroups) ImportGroup(ctx context.Context, tx *Tx, g TwinningGroup) (string, error) {
	var id int64
	var name string
	err := tx.QueryRow(ctx, `SELECT id, name FROM communities
		WHERE city_id = ? AND archived = 0 AND ((meta_page <> '' AND meta_page = ?) OR name_key = ?)
		ORDER BY id LIMIT 1`, g.CityID, g.Page, wikicities.NameKey(g.Name)).Scan(&id, &name)
	place := wikicities.LabelString(g.City, g.Country)
	switch {
	case errors.Is(mapErr(err), wikicities.ErrNotFound):
		return fmt.Sprintf("line %d: group %q in city %q (not imported: not in the directory; add it there)", g.Line, g.Name, place), nil
	case err != nil:
		return "", mapErr(err)
	}
	return fmt.Sprintf("line %d: group %q in city %q is community %d (%s) of the directory", g.Line, g.Name, place, id, name), nil
}

// TwinningImport says where twinning rows come from and how to apply them.
type TwinningImport struct {
	// Source names the input for provenance: "FILE" or "PAGE@REVISION" (a
	// link's provenance is Source + ":" + line).
	Source string
	// Groups receives the groups; nil means UnavailableGroups.
	Groups GroupSink
	// DryRun computes the report and rolls everything back.
	DryRun bool
	// Strict rolls everything back when any row is rejected.
	Strict bool
}

// TwinningReport is what an import of twinning rows did (or, in a dry run,
// would do).
type TwinningReport struct {
	Source        string                   `json:"source"`
	RowsRead      int                      `json:"rows_read"`
	CitiesAdded   int                      `json:"cities_added"`
	CitiesMatched int                      `json:"cities_matched"`
	LinksAdded    int                      `json:"links_added"`
	LinksPresent  int                      `json:"links_present"`
	NewCities     []string                 `json:"new_cities,omitempty"`
	NewLinks      []string                 `json:"new_links,omitempty"`
	Groups        []string                 `json:"groups,omitempty"`
	Rejected      []wikicities.RejectedRow `json:"rejected,omitempty"`
	DryRun        bool                     `json:"dry_run,omitempty"`
}

// WriteText prints the report for people, one rejected row a line.
func (r *TwinningReport) WriteText(w io.Writer) {
	verb := "imported"
	if r.DryRun {
		verb = "would import (dry run, nothing changed)"
	}
	fmt.Fprintf(w, "%s: %s: %d rows read, %d cities added, %d matched, %d twin links added, %d already present, %d rejected\n",
		r.Source, verb, r.RowsRead, r.CitiesAdded, r.CitiesMatched, r.LinksAdded, r.LinksPresent, len(r.Rejected))
	for _, c := range r.NewCities {
		fmt.Fprintf(w, "  + city %s\n", c)
	}
	for _, l := range r.NewLinks {
		fmt.Fprintf(w, "  + twin link %s\n", l)
	}
	for _, g := range r.Groups {
		fmt.Fprintf(w, "  %s\n", g)
	}
	for _, x := range r.Rejected {
		fmt.Fprintf(w, "  rejected: %s: line %d: %s\n", r.Source, x.Line, x.Reason)
	}
}

var errDryRun = errors.New("dry run")

// ImportTwinning applies twinning rows in one transaction: each city is
// matched to a stored city by name (and country, when given, compatible as
// twins.CountriesCompatible says) or created; each pair becomes a twin link
// of source wikitext with provenance; each group goes to opts.Groups. A row
// that cannot be applied (an ambiguous name, a city twinned with itself, an
// invalid name) is rejected with its line and the rest applied (or, with
// Strict, nothing applied and an error matching ErrInvalid returned with the
// report). On a store error nothing is applied.
func (d *DB) ImportTwinning(ctx context.Context, rows []wikicities.TwinningRow, opts TwinningImport) (*TwinningReport, error) {
	rep := &TwinningReport{Source: opts.Source, DryRun: opts.DryRun}
	sink := opts.Groups
	if sink == nil {
		sink = UnavailableGroups{}
	}
	err := d.Update(ctx, func(tx *Tx) error {
		im := &twinImporter{tx: tx, rep: rep, sink: sink, src: opts.Source, seen: map[string]bool{},
			created: map[int64]bool{}, matched: map[int64]bool{}}
		lines := map[int]bool{}
		for _, row := range rows {
			if !lines[row.Line] {
				lines[row.Line] = true
				rep.RowsRead++
			}
			reason, err := im.apply(ctx, row)
			if err != nil {
				return err
			}
			if reason != "" {
				rep.Rejected = append(rep.Rejected, wikicities.RejectedRow{Line: row.Line, Reason: reason})
			}
		}
		if opts.DryRun || opts.Strict && len(rep.Rejected) > 0 {
			return errDryRun
		}
		return nil
	})
	if err != nil && !errors.Is(err, errDryRun) {
		return nil, err
	}
	if opts.Strict && len(rep.Rejected) > 0 {
		rep.DryRun = true
		return rep, fmt.Errorf("%s: line %d: %s (and %d more rejected rows): nothing imported: %w",
			opts.Source, rep.Rejected[0].Line, rep.Rejected[0].Reason, len(rep.Rejected)-1, wikicities.ErrInvalid)
	}
	return rep, nil
}

type twinImporter struct {
	tx   *Tx
	rep  *TwinningReport
	sink GroupSink
	src  string
	seen map[string]bool // groups already reported, by city and name
	// cities created and matched by this import, counted once each
	created, matched map[int64]bool
}

// apply applies one row; it returns the reason a row is rejected, or "".
func (im *twinImporter) apply(ctx context.Context, row wikicities.TwinningRow) (string, error) {
	a, reason, err := im.city(ctx, row.City, row.Country)
	if err != nil || reason != "" {
		return reason, err
	}
	if err := im.group(ctx, a, row.Group, row.GroupPage, row.Line); err != nil {
		return "", err
	}
	if row.TwinCity == "" {
		return "", nil
	}
	b, reason, err := im.city(ctx, row.TwinCity, row.TwinCountry)
	if err != nil || reason != "" {
		return reason, err
	}
	if err := im.group(ctx, b, row.TwinGroup, row.TwinGroupPage, row.Line); err != nil {
		return "", err
	}
	if a.ID == b.ID {
		return fmt.Sprintf("%s cannot be twinned with itself", wikicities.LabelString(a.Name, a.Country)), nil
	}
	l := &wikicities.TwinLink{A: a.ID, B: b.ID, Source: wikicities.SourceWikitext, Year: row.Year,
		Provenance: fmt.Sprintf("%s:%d", im.src, row.Line)}
	added, err := im.tx.AddTwinLink(ctx, l)
	if err != nil {
		return "", err
	}
	if !added {
		im.rep.LinksPresent++
		return "", nil
	}
	im.rep.LinksAdded++
	im.rep.NewLinks = append(im.rep.NewLinks, wikicities.LabelString(a.Name, a.Country)+" — "+wikicities.LabelString(b.Name, b.Country))
	return "", im.tx.Audit(ctx, "twin_link", l.A, "create", nil, l)
}

func (im *twinImporter) group(ctx context.Context, c *wikicities.City, name, page string, line int) error {
	if name == "" {
		return nil
	}
	key := fmt.Sprintf("%d|%s", c.ID, wikicities.NameKey(name))
	if im.seen[key] {
		return nil
	}
	im.seen[key] = true
	note, err := im.sink.ImportGroup(ctx, im.tx, TwinningGroup{Name: name, Page: page, CityID: c.ID, City: c.Name, Country: c.Country, Line: line})
	if note != "" {
		im.rep.Groups = append(im.rep.Groups, note)
	}
	return err
}

// city resolves a name (and country) to a stored city, creating it when no
// city matches. It returns a reason when the name is ambiguous or invalid.
func (im *twinImporter) city(ctx context.Context, name, country string) (*wikicities.City, string, error) {
	key := wikicities.NameKey(name)
	rows, err := im.tx.Query(ctx, `SELECT c.id, c.name, c.country, c.country FROM cities c WHERE c.name_key = ?
		UNION ALL
		SELECT c.id, c.name, c.country, l.country FROM city_labels l JOIN cities c ON c.id = l.city_id
		WHERE l.label_key LIKE ? ESCAPE '\'`, key, likePrefix(key+"|"))
	if err != nil {
		return nil, "", err
	}
	byID := map[int64]*wikicities.City{}
	exact := map[int64]bool{}
	for rows.Next() {
		var c wikicities.City
		var labelCountry string
		if err := rows.Scan(&c.ID, &c.Name, &c.Country, &labelCountry); err != nil {
			rows.Close()
			return nil, "", err
		}
		if !twins.CountriesCompatible(country, labelCountry) && !twins.CountriesCompatible(country, c.Country) {
			continue
		}
		byID[c.ID] = &c
		if country != "" && (twins.Sovereign(country) == twins.Sovereign(labelCountry) || twins.Sovereign(country) == twins.Sovereign(c.Country)) && c.Country != "" {
			exact[c.ID] = true
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, "", err
	}
	if len(byID) > 1 && len(exact) == 1 {
		for id := range exact {
			byID = map[int64]*wikicities.City{id: byID[id]}
		}
	}
	switch len(byID) {
	case 1:
		for _, c := range byID {
			if !im.created[c.ID] && !im.matched[c.ID] {
				im.matched[c.ID] = true
				im.rep.CitiesMatched++
			}
			if country != "" && c.Country == "" {
				// Remember the label the page used for this city.
				if err := im.tx.AddCityLabel(ctx, c.ID, name, country); err != nil {
					return nil, "", err
				}
			}
			return c, "", nil
		}
	case 0:
		c := &wikicities.City{Name: strings.TrimSpace(name), Country: strings.TrimSpace(country)}
		if err := ValidateCity(c); err != nil {
			return nil, fmt.Sprintf("city %q: %v", name, err), nil
		}
		if err := im.tx.CreateCity(ctx, c); err != nil {
			return nil, "", err
		}
		im.created[c.ID] = true
		im.rep.CitiesAdded++
		im.rep.NewCities = append(im.rep.NewCities, wikicities.LabelString(c.Name, c.Country))
		return c, "", im.tx.Audit(ctx, "city", c.ID, "create", nil, c)
	}
	var names []string
	for _, c := range byID {
		names = append(names, fmt.Sprintf("%s (id %d)", wikicities.LabelString(c.Name, c.Country), c.ID))
	}
	sort.Strings(names)
	return nil, fmt.Sprintf("city %q matches %d cities (%s); give its country", wikicities.LabelString(name, country), len(names), strings.Join(names, ", ")), nil
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
