package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// staticServer is a private nginx serving the fetched answers.
type staticServer struct {
	cmd *exec.Cmd
	url string
}

// answer is one target's saved answer: the bytes the static servers serve.
type answer struct {
	path        string // without the query
	contentType string
	body        []byte
}

// fetchAnswers GETs each target from base.
func fetchAnswers(base string, targets []target) ([]answer, error) {
	var out []answer
	for _, t := range targets {
		resp, err := http.Get(base + t.path)
		if err != nil {
			return nil, err
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return nil, err
		}
		if resp.StatusCode != 200 {
			return nil, fmt.Errorf("GET %s: %s", t.path, resp.Status)
		}
		path, _, _ := strings.Cut(t.path, "?")
		out = append(out, answer{path: path, contentType: resp.Header.Get("Content-Type"), body: body})
	}
	return out, nil
}

// startNginx has a private nginx (its own prefix, configuration and
// loopback port; nothing outside dir is written) serve the answers with the
// same Content-Type.
func startNginx(ctx context.Context, p placement, answers []answer, dir string) (*staticServer, error) {
	www := filepath.Join(dir, "www")
	if err := os.MkdirAll(filepath.Join(dir, "tmp"), 0o755); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(www, 0o755); err != nil {
		return nil, err
	}
	// nginx's workers drop to an unprivileged user when started as root:
	// they must be able to read the files.
	for d := dir; d != "/" && d != "."; d = filepath.Dir(d) {
		if strings.HasPrefix(filepath.Base(d), "wikicities-httpbench-") {
			os.Chmod(d, 0o755)
			break
		}
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	var locs strings.Builder
	for i, a := range answers {
		name := fmt.Sprintf("answer%d", i)
		if err := os.WriteFile(filepath.Join(www, name), a.body, 0o644); err != nil {
			return nil, err
		}
		fmt.Fprintf(&locs, "    location = %s { types { } default_type %q; try_files /%s =404; }\n",
			a.path, a.contentType, name)
	}
	tmp := filepath.Join(dir, "tmp")
	conf := fmt.Sprintf(`daemon off;
worker_processes %[6]d;
pid %[1]s/nginx.pid;
error_log %[1]s/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path %[2]s/body;
    proxy_temp_path %[2]s/proxy;
    fastcgi_temp_path %[2]s/fastcgi;
    uwsgi_temp_path %[2]s/uwsgi;
    scgi_temp_path %[2]s/scgi;
    server {
    listen 127.0.0.1:%[3]d;
    root %[4]s;
%[5]s    }
}
`, dir, tmp, port, www, locs.String(), p.procs)
	confPath := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(confPath, []byte(conf), 0o644); err != nil {
		return nil, err
	}
	cmd := p.server(ctx, "nginx", "-p", dir, "-e", filepath.Join(dir, "error.log"), "-c", confPath)
	var stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &staticServer{cmd: cmd, url: fmt.Sprintf("http://127.0.0.1:%d", port)}
	for deadline := time.Now().Add(10 * time.Second); ; {
		resp, err := http.Get(s.url + answers[0].path)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return s, nil
			}
			err = fmt.Errorf("status %s", resp.Status)
		}
		if time.Now().After(deadline) {
			s.stop()
			b, _ := os.ReadFile(filepath.Join(dir, "error.log"))
			return nil, fmt.Errorf("nginx did not serve: %v\n%s%s", err, stderr.String(), b)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (s *staticServer) stop() {
	s.cmd.Process.Signal(syscall.SIGQUIT)
	done := make(chan struct{})
	go func() { s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		s.cmd.Process.Kill()
		<-done
	}
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// wrkResult is what one wrk run measured.
type wrkResult struct {
	rps      float64
	p50, p99 time.Duration
	errors   int // non-2xx/3xx answers and socket errors
}

// medianResult is the median of each figure of rs; errors are summed.
func medianResult(rs []wrkResult) wrkResult {
	pick := func(f func(wrkResult) float64) float64 {
		v := make([]float64, len(rs))
		for i, r := range rs {
			v[i] = f(r)
		}
		slices.Sort(v)
		return v[len(v)/2]
	}
	out := wrkResult{
		rps: pick(func(r wrkResult) float64 { return r.rps }),
		p50: time.Duration(pick(func(r wrkResult) float64 { return float64(r.p50) })),
		p99: time.Duration(pick(func(r wrkResult) float64 { return float64(r.p99) })),
	}
	for _, r := range rs {
		out.errors += r.errors
	}
	return out
}

// runWrk runs wrk against u (with script, when given) and parses its report.
func runWrk(ctx context.Context, p placement, c config, u, script string) (wrkResult, error) {
	args := []string{"-t", strconv.Itoa(c.threads), "-c", strconv.Itoa(c.conns),
		"-d", strconv.Itoa(int(c.dur.Seconds())) + "s", "--latency"}
	if script != "" {
		args = append(args, "-s", script)
	}
	out, err := p.loader(ctx, "wrk", append(args, u)...).CombinedOutput()
	if err != nil {
		return wrkResult{}, fmt.Errorf("wrk: %v\n%s", err, out)
	}
	return parseWrk(string(out))
}

// parseWrk reads requests/s, the 50th and 99th percentiles and the errors
// from wrk's report.
func parseWrk(out string) (wrkResult, error) {
	var r wrkResult
	var got int
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		switch {
		case len(f) == 2 && f[0] == "Requests/sec:":
			v, err := strconv.ParseFloat(f[1], 64)
			if err != nil {
				return r, fmt.Errorf("wrk: %q: %v", line, err)
			}
			r.rps = v
			got++
		case len(f) == 2 && (f[0] == "50%" || f[0] == "99%"):
			d, err := parseWrkDuration(f[1])
			if err != nil {
				return r, fmt.Errorf("wrk: %q: %v", line, err)
			}
			if f[0] == "50%" {
				r.p50 = d
			} else {
				r.p99 = d
			}
			got++
		case strings.HasPrefix(strings.TrimSpace(line), "Non-2xx or 3xx responses:"):
			n, _ := strconv.Atoi(f[len(f)-1])
			r.errors += n
		case strings.HasPrefix(strings.TrimSpace(line), "Socket errors:"):
			// Socket errors: connect 0, read 0, write 0, timeout 0
			for i := 2; i+1 < len(f); i += 2 {
				n, _ := strconv.Atoi(strings.TrimSuffix(f[i+1], ","))
				r.errors += n
			}
		}
	}
	if got != 3 {
		return r, fmt.Errorf("wrk: report not understood:\n%s", out)
	}
	return r, nil
}

// parseWrkDuration reads wrk's "635.91us", "1.20ms", "2.01s", "1.00m".
func parseWrkDuration(s string) (time.Duration, error) {
	for _, u := range []struct {
		suffix string
		unit   time.Duration
	}{{"us", time.Microsecond}, {"ms", time.Millisecond}, {"s", time.Second}, {"m", time.Minute}} {
		if v, ok := strings.CutSuffix(s, u.suffix); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				return 0, err
			}
			return time.Duration(f * float64(u.unit)), nil
		}
	}
	return 0, fmt.Errorf("unknown unit in %q", s)
}

// rotationScript writes a wrk Lua script that requests the targets in turn.
func rotationScript(dir string, targets []target) (string, error) {
	var b strings.Builder
	b.WriteString("local paths = {")
	for i, t := range targets {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.Quote(t.path))
	}
	b.WriteString("}\nlocal i = 0\nrequest = function()\n  i = i % #paths + 1\n  return wrk.format(nil, paths[i])\nend\n")
	p := filepath.Join(dir, "rotate.lua")
	return p, os.WriteFile(p, []byte(b.String()), 0o644)
}
