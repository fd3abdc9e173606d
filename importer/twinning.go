package importer

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/resolve"
)

// TwinningImport says where twinning rows come from and how to apply them.
// T is the store's transaction (see Store).
type TwinningImport[T Tx] struct {
	// Source names the input for provenance: "FILE" or "PAGE@REVISION" (a
	// link's provenance is Source + ":" + line).
	Source string
	// Groups receives the groups; nil means UnavailableGroups.
	Groups GroupSink[T]
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
	// Issues are the resolver's merges and warnings, "source:line: kind: message".
	Issues []string `json:"issues,omitempty"`
	DryRun bool     `json:"dry_run,omitempty"`
}

// MaxShown is how many rejected rows a report prints when it is not asked
// for all of them.
const MaxShown = 10

// WriteText prints the report for people: the counts, the new cities and
// links, the groups, and the first MaxShown rejected rows with their line
// (all of them, and every merge and warning, with all).
func (r *TwinningReport) WriteText(w io.Writer, all bool) {
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
	for i, x := range r.Rejected {
		if i == MaxShown && !all {
			fmt.Fprintf(w, "  ... and %d more rejected rows (--report FILE lists them all)\n", len(r.Rejected)-MaxShown)
			break
		}
		fmt.Fprintf(w, "  rejected: %s: line %d: %s\n", r.Source, x.Line, x.Reason)
	}
	if all {
		for _, i := range r.Issues {
			fmt.Fprintf(w, "  %s\n", i)
		}
	}
}

var errDryRun = errors.New("dry run")

