// Package text normalises the text people send before anything stores or
// compares it: line ends become "\n", Unicode is composed (NFC), and what no
// field may hold is refused with the field named: bytes that are not UTF-8,
// NUL and the other control characters (tab and newline excepted). It is
// pure: no I/O, no state.
package text

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Error is a refused text: Field names where it was, Problem what is wrong,
// and Offset the byte of the first offending character.
type Error struct {
	Field   string
	Problem string
	Offset  int
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s: %s (at byte %d)", e.Field, e.Problem, e.Offset)
}

// Clean returns s normalised: "\r\n" and lone "\r" become "\n", and the
// text is put in Unicode Normalization Form C. It returns an *Error naming
// field when s is not UTF-8 or holds NUL or another control character than
// tab and newline (C0, DEL and C1 controls).
func Clean(field, s string) (string, error) {
	if err := Check(field, s); err != nil {
		return "", err
	}
	if strings.Contains(s, "\r") {
		s = strings.ReplaceAll(s, "\r\n", "\n")
		s = strings.ReplaceAll(s, "\r", "\n")
	}
	if !isASCII(s) {
		s = norm.NFC.String(s)
	}
	return s, nil
}

// Check reports whether s may be stored as it is, or after Clean: an *Error
// naming field for bytes that are not UTF-8, NUL, or a control character
// other than tab, newline and carriage return.
func Check(field, s string) error {
	for i, r := range s {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD"):
			return &Error{Field: field, Problem: "is not valid UTF-8", Offset: i}
		case r == 0:
			return &Error{Field: field, Problem: "contains a NUL byte", Offset: i}
		case r == '\t' || r == '\n' || r == '\r':
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f):
			return &Error{Field: field, Problem: fmt.Sprintf("contains the control character U+%04X", r), Offset: i}
		}
	}
	return nil
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
