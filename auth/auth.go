// Package auth reads and writes the credentials WikiCities hands out: API
// bearer tokens, session cookie values, the signed cookie that carries an
// OAuth sign-in's state and PKCE verifier, and the return address after
// sign-in. It is pure (no I/O, no store), so that its parsers can be fuzzed
// fast.
package auth

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/url"
	"strings"
	"time"
)

// TokenPrefix begins every API token, so that leaked tokens are easy to
// recognise (secret scanners) and to tell from session cookies.
const TokenPrefix = "wkc_"

// ParseBearer returns the token of an "Authorization: Bearer <token>"
// header. Errors say what is wrong with the header.
func ParseBearer(h string) (string, error) {
	scheme, tok, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", errors.New("the Authorization header must be \"Bearer <token>\"")
	}
	tok = strings.TrimLeft(tok, " ")
	if !ValidToken(strings.TrimPrefix(tok, TokenPrefix)) || !strings.HasPrefix(tok, TokenPrefix) {
		return "", errors.New("the bearer token is malformed")
	}
	return tok, nil
}

// ValidToken reports whether v has the shape of a token this server issues
// (32 random bytes in unpadded URL-safe base64), so that junk never reaches
// the store.
func ValidToken(v string) bool {
	if len(v) != 43 {
		return false
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// OAuthState is what the signed sign-in cookie holds: the OAuth state,
// the PKCE verifier, where to go afterwards, and when it expires (Unix
// seconds).
type OAuthState struct {
	State    string `json:"s"`
	Verifier string `json:"v"`
	Return   string `json:"r"`
	Expires  int64  `json:"e"`
}

// SignState encodes st as base64url(JSON) "." base64url(HMAC-SHA256).
func SignState(key []byte, st OAuthState) string {
	b, _ := json.Marshal(st)
	p := base64.RawURLEncoding.EncodeToString(b)
	m := hmac.New(sha256.New, key)
	m.Write([]byte(p))
	return p + "." + base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// ParseState checks and decodes a cookie made by SignState. Errors say why
// the cookie is refused (bad shape, bad signature, expired).
func ParseState(key []byte, v string, now time.Time) (OAuthState, error) {
	var st OAuthState
	if len(v) > 2048 {
		return st, errors.New("sign-in cookie is too long")
	}
	p, sig, ok := strings.Cut(v, ".")
	if !ok {
		return st, errors.New("sign-in cookie is malformed")
	}
	got, err := base64.RawURLEncoding.DecodeString(sig)
	if err != nil {
		return st, errors.New("sign-in cookie signature is malformed")
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte(p))
	if !hmac.Equal(got, m.Sum(nil)) {
		return st, errors.New("sign-in cookie signature does not match")
	}
	b, err := base64.RawURLEncoding.DecodeString(p)
	if err != nil {
		return st, errors.New("sign-in cookie is malformed")
	}
	if err := json.Unmarshal(b, &st); err != nil {
		return st, errors.New("sign-in cookie is malformed")
	}
	if now.Unix() >= st.Expires {
		return st, errors.New("sign-in took too long; start again")
	}
	if st.State == "" || st.Verifier == "" {
		return st, errors.New("sign-in cookie lacks state or verifier")
	}
	return st, nil
}

// LocalPath returns p if it is a path on this site, else "/": the return
// address after sign-in must not send the user elsewhere.
func LocalPath(p string) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") || strings.ContainsAny(p, "\r\n\\") {
		return "/"
	}
	if u, err := url.Parse(p); err != nil || u.Scheme != "" || u.Host != "" {
		return "/"
	}
	return p
}