// ImportTwinning applies twinning rows in one transaction. Each city is
// resolved by the one resolver (package resolve) over every stored city and
// label, as CSV and SPARQL rows are, and created when none matches; each
// pair becomes a twin link of source wikitext with provenance; each group
// goes to opts.Groups. A row that cannot be applied (an ambiguous name, a
// city twinned with itself, an invalid name) is rejected with its line and
// leaves no trace; the rest is applied (or, with Strict, nothing, and an
// error matching ErrInvalid is returned with the report). On a store error
// nothing is applied.
func ImportTwinning[T Tx](ctx context.Context, db Store[T], rows []wikicities.TwinningRow, opts TwinningImport[T]) (*TwinningReport, error) {
	rep := &TwinningReport{Source: opts.Source, DryRun: opts.DryRun}
	sink := opts.Groups
	if sink == nil {
		sink = UnavailableGroups[T]{}
	}
	err := db.Update(ctx, func(tx T) error {
		x, err := lockResolver(ctx, tx, 2*len(rows))
		if err != nil {
			return err
		}
		im := &twinImporter[T]{x: x, rep: rep, src: opts.Source}
		plans := im.resolveRows(rows)
		real, err := writeResolved(ctx, tx, im.x)
		if err != nil {
			return err
		}
		if err := im.write(ctx, tx, sink, plans, real); err != nil {
			return err
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

type twinImporter[T Tx] struct {
	x   *resolve.Index
	rep *TwinningReport
	src string
}

// plan is a row resolved: its cities (the index's ids, negative for new
// ones; b is 0 when the row names no twin) and its groups.
type plan struct {
	row  wikicities.TwinningRow
	a, b int64
}

// resolveRows resolves the cities of every row, rejecting those that name
// no city honestly.
func (im *twinImporter[T]) resolveRows(rows []wikicities.TwinningRow) []plan {
	lines := map[int]bool{}
	var plans []plan
	for _, row := range rows {
		if !lines[row.Line] {
			lines[row.Line] = true
			im.rep.RowsRead++
		}
		m := im.x.Mark()
		p, reason := im.resolveRow(row)
		if reason != "" {
			im.x.Rollback(m)
			im.rep.Rejected = append(im.rep.Rejected, wikicities.RejectedRow{Line: row.Line, Reason: reason})
			continue
		}
		im.x.Commit()
		plans = append(plans, p)
	}
	for _, i := range im.x.Issues() {
		im.rep.Issues = append(im.rep.Issues, i.String())
	}
	return plans
}

func (im *twinImporter[T]) resolveRow(row wikicities.TwinningRow) (plan, string) {
	p := plan{row: row}
	place := fmt.Sprintf("%s:%d", im.src, row.Line)
	side := func(name, country string) (int64, string) {
		c := &wikicities.City{Name: name, Country: country}
		if err := wikicities.ValidateCity(c); err != nil {
			return 0, fmt.Sprintf("city %q: %v", name, err)
		}
		id, err := im.x.Resolve(resolve.Side{Name: name, Country: country}, place)
		if err != nil {
			return 0, err.Error()
		}
		return id, ""
	}
	var reason string
	if p.a, reason = side(row.City, row.Country); reason != "" || row.TwinCity == "" {
		return p, reason
	}
	if p.b, reason = side(row.TwinCity, row.TwinCountry); reason != "" {
		return p, reason
	}
	if p.a == p.b {
		return p, fmt.Sprintf("%s cannot be twinned with itself", wikicities.LabelString(row.City, row.Country))
	}
	return p, ""
}

// write audits the new cities, then writes the links and hands the groups
// to sink, row by row.
func (im *twinImporter[T]) write(ctx context.Context, tx T, sink GroupSink[T], plans []plan, real func(int64) int64) error {
	for i, c := range im.x.Created() {
		id := real(-int64(i + 1))
		saved := *c
		saved.ID = id
		im.rep.CitiesAdded++
		im.rep.NewCities = append(im.rep.NewCities, wikicities.LabelString(c.Name, c.Country))
		if err := tx.Audit(ctx, "city", id, "create", nil, &saved); err != nil {
			return err
		}
	}
	matched := map[int64]bool{}
	seen := map[string]bool{}
	for _, p := range plans {
		for _, id := range []int64{p.a, p.b} {
			if id > 0 && !matched[id] {
				matched[id] = true
				im.rep.CitiesMatched++
			}
		}
		a := im.x.City(p.a)
		if err := im.group(ctx, tx, sink, seen, real(p.a), a, p.row.Group, p.row.GroupPage, p.row.Line); err != nil {
			return err
		}
		if p.b == 0 {
			continue
		}
		b := im.x.City(p.b)
		if err := im.group(ctx, tx, sink, seen, real(p.b), b, p.row.TwinGroup, p.row.TwinGroupPage, p.row.Line); err != nil {
			return err
		}
		l := &wikicities.TwinLink{A: real(p.a), B: real(p.b), Source: wikicities.SourceWikitext, Year: p.row.Year,
			Provenance: fmt.Sprintf("%s:%d", im.src, p.row.Line)}
		added, err := tx.AddTwinLink(ctx, l)
		if err != nil {
			return err
		}
		if !added {
			im.rep.LinksPresent++
			continue
		}
		im.rep.LinksAdded++
		im.rep.NewLinks = append(im.rep.NewLinks, wikicities.LabelString(a.Name, a.Country)+" — "+wikicities.LabelString(b.Name, b.Country))
		if err := tx.Audit(ctx, "twin_link", l.A, "create", nil, l); err != nil {
			return err
		}
	}
	return nil
}

func (im *twinImporter[T]) group(ctx context.Context, tx T, sink GroupSink[T], seen map[string]bool, id int64, c *wikicities.City, name, page string, line int) error {
	if name == "" {
		return nil
	}
	key := fmt.Sprintf("%d|%s", id, wikicities.NameKey(name))
	if seen[key] {
		return nil
	}
	seen[key] = true
	note, err := sink.ImportGroup(ctx, tx, wikicities.TwinningGroup{Name: name, Page: page, CityID: id, City: c.Name, Country: c.Country, Line: line})
	if note != "" {
		im.rep.Groups = append(im.rep.Groups, note)
	}
	return err
}
