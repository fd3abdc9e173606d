// Command httpbench measures the running server against nginx serving the
// very same response bytes: it imports the world twin-cities dataset into a
// fresh store (SQLite, and PostgreSQL when a URL is given), boots
// `wikicities serve` on it, fetches the answers of a few URLs, writes them as
// static files that a private nginx serves with the same Content-Type, has
// a bare net/http server serve them too (the floor of any net/http server,
// see floor.go), and runs wrk against the three, side by side, in one run:
// with the servers and wrk on CPUs of their own, and again with all of them
// sharing every CPU (placement.go).
// It prints requests per second, the ratios ours/nginx and ours/floor, p50
// and p99 latencies, and the server's resident memory after start-up and
// after the load.
//
//	go run ./bench/httpbench -bin bin/wikicities -postgres "$(scripts/postgres.sh start)"
//
// It needs nginx and wrk (Debian packages of the same names; scripts/test-deps.sh).
package main

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
)

type config struct {
	bin, data, pgURL string
	conns, threads   int
	rounds           int
	procs            int
	dur, soak        time.Duration
	stores           []string
	places           []placement
}

func main() {
	if dir := os.Getenv(floorEnv); dir != "" {
		if err := serveFloor(dir); err != nil {
			fmt.Fprintln(os.Stderr, "httpbench floor:", err)
			os.Exit(1)
		}
		return
	}
	var c config
	var stores, places string
	flag.StringVar(&c.bin, "bin", "bin/wikicities", "the wikicities binary to measure")
	flag.StringVar(&c.data, "data", "../shared/data/twin-cities/twin_cities.csv", "the world twin-cities CSV")
	flag.StringVar(&c.pgURL, "postgres", os.Getenv("WIKICITIES_TEST_POSTGRES_URL"), "PostgreSQL server URL; a database wikicities_bench is created on it afresh (empty: SQLite only)")
	flag.IntVar(&c.conns, "c", 32, "connections")
	flag.IntVar(&c.threads, "t", 2, "wrk threads")
	flag.DurationVar(&c.dur, "d", 10*time.Second, "duration of each URL's measured load, on each side")
	flag.IntVar(&c.procs, "procs", runtime.NumCPU(), "in the shared placement, CPUs each server may use at once: GOMAXPROCS of ours, worker_processes of nginx")
	flag.StringVar(&places, "placement", "split,shared", "where servers and wrk run, measured in turn (see placement.go): split (servers on half the CPUs, wrk on the other half) and shared (all on all CPUs)")
	flag.IntVar(&c.rounds, "rounds", 5, "split each side's load into this many alternating runs (ours, nginx, ours, ...); the medians are reported")
	flag.DurationVar(&c.soak, "soak", 60*time.Second, "load the server until it has served this long before its memory is read again")
	flag.StringVar(&stores, "stores", "sqlite,postgres", "stores to measure, comma-separated")
	flag.Parse()
	c.stores = strings.Split(stores, ",")
	var err error
	if c.places, err = placements(strings.Split(places, ","), runtime.NumCPU(), c.procs); err != nil {
		fmt.Fprintln(os.Stderr, "httpbench:", err)
		os.Exit(2)
	}
	if err := run(context.Background(), c, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "httpbench:", err)
		os.Exit(1)
	}
}

// target is one measured URL.
type target struct {
	name, path string
}

func run(ctx context.Context, c config, out io.Writer) error {
	for _, tool := range []string{"wrk", "nginx", "taskset"} {
		if _, err := exec.LookPath(tool); err != nil {
			return fmt.Errorf("%s not found: install it (apt-get install -y nginx wrk util-linux, or scripts/test-deps.sh)", tool)
		}
	}
	if _, err := os.Stat(c.data); err != nil {
		return fmt.Errorf("world dataset: %w", err)
	}
	tmp, err := os.MkdirTemp("", "wikicities-httpbench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	fmt.Fprintf(out, "httpbench: wrk -t%d -c%d --latency, %s a URL on each side in %d alternating runs (medians of the runs); %d CPUs; load average before: %s\n",
		c.threads, c.conns, c.dur, c.rounds, runtime.NumCPU(), loadavg())
	for _, st := range c.stores {
		var storeArgs []string
		switch st {
		case "sqlite":
			dir := filepath.Join(tmp, "sqlite")
			storeArgs = []string{"--data-dir", dir}
		case "postgres":
			if c.pgURL == "" {
				fmt.Fprintln(out, "\npostgres: skipped (no -postgres URL nor WIKICITIES_TEST_POSTGRES_URL)")
				continue
			}
			u, err := freshPostgres(ctx, c.pgURL, "wikicities_bench")
			if err != nil {
				return err
			}
			storeArgs = []string{"--database-url", u}
		default:
			return fmt.Errorf("unknown store %q (sqlite or postgres)", st)
		}
		if err := measureStore(ctx, c, st, storeArgs, filepath.Join(tmp, st+"-run"), out); err != nil {
			return fmt.Errorf("%s: %w", st, err)
		}
	}
	fmt.Fprintf(out, "\nload average after: %s\n", loadavg())
	return nil
}

