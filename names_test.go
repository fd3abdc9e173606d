package wikicities

import "testing"

func TestNameKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Augsburg", "augsburg"},
		{"augsburg", "augsburg"},
		{"  São  Paulo ", "são paulo"},
		{"SAO\tPAULO", "sao paulo"},
		{"Neukölln (Berlin)", "neukölln (berlin)"},
		{"Washington,  D.C.", "washington, d.c."},
		{"", ""},
		{"   ", ""},
		{"trailing ", "trailing"},
		{"S\u0061\u0303o Paulo", "são paulo"}, // decomposed ã composes
	}
	for _, tt := range tests {
		if got := NameKey(tt.in); got != tt.want {
			t.Errorf("NameKey(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzNameKey checks the ASCII fast path against the general one.
func FuzzNameKey(f *testing.F) {
	for _, s := range []string{"Augsburg", " a  B ", "x\ty", "\x1f", "Ab\r\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if k, ok := asciiKey(s); ok && k != unicodeKey(s) {
			t.Fatalf("asciiKey(%q) = %q, unicodeKey = %q", s, k, unicodeKey(s))
		}
	})
}
