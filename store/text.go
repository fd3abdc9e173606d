package store

import (
	"fmt"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/text"
)

// checkArgs refuses string arguments that a store cannot keep alike on
// both backends: PostgreSQL rejects NUL and invalid UTF-8 with an error,
// SQLite would store the raw bytes and export them. The HTTP layer cleans
// and names fields before this; it is the backstop for every other writer
// (the CLI, importers). Returns ErrInvalid.
func checkArgs(args []any) error {
	for i, a := range args {
		s, ok := a.(string)
		if !ok {
			continue
		}
		if err := text.Check(fmt.Sprintf("argument %d", i+1), s); err != nil {
			return fmt.Errorf("%w: %v", wikicities.ErrInvalid, err)
		}
	}
	return nil
}
