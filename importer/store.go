package importer

import (
	"context"
	"fmt"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/resolve"
)

// Store is what the importers need of a store: one transaction in which an
// import reads every city and label and writes what it resolved, either as
// a bulk load (Bulk, for CSV and SPARQL batches) or as an ordinary write
// (Update, for twinning rows). T is the store's transaction; *store.DB is a
// Store[*store.Tx]. A failed fn leaves the store unchanged.
type Store[T Tx] interface {
	Bulk(ctx context.Context, fn func(T) error) error
	Update(ctx context.Context, fn func(T) error) error
}

// Tx is what the importers call inside their transaction.
type Tx interface {
	// LockForImport keeps concurrent imports from resolving against the
	// same snapshot.
	LockForImport(ctx context.Context) error
	AllCities(ctx context.Context) ([]*wikicities.City, error)
	AllLabels(ctx context.Context) ([]resolve.Label, error)
	// NewCityIDs reserves n ids for new cities.
	NewCityIDs(ctx context.Context, n int) ([]int64, error)
	InsertCities(ctx context.Context, cities []*wikicities.City) error
	// InsertLabels adds the labels that are new and returns how many were.
	InsertLabels(ctx context.Context, labels []resolve.Label) (int, error)
	SetCityQID(ctx context.Context, id int64, qid string) error
	// InsertTwinLinks adds the links that are new and returns how many were.
	InsertTwinLinks(ctx context.Context, links []*wikicities.TwinLink) (int, error)
	InsertLinkStatements(ctx context.Context, st []wikicities.LinkStatement) error
	// AddTwinLink adds one link and reports whether it was new.
	AddTwinLink(ctx context.Context, l *wikicities.TwinLink) (bool, error)
	Audit(ctx context.Context, entity string, id int64, action string, before, after any) error
}

// GroupSink receives the groups of imported twinning rows inside the
// import's transaction tx, so that groups land with the cities and links or
// not at all. It returns a line for the import report. store.DirectoryGroups
// is a GroupSink[*store.Tx].
type GroupSink[T Tx] interface {
	ImportGroup(ctx context.Context, tx T, g wikicities.TwinningGroup) (note string, err error)
}

// UnavailableGroups is the GroupSink used while no directory of communities
// exists: it imports nothing and says so in the report.
type UnavailableGroups[T Tx] struct{}

// ImportGroup reports g as not imported.
func (UnavailableGroups[T]) ImportGroup(_ context.Context, _ T, g wikicities.TwinningGroup) (string, error) {
	return fmt.Sprintf("line %d: group %q in city %q (not imported: directory not available)", g.Line, g.Name, wikicities.LabelString(g.City, g.Country)), nil
}

// lockResolver locks tx against concurrent imports and returns the resolver
// over every city and label it holds, with room for sides more.
func lockResolver(ctx context.Context, tx Tx, sides int) (*resolve.Index, error) {
	if err := tx.LockForImport(ctx); err != nil {
		return nil, err
	}
	cities, err := tx.AllCities(ctx)
	if err != nil {
		return nil, err
	}
	labels, err := tx.AllLabels(ctx)
	if err != nil {
		return nil, err
	}
	return resolve.New(cities, labels, sides), nil
}
