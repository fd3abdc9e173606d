package http

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/wikicities/wikicities/text"
)

// Every text that comes in is normalised before a handler sees it (package
// text): JSON bodies in decodeJSON, forms in parseForm and readCredentials,
// query strings in route. Text that cannot be stored (not UTF-8, NUL,
// control characters) answers 400 naming the field, on both stores alike.

// textError turns a *text.Error into ErrBadRequest naming its field.
func textError(err error) error {
	var te *text.Error
	if errors.As(err, &te) {
		return badRequest(te.Field, "%s (at byte %d)", te.Problem, te.Offset)
	}
	return err
}

// cleanValues cleans every value of v in place. Keys that name a password
// are only checked: their bytes are what was hashed.
func cleanValues(v url.Values) error {
	for k, vals := range v {
		if err := text.Check(k, k); err != nil {
			return textError(err)
		}
		for i, s := range vals {
			if strings.Contains(k, "password") {
				if err := text.Check(k, s); err != nil {
					return textError(err)
				}
				continue
			}
			c, err := text.Clean(k, s)
			if err != nil {
				return textError(err)
			}
			vals[i] = c
		}
	}
	return nil
}

// cleanForm cleans a parsed form in place (r.PostForm and r.Form).
func cleanForm(r *http.Request) error {
	if err := cleanValues(r.PostForm); err != nil {
		return err
	}
	return cleanValues(r.Form)
}

// cleanQuery cleans the query string of r in place; a query that is not
// even well-formed is left to the handlers.
func cleanQuery(r *http.Request) error {
	if plainQuery(r.URL.RawQuery) {
		return nil
	}
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return nil
	}
	before := q.Encode()
	if err := cleanValues(q); err != nil {
		return err
	}
	if after := q.Encode(); after != before {
		r.URL.RawQuery = after
	}
	return nil
}

// plainQuery reports whether the raw query q is printable ASCII with no
// escapes and no '+': its values are then already clean (no control
// characters, nothing to normalise), and cleanQuery need not parse it.
func plainQuery(q string) bool {
	for i := 0; i < len(q); i++ {
		if c := q[i]; c <= ' ' || c >= 0x7f || c == '%' || c == '+' {
			return false
		}
	}
	return true
}

// queryValue returns the first value of key in the raw query q, as
// url.ParseQuery(q).Get(key) would, without parsing the rest of the
// query: the pages' middleware reads one parameter (uselang) of every
// request.
func queryValue(q, key string) string {
	for q != "" {
		var pair string
		pair, q, _ = strings.Cut(q, "&")
		if strings.Contains(pair, ";") {
			continue // url.ParseQuery refuses these pairs
		}
		k, v, _ := strings.Cut(pair, "=")
		if strings.ContainsAny(k, "%+") {
			var err error
			if k, err = url.QueryUnescape(k); err != nil {
				continue
			}
		}
		if k != key {
			continue
		}
		if u, err := url.QueryUnescape(v); err == nil {
			return u
		}
	}
	return ""
}
