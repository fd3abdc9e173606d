package main

// The fault suite's PostgreSQL restart (make faults): a PostgreSQL server of
// the test's own, really restarted under load. The shared test server on
// 127.0.0.1:55432 is never restarted: every other test runs on it.

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wikicities/wikicities/store"
)

// buildServer builds the wikicities binary into a temporary directory.
func buildServer(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "wikicities")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

// privatePostgres is a PostgreSQL server of one test: scripts/postgres.sh
// on a free port with a directory of its own, stopped and removed at the
// end of the test.
type privatePostgres struct {
	env []string
	url string
}

func startPrivatePostgres(t *testing.T) *privatePostgres {
	t.Helper()
	_, port, _ := strings.Cut(freeAddr(t), ":")
	dir := "/tmp/wikicities-faults-pg-" + port // not t.TempDir(): the postgres user must reach it
	p := &privatePostgres{env: append(os.Environ(), "WIKICITIES_PG_PORT="+port, "WIKICITIES_PG_DIR="+dir)}
	out, err := p.script("start")
	if err != nil {
		t.Fatalf("private PostgreSQL: %v\n%s", err, out)
	}
	t.Cleanup(func() {
		p.script("stop")
		os.RemoveAll(dir)
	})
	p.url = strings.TrimSpace(out)
	return p
}

func (p *privatePostgres) script(args ...string) (string, error) {
	cmd := exec.Command("../../scripts/postgres.sh", args...)
	cmd.Env = p.env
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return string(out) + stderr.String(), err
	}
	return string(out), nil
}

// restart restarts the server for real: pg_ctl restart -m fast when pause
// is 0, else stop -m fast, pause, start. It returns when the server
// accepts connections again.
func (p *privatePostgres) restart(t *testing.T, pause time.Duration) {
	t.Helper()
	if out, err := p.script("restart", strconv.Itoa(int(pause/time.Second))); err != nil {
		t.Fatalf("restart PostgreSQL: %v\n%s", err, out)
	}
}

// serveProcess runs `wikicities serve` over dsn in a process of its own
// and returns its base URL once /healthz answers 200. Its log goes to a
// file that a failing test prints the end of.
func serveProcess(t *testing.T, bin, dsn string) string {
	t.Helper()
	addr := freeAddr(t)
	logPath := filepath.Join(t.TempDir(), "serve.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "--database-url", dsn, "serve", "--addr", addr, "--no-demo", "--tiles", "none", "--meta-api", "none")
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		logFile.Close()
		if t.Failed() {
			b, _ := os.ReadFile(logPath)
			t.Logf("end of the server's log:\n%s", b[max(0, len(b)-4000):])
		}
	})
	base := "http://" + addr
	within(t, 30*time.Second, "the server to start", func() bool {
		code, _, err := call(http.DefaultClient, "GET", base+"/healthz", "", nil)
		return err == nil && code == 200
	})
	return base
}

// restartLoad counts the answers of the load around the restarts, and when
// the non-2xx ones came.
type restartLoad struct {
	total, ok, unavailable, noRetryAfter, internal, other, failed atomic.Int64
	mu                                                            sync.Mutex
	bad                                                           []time.Time
	codes                                                         map[int]int
}

func (l *restartLoad) get(client *http.Client, method, url, bearer string, body any) {
	var code int
	var retryAfter string
	req, err := jsonRequest(method, url, bearer, body)
	if err == nil {
		var resp *http.Response
		if resp, err = client.Do(req); err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			code, retryAfter = resp.StatusCode, resp.Header.Get("Retry-After")
		}
	}
	l.total.Add(1)
	switch {
	case err != nil:
		l.failed.Add(1) // the server itself must stay up
	case code == 200 || code == 201:
		l.ok.Add(1)
		return
	case code == 503:
		l.unavailable.Add(1)
		if n, err := strconv.Atoi(retryAfter); err != nil || n <= 0 {
			l.noRetryAfter.Add(1)
		}
	case code == 500:
		l.internal.Add(1)
	default:
		l.other.Add(1)
	}
	l.mu.Lock()
	l.bad = append(l.bad, time.Now())
	l.codes[code]++
	l.mu.Unlock()
}

// recovery is how long after back the last non-2xx answer before until
// came (0 when none came after back).
func (l *restartLoad) recovery(back, until time.Time) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	var last time.Duration
	for _, at := range l.bad {
		if at.After(back) && at.Before(until) {
			last = max(last, at.Sub(back))
		}
	}
	return last
}

