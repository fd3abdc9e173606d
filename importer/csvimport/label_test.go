package csvimport

import (
	"math/rand/v2"
	"testing"

	"github.com/wikicities/wikicities"
)

// sameASCIIKey agrees with comparing wikicities.NameKey on ASCII names.
func TestSameASCIIKeyAgreesWithNameKey(t *testing.T) {
	for _, c := range [][2]string{
		{"Munich", "munich"}, {"  New   York ", "new york"}, {"New York", "NewYork"},
		{"New\tYork", "new york"}, {"New York", "New Yorker"}, {"Yorker", "York"},
		{"", ""}, {" ", ""}, {"a b", "a  b "}, {"ab", "a b"}, {"St. Ives", "st.ives"},
		{"Aa", "aA"}, {"a", "b"}, {"x\r\ny", "X Y"},
	} {
		want := wikicities.NameKey(c[0]) == wikicities.NameKey(c[1])
		if got := sameASCIIKey(c[0], c[1]); got != want {
			t.Errorf("sameASCIIKey(%q, %q) = %v, want %v", c[0], c[1], got, want)
		}
	}
	// And on random strings over an alphabet of cases and spaces.
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := "aAbB \t."
	word := func() string {
		b := make([]byte, rng.IntN(6))
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		return string(b)
	}
	for range 20000 {
		x, y := word(), word()
		if got, want := sameASCIIKey(x, y), wikicities.NameKey(x) == wikicities.NameKey(y); got != want {
			t.Fatalf("sameASCIIKey(%q, %q) = %v, want %v", x, y, got, want)
		}
	}
}