// freshPostgres drops and creates database name on the server of base and
// returns its URL.
func freshPostgres(ctx context.Context, base, name string) (string, error) {
	db, err := sql.Open("pgx", base)
	if err != nil {
		return "", err
	}
	defer db.Close()
	for _, q := range []string{`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`, `CREATE DATABASE ` + name} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			return "", fmt.Errorf("postgres: %s: %w", q, err)
		}
	}
	u, err := url.Parse(base)
	if err != nil {
		return "", err
	}
	u.Path = "/" + name
	return u.String(), nil
}

// vacuum runs VACUUM on the database of u.
func vacuum(ctx context.Context, u string) error {
	db, err := sql.Open("pgx", u)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, `VACUUM`); err != nil {
		return fmt.Errorf("postgres: VACUUM after the import: %w", err)
	}
	return nil
}

// measureStore imports the dataset and measures the server on it in each
// placement, a fresh server (and nginx and floor) for each.
func measureStore(ctx context.Context, c config, st string, storeArgs []string, dir string, out io.Writer) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	t0 := time.Now()
	imp := exec.CommandContext(ctx, c.bin, append([]string{"import", "csv"}, append(storeArgs, c.data)...)...)
	if b, err := imp.CombinedOutput(); err != nil {
		return fmt.Errorf("import: %v\n%s", err, b)
	}
	importTime := time.Since(t0)
	if len(storeArgs) == 2 && storeArgs[0] == "--database-url" {
		// The import analysed what it wrote; the vacuum that PostgreSQL
		// (13 and later) starts for tables that got many inserts would run
		// during the first URL's load instead, and it is no part of ours
		// (the measured answers come from memory).
		if err := vacuum(ctx, storeArgs[1]); err != nil {
			return err
		}
	}
	for _, p := range c.places {
		if err := measurePlacement(ctx, c, p, st, storeArgs, filepath.Join(dir, p.name), importTime, out); err != nil {
			return fmt.Errorf("placement %s: %w", p.name, err)
		}
	}
	return nil
}

// measurePlacement boots the server, nginx and the floor in placement p and
// runs the load.
func measurePlacement(ctx context.Context, c config, p placement, st string, storeArgs []string, dir string, importTime time.Duration, out io.Writer) error {
	srv, err := startServer(ctx, p, c.bin, storeArgs)
	if err != nil {
		return err
	}
	defer srv.stop()
	startRSS, err := memory(srv.cmd.Process.Pid)
	if err != nil {
		return err
	}
	munich, err := cityID(srv.url, "Munich")
	if err != nil {
		return err
	}
	targets := []target{
		{"twins API", "/api/v1/twins?city=Munich"},
		{"city page", fmt.Sprintf("/cities/%d", munich)},
		{"search API", "/api/v1/cities?q=ber"},
	}
	answers, err := fetchAnswers(srv.url, targets)
	if err != nil {
		return err
	}
	ngx, err := startNginx(ctx, p, answers, filepath.Join(dir, "nginx"))
	if err != nil {
		return err
	}
	defer ngx.stop()
	floor, err := startFloor(ctx, p, answers, filepath.Join(dir, "floor"))
	if err != nil {
		return err
	}
	defer floor.stop()
	var rows []row
	var loaded time.Duration
	// Each URL: ours, the net/http floor and nginx in turn, rounds times,
	// d/rounds each, so that all see the same moments of a shared machine.
	per := c
	per.dur = max(c.dur/time.Duration(max(c.rounds, 1)), time.Second) // wrk counts whole seconds
	for _, t := range targets {
		var ours, bare, theirs []wrkResult
		for range max(c.rounds, 1) {
			o, err := runWrk(ctx, p, per, srv.url+t.path, "")
			if err != nil {
				return fmt.Errorf("%s: %w", t.path, err)
			}
			loaded += per.dur
			f, err := runWrk(ctx, p, per, floor.url+t.path, "")
			if err != nil {
				return fmt.Errorf("net/http floor %s: %w", t.path, err)
			}
			n, err := runWrk(ctx, p, per, ngx.url+t.path, "")
			if err != nil {
				return fmt.Errorf("nginx %s: %w", t.path, err)
			}
			ours, bare, theirs = append(ours, o), append(bare, f), append(theirs, n)
		}
		rows = append(rows, row{t: t, ours: medianResult(ours), floor: medianResult(bare), nginx: medianResult(theirs)})
	}
	if rest := c.soak - loaded; rest > 0 {
		script, err := rotationScript(dir, targets)
		if err != nil {
			return err
		}
		cc := c
		cc.dur = rest
		if _, err := runWrk(ctx, p, cc, srv.url+"/", script); err != nil {
			return fmt.Errorf("soak: %w", err)
		}
		loaded += rest
	}
	endRSS, err := memory(srv.cmd.Process.Pid)
	if err != nil {
		return err
	}
	printTable(out, st+", placement "+p.describe(runtime.NumCPU()), importTime, rows, startRSS, endRSS, loaded)
	return nil
}

// row is one URL's figures.
type row struct {
	t                  target
	ours, floor, nginx wrkResult
}

