package password_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/wikicities/wikicities/password"
)

// fast keeps the suite quick; the format and the checks are the same.
var fast = password.Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

func TestHashVerifiesOnlyTheRightPassword(t *testing.T) {
	h, err := password.Hash("correct horse battery staple", fast)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Fatalf("hash %q is not a PHC argon2id string", h)
	}
	if err := password.Verify("correct horse battery staple", h); err != nil {
		t.Fatalf("right password refused: %v", err)
	}
	for _, wrong := range []string{"", "correct horse battery stapl", "Correct horse battery staple"} {
		if err := password.Verify(wrong, h); !errors.Is(err, password.ErrMismatch) {
			t.Errorf("Verify(%q) = %v, want ErrMismatch", wrong, err)
		}
	}
}

func TestHashSaltsEveryHash(t *testing.T) {
	a, _ := password.Hash("same", fast)
	b, _ := password.Hash("same", fast)
	if a == b {
		t.Fatal("two hashes of one password are equal: salt is not random")
	}
}

// A known vector computed once with these parameters, so that a change of
// encoding (padding, field order) that would lock every user out is caught.
func TestVerifyKnownVector(t *testing.T) {
	salt := []byte("0123456789abcdef")
	const want = "$argon2id$v=19$m=64,t=1,p=1$MDEyMzQ1Njc4OWFiY2RlZg$"
	h := password.Encode(fast, salt, make([]byte, 32))
	if !strings.HasPrefix(h, want) {
		t.Fatalf("Encode = %q, want prefix %q", h, want)
	}
	p, s, k, err := password.Decode(h)
	if err != nil || p.Memory != 64 || p.Time != 1 || p.Threads != 1 || string(s) != string(salt) || len(k) != 32 {
		t.Fatalf("Decode(%q) = %+v %q %d %v", h, p, s, len(k), err)
	}
}

func TestDecodeRefusesMalformedHashes(t *testing.T) {
	good, _ := password.Hash("x", fast)
	parts := strings.Split(good, "$")
	cases := map[string]string{
		"empty (no password set)": "",
		"bcrypt":                  "$2a$10$abcdefghijklmnopqrstuu5J7i3d7mVv1yF0b7Ow4cN9w8yJ1i3W",
		"argon2i":                 strings.Replace(good, "argon2id", "argon2i", 1),
		"old version":             strings.Replace(good, "v=19", "v=16", 1),
		"memory bomb":             strings.Replace(good, "m=64", "m=4294967295", 1),
		"zero time":               strings.Replace(good, "t=1", "t=0", 1),
		"missing parallelism":     strings.Replace(good, ",p=1", "", 1),
		"duplicate parameter":     strings.Replace(good, "p=1", "p=1,p=1", 1),
		"padded salt":             strings.Join([]string{"", parts[1], parts[2], parts[3], parts[4] + "==", parts[5]}, "$"),
		"short key":               strings.Join([]string{"", parts[1], parts[2], parts[3], parts[4], "AAAA"}, "$"),
		"extra field":             good + "$x",
		"newline inside the hash": good[:len(good)-4] + "\n" + good[len(good)-4:],
	}
	for name, h := range cases {
		t.Run(name, func(t *testing.T) {
			if _, _, _, err := password.Decode(h); !errors.Is(err, password.ErrMalformed) {
				t.Fatalf("Decode(%q) = %v, want ErrMalformed", h, err)
			}
			if err := password.Verify("x", h); err == nil {
				t.Fatalf("Verify accepted malformed hash %q", h)
			}
		})
	}
}

func TestNeedsRehash(t *testing.T) {
	h, _ := password.Hash("x", fast)
	if password.NeedsRehash(h, fast) {
		t.Error("hash with current parameters needs rehash")
	}
	stronger := fast
	stronger.Time = 2
	if !password.NeedsRehash(h, stronger) {
		t.Error("hash with weaker parameters does not need rehash")
	}
}

// FuzzDecode feeds arbitrary stored hashes to Decode: it must never panic,
// and what it accepts must re-encode to the same string.
func FuzzDecode(f *testing.F) {
	h, _ := password.Hash("seed", fast)
	f.Add(h)
	f.Add("$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA")
	f.Add("$argon2id$v=19$m=1,t=1,p=1$$")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		p, salt, key, err := password.Decode(s)
		if err != nil {
			return
		}
		if p.Memory > 1<<20 || p.Time > 64 || p.Threads > 64 {
			t.Fatalf("Decode accepted unbounded parameters %+v", p)
		}
		if got := password.Encode(p, salt, key); got != s {
			t.Fatalf("Decode/Encode round trip: %q -> %q", s, got)
		}
	})
}
