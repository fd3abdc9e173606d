package wikicities

import (
	"fmt"
	"strings"
)

// AmbiguousError says that a query names several cities; the caller should
// show the candidates and let the person choose instead of guessing. It
// matches ErrAmbiguous.
type AmbiguousError struct {
	Query      string  `json:"query"`
	Candidates []*City `json:"candidates"`
}

func (e *AmbiguousError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%q names %d cities:", e.Query, len(e.Candidates))
	for i, c := range e.Candidates {
		if i > 0 {
			b.WriteByte(';')
		}
		fmt.Fprintf(&b, " %s (id %d", LabelString(c.Name, c.Country), c.ID)
		if c.QID != "" {
			fmt.Fprintf(&b, ", %s", c.QID)
		}
		b.WriteByte(')')
	}
	return b.String()
}

// Is reports whether target is ErrAmbiguous.
func (e *AmbiguousError) Is(target error) bool { return target == ErrAmbiguous }
