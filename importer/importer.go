// Package importer writes twin links read from a source (a CSV file, a
// Wikidata SPARQL result) into the store: it resolves each "name, country"
// label or Wikidata item to a city, in memory, and writes the new cities,
// labels and links in one transaction, so that a failed or interrupted
// import leaves the store exactly as it was and a repeated one changes
// nothing. Every merge, rejection and warning is reported with the place it
// comes from. The parsers live in the subpackages csvimport and sparql.
package importer

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/resolve"
)

// Side is one end of a twin link as a source states it.
type Side = resolve.Side

// Pair is one twin link read from a source.
type Pair struct {
	A, B Side
	Year int
	// Place is where the pair was read: "file.csv:214" or "sparql:12".
	Place string
	// Provenance is stored with the link; Place when empty.
	Provenance string
}

// IssueKind classifies a reported event of an import.
type IssueKind = resolve.IssueKind

// Issue kinds.
const (
	Rejected  = resolve.Rejected  // the row was not imported
	Warning   = resolve.Warning   // imported, but the data looks wrong
	Merged    = resolve.Merged    // a new label was recognised as a known city
	Duplicate = resolve.Duplicate // the pair was already read from this source
)

// Issue is one rejection, warning, merge or dropped duplicate, with its place.
type Issue = resolve.Issue

// RowError is a row refused in strict mode: the import is aborted. It
// matches wikicities.ErrInvalid.
type RowError struct {
	Place  string
	Reason string
}

func (e *RowError) Error() string { return e.Place + ": " + e.Reason }

// Is reports whether target is wikicities.ErrInvalid.
func (e *RowError) Is(target error) bool { return target == wikicities.ErrInvalid }

// Batch is everything a parser read from one source.
type Batch struct {
	Source wikicities.LinkSource
	// Origin names the source for the audit log: a file name or an endpoint.
	Origin string
	// Rows is the number of data rows read, rejected ones included.
	Rows     int
	Pairs    []Pair
	Rejected []Issue
}

// Reject records a refused row; in strict mode it returns the RowError that
// aborts the import.
func (b *Batch) Reject(strict bool, place, format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	if strict {
		return &RowError{Place: place, Reason: msg}
	}
	b.Rejected = append(b.Rejected, Issue{Place: place, Kind: Rejected, Message: msg})
	return nil
}

// Options tune an import.
type Options struct {
	// Strict aborts the whole import on the first rejected row.
	Strict bool
	// Progress, if set, is called now and then with the work done and the
	// total (both in abstract units).
	Progress func(done, total int)
}

// Result summarises an import.
type Result struct {
	Source            wikicities.LinkSource `json:"source"`
	RowsRead          int                   `json:"rows_read"`
	PairsAdded        int                   `json:"pairs_added"`
	PairsExisting     int                   `json:"pairs_existing"`
	CitiesCreated     int                   `json:"cities_created"`
	LabelsMerged      int                   `json:"labels_merged"`
	DuplicatesDropped int                   `json:"duplicates_dropped"`
	RowsRejected      int                   `json:"rows_rejected"`
	Warnings          int                   `json:"warnings"`
	// Issues lists every merge, rejection, duplicate and warning in the
	// order of the source.
	Issues []Issue `json:"issues,omitempty"`
}

// WriteSummary writes the counts for people, one per line.
func (r *Result) WriteSummary(w io.Writer) error {
	_, err := fmt.Fprintf(w, "rows read:          %d\npairs added:        %d\npairs already known: %d\ncities created:     %d\nlabels merged:      %d\nduplicates dropped: %d\nrows rejected:      %d\nwarnings:           %d\n",
		r.RowsRead, r.PairsAdded, r.PairsExisting, r.CitiesCreated, r.LabelsMerged, r.DuplicatesDropped, r.RowsRejected, r.Warnings)
	return err
}

// WriteReport writes every issue, one a line: "file:line: kind: message".
func (r *Result) WriteReport(w io.Writer) error {
	for _, i := range r.Issues {
		if _, err := fmt.Fprintln(w, i.String()); err != nil {
			return err
		}
	}
	return nil
}

// WriteRejected writes the first n rejected rows, one a line ("file:line:
// rejected: reason"), and how many more there are.
func (r *Result) WriteRejected(w io.Writer, n int) error {
	shown := 0
	for _, i := range r.Issues {
		if i.Kind != Rejected {
			continue
		}
		if shown == n {
			_, err := fmt.Fprintf(w, "... and %d more rejected rows\n", r.RowsRejected-n)
			return err
		}
		if _, err := fmt.Fprintln(w, i.String()); err != nil {
			return err
		}
		shown++
	}
	return nil
}

