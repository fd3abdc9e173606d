package linkcheck

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"github.com/wikicities/wikicities"
)

// library is a TrainingService holding resources in memory; only what the
// checker calls is implemented.
type library struct {
	wikicities.TrainingService
	mu       sync.Mutex
	rs       []*wikicities.TrainingResource
	marked   map[int64]bool
	byActors []bool
}

func (l *library) Resources(ctx context.Context, f wikicities.ResourceFilter) ([]*wikicities.TrainingResource, error) {
	return l.rs, nil
}

func (l *library) SetLinkStatus(ctx context.Context, id int64, outdated bool, at time.Time) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.marked[id] = outdated
	l.byActors = append(l.byActors, wikicities.ActorFrom(ctx).IsSystem())
	return nil
}

func TestRunMarksGoneLinksPolitely(t *testing.T) {
	var mu sync.Mutex
	var agents []string
	var times []time.Time
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		agents = append(agents, r.UserAgent())
		times = append(times, time.Now())
		mu.Unlock()
		switch r.URL.Path {
		case "/ok":
		case "/gone":
			http.NotFound(w, r)
		case "/removed":
			w.WriteHeader(http.StatusGone)
		case "/nohead":
			if r.Method == http.MethodHead {
				w.WriteHeader(http.StatusMethodNotAllowed)
			}
		case "/broken":
			w.WriteHeader(http.StatusInternalServerError)
		}
	}))
	defer srv.Close()
	lib := &library{marked: map[int64]bool{}}
	for i, p := range []string{"/ok", "/gone", "/removed", "/nohead", "/broken"} {
		lib.rs = append(lib.rs, &wikicities.TrainingResource{ID: int64(i + 1), Link: srv.URL + p})
	}
	c := &Checker{Client: srv.Client(), Limiter: rate.NewLimiter(rate.Every(40*time.Millisecond), 1)}
	rep, err := c.Run(context.Background(), lib)
	if err != nil {
		t.Fatal(err)
	}
	if rep != (Report{Checked: 5, Alive: 2, Gone: 2, Unknown: 1}) {
		t.Errorf("report = %+v", rep)
	}
	want := map[int64]bool{1: false, 2: true, 3: true, 4: false}
	if len(lib.marked) != len(want) {
		t.Errorf("marked = %v, want %v (a server error marks nothing)", lib.marked, want)
	}
	for id, o := range want {
		if got, ok := lib.marked[id]; !ok || got != o {
			t.Errorf("resource %d outdated = %v (%v), want %v", id, got, ok, o)
		}
	}
	for _, sys := range lib.byActors {
		if !sys {
			t.Error("status recorded by another actor than the system")
		}
	}
	for _, a := range agents {
		if a != UserAgent {
			t.Errorf("User-Agent %q", a)
		}
	}
	// Six requests (the HEAD refused, then GET) at most one per 40ms.
	if len(times) != 6 {
		t.Fatalf("%d requests", len(times))
	}
	if d := times[len(times)-1].Sub(times[0]); d < 5*35*time.Millisecond {
		t.Errorf("6 requests in %v: not rate limited", d)
	}
}

// A host that does not exist is gone; a resolver failing is not.
func TestNoSuchHostIsGone(t *testing.T) {
	notFound := &url.Error{Op: "Head", URL: "http://x.invalid", Err: &net.OpError{Op: "dial", Err: &net.DNSError{Name: "x.invalid", IsNotFound: true}}}
	if !isNoSuchHost(notFound) {
		t.Error("no such host not recognised")
	}
	if isNoSuchHost(&net.DNSError{Name: "x.org", IsTimeout: true}) {
		t.Error("a resolver timeout taken for a missing host")
	}
}

func TestEveryRunsUntilCancelled(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	lib := &library{marked: map[int64]bool{}, rs: []*wikicities.TrainingResource{{ID: 1, Link: srv.URL}}}
	ctx, cancel := context.WithCancel(context.Background())
	runs := make(chan Report, 10)
	c := &Checker{Client: srv.Client(), Limiter: rate.NewLimiter(rate.Inf, 1)}
	done := make(chan struct{})
	go func() {
		c.Every(ctx, 10*time.Millisecond, lib, func(r Report, err error) { runs <- r })
		close(done)
	}()
	for i := 0; i < 2; i++ {
		select {
		case r := <-runs:
			if r.Checked != 1 || r.Alive != 1 {
				t.Errorf("run %d: %+v, want the one link checked and alive", i+1, r)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("Every ran %d times in 10 s with a 10 ms interval", i)
		}
	}
	cancel()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Every did not return after its context was cancelled")
	}
}
