package auth_test

import (
	"strings"
	"testing"
	"time"

	"github.com/wikicities/wikicities/auth"
)

func TestLocalPathKeepsUsersOnTheSite(t *testing.T) {
	cases := map[string]string{
		"/communities/3?tab=x": "/communities/3?tab=x",
		"":                     "/",
		"https://evil.example": "/",
		"//evil.example/x":     "/",
		"/\\evil.example":      "/",
		"javascript:alert(1)":  "/",
		"/a\r\nSet-Cookie: x":  "/",
	}
	for in, want := range cases {
		if got := auth.LocalPath(in); got != want {
			t.Errorf("auth.LocalPath(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestStateCookieRefusesTamperingAndAge(t *testing.T) {
	key := []byte(strings.Repeat("k", 32))
	now := time.Unix(1_800_000_000, 0)
	v := auth.SignState(key, auth.OAuthState{State: "s", Verifier: "v", Return: "/", Expires: now.Add(time.Minute).Unix()})
	if _, err := auth.ParseState(key, v, now); err != nil {
		t.Fatal(err)
	}
	if _, err := auth.ParseState([]byte(strings.Repeat("x", 32)), v, now); err == nil {
		t.Error("accepted under another key")
	}
	if _, err := auth.ParseState(key, v, now.Add(time.Minute)); err == nil {
		t.Error("accepted after expiry")
	}
	p, sig, _ := strings.Cut(v, ".")
	if _, err := auth.ParseState(key, p[:len(p)-1]+"A."+sig, now); err == nil {
		t.Error("accepted a changed payload")
	}
}

// FuzzParseBearer: whatever the Authorization header, parseBearer never
// panics, and what it accepts is a well-formed token of ours.
func FuzzParseBearer(f *testing.F) {
	for _, s := range []string{"Bearer wkc_" + strings.Repeat("A", 43), "bearer  wkc_x", "Basic abc", "Bearer", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, h string) {
		tok, err := auth.ParseBearer(h)
		if err != nil {
			return
		}
		if !strings.HasPrefix(tok, "wkc_") || !auth.ValidToken(strings.TrimPrefix(tok, "wkc_")) || !strings.HasSuffix(h, tok) {
			t.Fatalf("auth.ParseBearer(%q) accepted %q", h, tok)
		}
	})
}

// FuzzParseState: a forged sign-in cookie never parses (the key is secret),
// and nothing panics on hostile input.
func FuzzParseState(f *testing.F) {
	key := []byte(strings.Repeat("k", 32))
	now := time.Unix(1_800_000_000, 0)
	f.Add(auth.SignState(key, auth.OAuthState{State: "s", Verifier: "v", Return: "/", Expires: now.Unix() + 60}))
	f.Add("e30.AAAA")
	f.Add(".")
	f.Fuzz(func(t *testing.T, v string) {
		st, err := auth.ParseState(key, v, now)
		if err != nil {
			return
		}
		if auth.SignState(key, st) == "" || st.Expires <= now.Unix() || st.State == "" || st.Verifier == "" {
			t.Fatalf("parseState accepted %q as %+v", v, st)
		}
	})
}

// FuzzValidToken: cookie values that pass are exactly 43 URL-safe
// base64 characters.
func FuzzValidToken(f *testing.F) {
	f.Add(strings.Repeat("a", 43))
	f.Add("../../etc/passwd")
	f.Fuzz(func(t *testing.T, v string) {
		if auth.ValidToken(v) && (len(v) != 43 || strings.ContainsAny(v, "=+/.; \"")) {
			t.Fatalf("validToken accepted %q", v)
		}
	})
}
