// Package password hashes and checks the passwords of local accounts with
// Argon2id (RFC 9106), stored as PHC strings:
//
//	$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>
//
// salt and hash in unpadded standard base64. Comparison is constant-time.
package password

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"

	"github.com/wikicities/wikicities"
)

// Params are the Argon2id cost parameters.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32 // passes
	Threads uint8
	SaltLen int
	KeyLen  int
}

// Default follows OWASP's Argon2id recommendation (19 MiB, 2 passes, 1 lane):
// about 30 ms per hash on a small server.
var Default = Params{Memory: 19 * 1024, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32}

// Bounds on parameters read back from a stored string, so that a corrupt or
// hostile hash cannot make a check allocate gigabytes or run for minutes.
const (
	maxMemory  = 1 << 20 // 1 GiB in KiB
	maxTime    = 64
	maxThreads = 64
	maxLen     = 1024
)

// ErrMismatch is returned by Verify when the password is wrong.
var ErrMismatch = errors.New("password: does not match")

// ErrMalformed is wrapped by Decode for a string that is not an Argon2id PHC
// string this package can check.
var ErrMalformed = errors.New("password: malformed hash")

// Hash returns the PHC string of pw under p with a fresh random salt.
func Hash(pw string, p Params) (string, error) {
	if p.SaltLen < 8 || p.KeyLen < 16 || p.Memory < 8*uint32(p.Threads) || p.Time < 1 || p.Threads < 1 {
		return "", fmt.Errorf("password: weak or invalid parameters %+v", p)
	}
	salt := make([]byte, p.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, uint32(p.KeyLen))
	return Encode(p, salt, key), nil
}

// Encode formats parameters, salt and key as a PHC string.
func Encode(p Params, salt, key []byte) string {
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.Memory, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key))
}

// Decode parses a PHC string made by Encode. Errors wrap ErrMalformed and
// name the part that is wrong.
func Decode(s string) (p Params, salt, key []byte, err error) {
	bad := func(format string, args ...any) (Params, []byte, []byte, error) {
		return Params{}, nil, nil, fmt.Errorf("%w: %s", ErrMalformed, fmt.Sprintf(format, args...))
	}
	parts := strings.Split(s, "$")
	if len(parts) != 6 || parts[0] != "" {
		return bad("want 5 '$'-separated fields, got %d", len(parts)-1)
	}
	if parts[1] != "argon2id" {
		return bad("algorithm %q is not argon2id", parts[1])
	}
	if parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return bad("version %q is not v=%d", parts[2], argon2.Version)
	}
	seen := map[string]bool{}
	for _, kv := range strings.Split(parts[3], ",") {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || seen[k] {
			return bad("parameter %q", kv)
		}
		seen[k] = true
		n, err := strconv.ParseUint(v, 10, 32)
		if err != nil || n == 0 {
			return bad("parameter %q is not a positive number", kv)
		}
		switch k {
		case "m":
			if n > maxMemory {
				return bad("memory %d KiB exceeds %d", n, maxMemory)
			}
			p.Memory = uint32(n)
		case "t":
			if n > maxTime {
				return bad("time %d exceeds %d", n, maxTime)
			}
			p.Time = uint32(n)
		case "p":
			if n > maxThreads {
				return bad("parallelism %d exceeds %d", n, maxThreads)
			}
			p.Threads = uint8(n)
		default:
			return bad("unknown parameter %q", k)
		}
	}
	if !seen["m"] || !seen["t"] || !seen["p"] {
		return bad("parameters %q lack one of m, t, p", parts[3])
	}
	if canon := fmt.Sprintf("m=%d,t=%d,p=%d", p.Memory, p.Time, p.Threads); parts[3] != canon {
		return bad("parameters %q are not in the form %q", parts[3], canon)
	}
	if p.Memory < 8*uint32(p.Threads) {
		return bad("memory %d KiB is below 8 KiB per lane", p.Memory)
	}
	// The decoder skips \r and \n; re-encoding catches them (and any other
	// non-canonical form), so that one hash has one spelling.
	b64 := base64.RawStdEncoding.Strict()
	if salt, err = b64.DecodeString(parts[4]); err != nil || len(salt) < 8 || len(salt) > maxLen || b64.EncodeToString(salt) != parts[4] {
		return bad("salt is not 8 to %d bytes of unpadded base64", maxLen)
	}
	if key, err = b64.DecodeString(parts[5]); err != nil || len(key) < 16 || len(key) > maxLen || b64.EncodeToString(key) != parts[5] {
		return bad("hash is not 16 to %d bytes of unpadded base64", maxLen)
	}
	p.SaltLen, p.KeyLen = len(salt), len(key)
	return p, salt, key, nil
}

// Verify checks pw against the PHC string encoded. It returns nil on a
// match, ErrMismatch on a wrong password, and an error wrapping ErrMalformed
// when encoded cannot be read (an account without a password has "").
func Verify(pw, encoded string) error {
	p, salt, key, err := Decode(encoded)
	if err != nil {
		return err
	}
	got := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, uint32(len(key)))
	if subtle.ConstantTimeCompare(got, key) != 1 {
		return ErrMismatch
	}
	return nil
}

// Hash returns the PHC string of pw under p (see the function Hash); with
// Verify and NeedsRehash it makes p a wikicities.PasswordHasher.
func (p Params) Hash(pw string) (string, error) { return Hash(pw, p) }

// Verify checks pw against encoded (see the function Verify).
func (p Params) Verify(pw, encoded string) error { return Verify(pw, encoded) }

// NeedsRehash reports whether encoded was made with parameters other than p.
func (p Params) NeedsRehash(encoded string) bool { return NeedsRehash(encoded, p) }

// NeedsRehash reports whether encoded was made with parameters other than p,
// so that a successful sign-in can upgrade it.
func NeedsRehash(encoded string, p Params) bool {
	q, _, _, err := Decode(encoded)
	return err != nil || q.Memory != p.Memory || q.Time != p.Time || q.Threads != p.Threads || q.KeyLen != p.KeyLen
}

var _ wikicities.PasswordHasher = Params{}