// Import writes the pairs of b into db (a *store.DB, or any Store) in one transaction and reports what
// it did. In strict mode the first rejected row aborts it with a *RowError
// and nothing is written. Any error leaves the store unchanged.
func Import[T Tx](ctx context.Context, db Store[T], b *Batch, opt Options) (*Result, error) {
	if !b.Source.Valid() {
		return nil, fmt.Errorf("import: unknown source %q", b.Source)
	}
	if opt.Strict && len(b.Rejected) > 0 {
		i := b.Rejected[0]
		return nil, &RowError{Place: i.Place, Reason: i.Message}
	}
	if wikicities.ActorFrom(ctx).UserID == 0 && !wikicities.ActorFrom(ctx).IsSystem() {
		ctx = wikicities.NewContext(ctx, wikicities.System)
	}
	progress := opt.Progress
	if progress == nil {
		progress = func(int, int) {}
	}
	total := 2 * max(len(b.Pairs), 1)
	res := &Result{Source: b.Source, RowsRead: b.Rows, RowsRejected: len(b.Rejected)}
	err := db.Bulk(ctx, func(tx T) error {
		r, err := lockResolver(ctx, tx, 2*len(b.Pairs))
		if err != nil {
			return err
		}
		type pairKey struct{ a, b int64 }
		seen := make(map[pairKey]string, len(b.Pairs))
		links := make([]*wikicities.TwinLink, 0, len(b.Pairs))
		// Every statement, duplicates included: a Wikidata pair stated by
		// both items is two statements of one link.
		statements := make([]wikicities.LinkStatement, 0, len(b.Pairs))
		for i := range b.Pairs {
			p := &b.Pairs[i]
			if i%1024 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
				progress(i, total)
			}
			m := r.Mark()
			a, c, msg := resolvePair(r, p)
			if msg != "" {
				if opt.Strict {
					return &RowError{Place: p.Place, Reason: msg}
				}
				r.Rollback(m)
				r.AddIssue(Issue{Place: p.Place, Kind: Rejected, Message: msg})
				res.RowsRejected++
				continue
			}
			r.Commit()
			st := wikicities.LinkStatement{A: a, B: c, Source: b.Source, Provenance: p.Provenance}
			if b.Source == wikicities.SourceWikidata {
				st.StatedBy = a // the row's ?city, whose item has the P190 statement
			}
			if st.Provenance == "" {
				st.Provenance = p.Place
			}
			statements = append(statements, st)
			k := pairKey{min(a, c), max(a, c)}
			if first, dup := seen[k]; dup {
				r.AddIssue(Issue{Place: p.Place, Kind: Duplicate,
					Message: fmt.Sprintf("%s – %s repeats %s", p.A.Label(), p.B.Label(), first)})
				res.DuplicatesDropped++
				continue
			}
			seen[k] = p.Place
			links = append(links, &wikicities.TwinLink{A: a, B: c, Source: b.Source, Year: p.Year, Provenance: st.Provenance})
		}
		progress(len(b.Pairs), total)

		real, err := writeResolved(ctx, tx, r)
		if err != nil {
			return err
		}
		progress(total*6/8, total)
		added, err := writeLinks(ctx, tx, real, links, statements)
		if err != nil {
			return err
		}
		res.PairsAdded = added
		res.PairsExisting = len(links) - added
		res.CitiesCreated = len(r.Created())
		res.LabelsMerged = r.Merged()
		res.Warnings = r.Warnings()
		res.Issues = mergeIssues(b.Rejected, r.Issues())
		progress(total, total)
		return tx.Audit(ctx, "import", 0, "import", nil, map[string]any{
			"source": b.Source, "origin": b.Origin, "rows_read": res.RowsRead, "pairs_added": res.PairsAdded,
			"cities_created": res.CitiesCreated, "labels_merged": res.LabelsMerged, "rows_rejected": res.RowsRejected,
			"warnings": res.Warnings,
		})
	})
	if err != nil {
		var re *RowError
		if errors.As(err, &re) {
			return nil, err
		}
		return nil, fmt.Errorf("import %s: %w", b.Origin, err)
	}
	return res, nil
}

