package wikicities

import "context"

// LinkStatement is one source's statement of a twin link: A < B, and for a
// Wikidata statement the city whose item states it (StatedBy; 0 when the
// source has no direction).
type LinkStatement struct {
	A, B       int64
	Source     LinkSource
	StatedBy   int64
	Provenance string
}

// TwinStatementService tells which sources state which twin links.
type TwinStatementService interface {
	// LinkStatements returns every recorded statement, ordered by pair.
	LinkStatements(ctx context.Context) ([]LinkStatement, error)
}