func printTable(out io.Writer, st string, importTime time.Duration, rows []row, start, end mem, loaded time.Duration) {
	fmt.Fprintf(out, "\n%s (import %.1f s, load average now %s)\n", st, importTime.Seconds(), loadavg())
	fmt.Fprintf(out, "| %-10s | %-28s | %7s | %10s | %7s | %10s | %10s | %8s | %8s | %8s | %8s | %8s | %s |\n",
		"what", "URL", "ours/s", "net/http/s", "nginx/s", "ours/nginx", "ours/floor",
		"p50 ours", "p99 ours", "p99 floor", "p50 ngx", "p99 ngx", "errors")
	fmt.Fprintf(out, "|%s|\n", strings.Repeat("-", 160))
	for _, r := range rows {
		fmt.Fprintf(out, "| %-10s | %-28s | %7.0f | %10.0f | %7.0f | %10.3f | %10.3f | %8s | %8s | %9s | %8s | %8s | %d/%d/%d |\n",
			r.t.name, r.t.path, r.ours.rps, r.floor.rps, r.nginx.rps, r.ours.rps/r.nginx.rps, r.ours.rps/r.floor.rps,
			ms(r.ours.p50), ms(r.ours.p99), ms(r.floor.p99), ms(r.nginx.p50), ms(r.nginx.p99),
			r.ours.errors, r.floor.errors, r.nginx.errors)
	}
	fmt.Fprintf(out, "(floor: a bare net/http server of the same GOMAXPROCS serving the same bytes from memory; errors: ours/floor/nginx)\n")
	fmt.Fprintf(out, "memory of the server: after start-up VmRSS %.1f MB (VmHWM %.1f MB); after %s of load VmRSS %.1f MB (VmHWM %.1f MB): %.2fx\n",
		mb(start.rss), mb(start.hwm), loaded.Round(time.Second), mb(end.rss), mb(end.hwm), float64(end.rss)/float64(start.rss))
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2fms", float64(d)/float64(time.Millisecond)) }
func mb(kb int64) float64       { return float64(kb) / 1024 }

// server is a running `wikicities serve`.
type server struct {
	cmd *exec.Cmd
	url string
}

func startServer(ctx context.Context, p placement, bin string, storeArgs []string) (*server, error) {
	args := append([]string{"serve", "--no-demo", "--tiles", "none", "--addr", "127.0.0.1:0"}, storeArgs...)
	cmd := p.server(ctx, bin, args...)
	cmd.Env = append(os.Environ(), "GOMAXPROCS="+strconv.Itoa(p.procs))
	u, err := startAnnounced(cmd, "running at ", 5*time.Minute)
	if err != nil {
		return nil, fmt.Errorf("serve: %w", err)
	}
	return &server{cmd: cmd, url: u}, nil
}

// startAnnounced starts cmd and waits until a line of its standard output
// holds marker and then the URL it serves, which it returns. Its output is
// read to the end, so that it never blocks on a full pipe.
func startAnnounced(cmd *exec.Cmd, marker string, within time.Duration) (string, error) {
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return "", err
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return "", err
	}
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		sent := false
		for sc.Scan() {
			if _, rest, ok := strings.Cut(sc.Text(), marker); ok && !sent {
				if f := strings.Fields(rest); len(f) > 0 {
					found <- f[0]
					sent = true
				}
			}
		}
		close(found)
	}()
	select {
	case u, ok := <-found:
		if !ok {
			cmd.Wait()
			return "", fmt.Errorf("exited before serving: %s", stderr.String())
		}
		return u, nil
	case <-time.After(within):
		cmd.Process.Kill()
		cmd.Wait()
		return "", fmt.Errorf("did not serve within %s: %s", within, stderr.String())
	}
}

func (s *server) stop() {
	s.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(15 * time.Second):
		s.cmd.Process.Kill()
		<-done
	}
}

// cityID resolves a name through the twins API.
func cityID(base, name string) (int64, error) {
	resp, err := http.Get(base + "/api/v1/twins?city=" + url.QueryEscape(name))
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	var v struct {
		City struct {
			ID int64 `json:"id"`
		} `json:"city"`
	}
	if resp.StatusCode != 200 {
		b, _ := io.ReadAll(resp.Body)
		return 0, fmt.Errorf("twins of %s: %s: %s", name, resp.Status, b)
	}
	if err := json.NewDecoder(resp.Body).Decode(&v); err != nil {
		return 0, err
	}
	return v.City.ID, nil
}

// mem is a process's resident memory in kB.
type mem struct{ rss, hwm int64 }

func memory(pid int) (mem, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return mem{}, err
	}
	var m mem
	for _, line := range strings.Split(string(b), "\n") {
		var kb int64
		if n, _ := fmt.Sscanf(line, "VmRSS: %d kB", &kb); n == 1 {
			m.rss = kb
		}
		if n, _ := fmt.Sscanf(line, "VmHWM: %d kB", &kb); n == 1 {
			m.hwm = kb
		}
	}
	if m.rss == 0 {
		return m, fmt.Errorf("no VmRSS in /proc/%d/status", pid)
	}
	return m, nil
}

func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	return strings.Join(f[:min(3, len(f))], " ")
}
