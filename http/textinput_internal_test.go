package http

import (
	"net/url"
	"testing"
)

var queryCases = []string{
	"", "uselang=de", "q=ber&uselang=ar", "uselang=de&uselang=fr", "uselang=", "uselang",
	"usel%61ng=de", "uselang=d%65", "uselang=%zz&uselang=fr", "a=1;uselang=de&uselang=ar",
	"uselang=a+b", "x=%E2%82%AC&uselang=pt-br", "&&uselang=de&", "use+lang=de", "uselang=de=fr",
	"q=Ber%0Alin", "q=S%C3%A3o+Paulo", "city=Munich", "q=ber", "q=%00",
}

// queryValue reads a parameter as url.ParseQuery would.
func TestQueryValueAgreesWithParseQuery(t *testing.T) {
	for _, q := range queryCases {
		v, _ := url.ParseQuery(q)
		for _, key := range []string{"uselang", "q", "use lang", "x"} {
			if got, want := queryValue(q, key), v.Get(key); got != want {
				t.Errorf("queryValue(%q, %q) = %q, url.ParseQuery says %q", q, key, got, want)
			}
		}
	}
}

func FuzzQueryValue(f *testing.F) {
	for _, q := range queryCases {
		f.Add(q, "uselang")
	}
	f.Fuzz(func(t *testing.T, q, key string) {
		v, _ := url.ParseQuery(q)
		if got, want := queryValue(q, key), v.Get(key); got != want {
			t.Errorf("queryValue(%q, %q) = %q, url.ParseQuery says %q", q, key, got, want)
		}
	})
}

// A query that plainQuery lets through unparsed is one that cleaning would
// not change; the others are parsed and cleaned.
func TestPlainQueryOnlySkipsCleanQueries(t *testing.T) {
	for _, q := range queryCases {
		v, _ := url.ParseQuery(q)
		if !plainQuery(q) {
			continue
		}
		before := v.Encode()
		if err := cleanValues(v); err != nil || v.Encode() != before {
			t.Errorf("plainQuery(%q) is true, but cleaning changes it (%v, %q → %q)", q, err, before, v.Encode())
		}
	}
	for _, q := range []string{"q=%00", "q=Ber%0Alin", "q=S%C3%A3o+Paulo", "q=a+b", "q=\x01"} {
		if plainQuery(q) {
			t.Errorf("plainQuery(%q) is true: it has escapes, spaces or control bytes, and must be cleaned", q)
		}
	}
}