// A real PostgreSQL restart under load, twice (pg_ctl restart -m fast, and
// stop, 2 s down, start), under a `wikicities serve` process of its own:
// no 500, no failed connection to the server, only 503s with Retry-After
// while the database is away, and every answer 2xx again within 2 s after
// it is back.
func TestFaultPostgreSQLRestartUnderLoad(t *testing.T) {
	faultsOn(t)
	pg := startPrivatePostgres(t)
	bin := buildServer(t)
	db, err := store.Open(context.Background(), pg.url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	tok := writerToken(t, db, "restart")
	ids := addCities(t, db, "Restart A", "Restart B")
	base := serveProcess(t, bin, pg.url)

	l := &restartLoad{codes: map[int]int{}}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	reads := []struct{ url, bearer string }{
		{base + "/api/v1/tokens", tok}, // authenticated: the token is looked up in the database
		{base + "/healthz", ""},
		{fmt.Sprintf("%s/api/v1/cities/%d/twins", base, ids[0]), ""},
		{fmt.Sprintf("%s/cities/%d", base, ids[1]), ""},
		{base + "/api/v1/communities", ""},
		{base + "/search?q=Restart", ""},
	}
	for w := range 6 {
		wg.Go(func() {
			for i := 0; i < 1_000_000; i++ {
				select {
				case <-stop:
					return
				default:
				}
				r := reads[(w+i)%len(reads)]
				l.get(http.DefaultClient, "GET", r.url, r.bearer, nil)
			}
		})
	}
	wg.Go(func() { // one writer, 10 a second: under the write limit's burst for the whole run
		for i := 0; i < 10_000; i++ {
			select {
			case <-stop:
				return
			case <-time.After(100 * time.Millisecond):
			}
			l.get(http.DefaultClient, "POST", base+"/api/v1/tokens", tok, map[string]any{"name": fmt.Sprint("w", i), "scope": "read"})
		}
	})

	start := time.Now()
	time.Sleep(2 * time.Second)
	down1 := time.Now()
	pg.restart(t, 0)
	back1 := time.Now()
	time.Sleep(3 * time.Second)
	down2 := time.Now()
	pg.restart(t, 2*time.Second)
	back2 := time.Now()
	time.Sleep(4 * time.Second)
	close(stop)
	wg.Wait()
	end := time.Now()

	// Full recovery: the database is reported, writes are taken and read.
	code, body, err := call(http.DefaultClient, "POST", base+"/api/v1/tokens", tok, map[string]any{"name": "after", "scope": "read"})
	if err != nil || code != 201 {
		t.Errorf("a write after the restarts: %d %v %v", code, body, err)
	}
	if code, _, err := call(http.DefaultClient, "GET", base+"/healthz", "", nil); err != nil || code != 200 {
		t.Errorf("/healthz after the restarts: %d %v", code, err)
	}

	rec1, rec2 := l.recovery(back1, down2), l.recovery(back2, end)
	var codes []string
	for _, c := range slices.Sorted(func(yield func(int) bool) {
		for c := range l.codes {
			if !yield(c) {
				return
			}
		}
	}) {
		codes = append(codes, fmt.Sprintf("%d×%d", l.codes[c], c))
	}
	t.Logf("FIGURES PostgreSQL restart (a private server, really restarted, under a serve process): %d requests in %v, "+
		"%d ok, %d answered 503 (%d without Retry-After), %d answered 500, %d other, %d failed connections [%s]; "+
		"pg_ctl restart -m fast: down %v, last non-2xx %v after it was back; stop, 2 s, start: down %v, last non-2xx %v after it was back",
		l.total.Load(), end.Sub(start).Round(time.Millisecond), l.ok.Load(), l.unavailable.Load(), l.noRetryAfter.Load(),
		l.internal.Load(), l.other.Load(), l.failed.Load(), strings.Join(codes, " "),
		back1.Sub(down1).Round(time.Millisecond), rec1.Round(time.Millisecond), back2.Sub(down2).Round(time.Millisecond), rec2.Round(time.Millisecond))
	if n := l.internal.Load() + l.other.Load() + l.failed.Load(); n > 0 {
		t.Errorf("%d answers other than 2xx and 503 (500: %d, failed connections: %d)", n, l.internal.Load(), l.failed.Load())
	}
	if n := l.noRetryAfter.Load(); n > 0 {
		t.Errorf("%d answers 503 without a Retry-After", n)
	}
	if l.unavailable.Load() == 0 {
		t.Errorf("no 503 at all: the load did not reach the database while it was down")
	}
	if rec1 > 2*time.Second || rec2 > 2*time.Second {
		t.Errorf("not recovered within 2 s after the database was back: %v, %v", rec1, rec2)
	}
}
