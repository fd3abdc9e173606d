package http

import (
	"reflect"
	"testing"
	"time"
)

func TestLimiterKeepsAtMostMaxBuckets(t *testing.T) {
	l := newLimiter(&Limit{Every: time.Hour, Burst: 1}, 3)
	for _, k := range []string{"a", "b", "c", "d", "e"} {
		if ok, _ := l.allow(k); !ok {
			t.Fatalf("first request of %s refused", k)
		}
	}
	if l.len() != 3 {
		t.Fatalf("holds %d buckets, want 3", l.len())
	}
	if ok, wait := l.allow("e"); ok || wait <= 0 {
		t.Fatalf("second request of e: allowed=%v wait=%v", ok, wait)
	}
	// a, the least recently used, was evicted and starts afresh.
	if ok, _ := l.allow("a"); !ok {
		t.Fatal("evicted key a still limited")
	}
}

// The pages' forms carry the session's token, which the middleware checks.
func TestPagesUseTheSessionCSRFToken(t *testing.T) {
	if reflect.ValueOf(CSRFTokenFunc).Pointer() != reflect.ValueOf(CSRFToken).Pointer() {
		t.Fatal("CSRFTokenFunc is not CSRFToken: page forms would be refused")
	}
}