// writeLinks writes the links and the statements of an import once their
// cities have their real ids (real maps the resolver's ids to them), and
// returns how many links were new.
func writeLinks(ctx context.Context, tx Tx, real func(int64) int64, links []*wikicities.TwinLink, statements []wikicities.LinkStatement) (int, error) {
	for _, l := range links {
		l.A, l.B = real(l.A), real(l.B)
		l.Normalize()
	}
	slices.SortFunc(links, func(x, y *wikicities.TwinLink) int {
		if x.A != y.A {
			return cmp.Compare(x.A, y.A)
		}
		return cmp.Compare(x.B, y.B)
	})
	added, err := tx.InsertTwinLinks(ctx, links)
	if err != nil {
		return 0, err
	}
	for i := range statements {
		s := &statements[i]
		s.A, s.B = real(s.A), real(s.B)
		if s.StatedBy != 0 {
			s.StatedBy = real(s.StatedBy)
		}
		if s.A > s.B {
			s.A, s.B = s.B, s.A
		}
	}
	if err := tx.InsertLinkStatements(ctx, statements); err != nil {
		return 0, err
	}
	return added, nil
}

// resolvePair resolves both sides of p; msg says why the row is rejected
// (an ambiguous side, a city twinned with itself), or is empty.
func resolvePair(r *resolve.Index, p *Pair) (a, b int64, msg string) {
	a, err := r.Resolve(p.A, p.Place)
	if err != nil {
		return 0, 0, err.Error()
	}
	if b, err = r.Resolve(p.B, p.Place); err != nil {
		return 0, 0, err.Error()
	}
	if a == b {
		return 0, 0, fmt.Sprintf("self-twin: %q and %q are the same city", p.A.Label(), p.B.Label())
	}
	return a, b, ""
}

// writeResolved gives the cities r created their ids and writes them, the
// labels r added and the Wikidata items it tied to stored cities. It
// returns the mapping from r's ids (negative for new cities) to the
// store's.
func writeResolved(ctx context.Context, tx Tx, r *resolve.Index) (func(int64) int64, error) {
	created := r.Created()
	ids, err := tx.NewCityIDs(ctx, len(created))
	if err != nil {
		return nil, err
	}
	real := func(id int64) int64 {
		if id < 0 {
			return ids[-id-1]
		}
		return id
	}
	newCities := make([]*wikicities.City, len(created))
	for i, ci := range created {
		c := *ci
		c.ID = ids[i]
		newCities[i] = &c
	}
	if err := tx.InsertCities(ctx, newCities); err != nil {
		return nil, err
	}
	// Keys in index order make the B-tree inserts appends.
	recs := slices.Clone(r.NewLabels())
	slices.SortFunc(recs, func(a, b resolve.LabelRec) int { return strings.Compare(a.Key, b.Key) })
	newLabels := make([]resolve.Label, len(recs))
	for i, l := range recs {
		newLabels[i] = l.Label
		newLabels[i].CityID = real(l.CityID)
	}
	if _, err := tx.InsertLabels(ctx, newLabels); err != nil {
		return nil, err
	}
	updates := r.QIDUpdates()
	qids := make([]int64, 0, len(updates))
	for id := range updates {
		qids = append(qids, id)
	}
	slices.Sort(qids)
	for _, id := range qids {
		if err := tx.SetCityQID(ctx, id, updates[id]); err != nil {
			return nil, fmt.Errorf("import: city %d: %w", id, err)
		}
	}
	return real, nil
}

// mergeIssues puts the parser's rejections and the resolver's issues in the
// order of the source: both lists are already in that order, and places of
// one file compare by line number.
func mergeIssues(a, b []Issue) []Issue {
	out := make([]Issue, 0, len(a)+len(b))
	out = append(out, a...)
	out = append(out, b...)
	slices.SortStableFunc(out, func(x, y Issue) int { return comparePlaces(x.Place, y.Place) })
	return out
}

// comparePlaces orders "name:12" before "name:100".
func comparePlaces(x, y string) int {
	xn, xl := splitPlace(x)
	yn, yl := splitPlace(y)
	if xn != yn {
		if xn < yn {
			return -1
		}
		return 1
	}
	return xl - yl
}

func splitPlace(p string) (string, int) {
	for i := len(p) - 1; i >= 0; i-- {
		if p[i] < '0' || p[i] > '9' {
			if p[i] != ':' || i == len(p)-1 {
				return p, 0
			}
			n := 0
			for _, c := range p[i+1:] {
				n = n*10 + int(c-'0')
			}
			return p[:i], n
		}
	}
	return p, 0
}
