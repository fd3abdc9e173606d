package http

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// A browser where an account signed in with its password gets a signed
// device cookie naming the account. The per-username sign-in ceiling
// (AuthConfig.SignInUserLimit), which an attacker guessing from many
// addresses can spend, does not hold such a browser back: the owner still
// signs in while the account is under attack (the per-address and
// per-address-and-name limits still apply to it). The cookie grants nothing
// else: the password is checked as always.

// deviceCookie is the device cookie's name; DeviceCookieMaxAge its life.
const (
	deviceCookie       = "wikicities_device"
	DeviceCookieMaxAge = 365 * 24 * time.Hour
)

func (s *Server) deviceMAC(secret []byte, name string, issued int64) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("device\x00" + name + "\x00" + strconv.FormatInt(issued, 10)))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// rememberDevice sets the device cookie for the account name.
func (s *Server) rememberDevice(w http.ResponseWriter, r *http.Request, username string) {
	secret, err := s.secret(r.Context())
	if err != nil {
		return // no cookie: the next sign-in is held like any other
	}
	name := strings.ToLower(username)
	issued := s.Clock.Now().Unix()
	v := base64.RawURLEncoding.EncodeToString([]byte(name)) + "." + strconv.FormatInt(issued, 10) + "." + s.deviceMAC(secret, name, issued)
	http.SetCookie(w, &http.Cookie{Name: deviceCookie, Value: v, Path: "/", MaxAge: int(DeviceCookieMaxAge / time.Second),
		HttpOnly: true, Secure: s.secure(), SameSite: http.SameSiteLaxMode})
}

// knownDevice reports whether r carries a valid device cookie for the
// account name (lower case).
func (s *Server) knownDevice(r *http.Request, name string) bool {
	c, err := r.Cookie(deviceCookie)
	if err != nil {
		return false
	}
	parts := strings.Split(c.Value, ".")
	if len(parts) != 3 {
		return false
	}
	got, err := base64.RawURLEncoding.DecodeString(parts[0])
	if err != nil || string(got) != name {
		return false
	}
	issued, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil || s.Clock.Now().Sub(time.Unix(issued, 0)) > DeviceCookieMaxAge {
		return false
	}
	secret, err := s.secret(r.Context())
	if err != nil {
		return false
	}
	return hmac.Equal([]byte(parts[2]), []byte(s.deviceMAC(secret, name, issued)))
}
