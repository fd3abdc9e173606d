package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestParseWrkReadsRateLatenciesAndErrors(t *testing.T) {
	out := `Running 10s test @ http://127.0.0.1:8080/
  2 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.50ms    2.00ms  40.00ms   90.00%
    Req/Sec    10.00k     1.00k   12.00k    70.00%
  Latency Distribution
     50%  635.91us
     75%  712.43us
     90%  800.00us
     99%    1.20ms
  82209 requests in 10.00s, 11.03MB read
  Socket errors: connect 1, read 2, write 0, timeout 3
  Non-2xx or 3xx responses: 5
Requests/sec:   8220.89
Transfer/sec:      1.10MB
`
	r, err := parseWrk(out)
	if err != nil {
		t.Fatal(err)
	}
	want := wrkResult{rps: 8220.89, p50: 635910 * time.Nanosecond, p99: 1200 * time.Microsecond, errors: 11}
	if r != want {
		t.Errorf("got %+v, want %+v", r, want)
	}
	if _, err := parseWrk("unable to connect to 127.0.0.1:1 Connection refused\n"); err == nil {
		t.Error("a report without figures parsed")
	}
}

func TestMedianResultTakesEachFiguresMedianAndSumsErrors(t *testing.T) {
	ms := time.Millisecond
	got := medianResult([]wrkResult{
		{rps: 100, p50: 3 * ms, p99: 90 * ms, errors: 1},
		{rps: 300, p50: 1 * ms, p99: 10 * ms},
		{rps: 200, p50: 2 * ms, p99: 50 * ms, errors: 2},
	})
	want := wrkResult{rps: 200, p50: 2 * ms, p99: 50 * ms, errors: 3}
	if got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

func TestFloorServesTheAnswersBytesAndTypeToGETOnly(t *testing.T) {
	answers := []answer{
		{path: "/api/v1/twins", contentType: "application/json; charset=utf-8", body: []byte(`{"city":"Munich"}`)},
		{path: "/cities/7716", contentType: "text/html; charset=utf-8", body: []byte("<!doctype html><title>Munich</title>")},
	}
	srv := httptest.NewServer(floorHandler(answers))
	defer srv.Close()
	for _, a := range answers {
		resp, err := http.Get(srv.URL + a.path + "?city=Munich")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || string(body) != string(a.body) || resp.Header.Get("Content-Type") != a.contentType ||
			resp.Header.Get("Content-Length") != strconv.Itoa(len(a.body)) {
			t.Errorf("GET %s: %d %q %q %q", a.path, resp.StatusCode, body, resp.Header.Get("Content-Type"), resp.Header.Get("Content-Length"))
		}
	}
	if resp, err := http.Get(srv.URL + "/cities/1"); err != nil || resp.StatusCode != 404 {
		t.Errorf("an unknown path: %v %v", resp, err)
	}
	if resp, err := http.Post(srv.URL+"/api/v1/twins", "text/plain", strings.NewReader("x")); err != nil || resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("a POST: %v %v", resp, err)
	}
}

// TestMain lets the test binary be the floor process startFloor starts.
func TestMain(m *testing.M) {
	if dir := os.Getenv(floorEnv); dir != "" {
		if err := serveFloor(dir); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		return
	}
	os.Exit(m.Run())
}

func TestStartFloorRunsAProcessServingTheAnswers(t *testing.T) {
	answers := []answer{{path: "/api/v1/cities", contentType: "application/json", body: []byte(`{"cities":[]}`)}}
	f, err := startFloor(context.Background(), placement{name: "shared", procs: 1}, answers, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer f.stop()
	resp, err := http.Get(f.url + "/api/v1/cities?q=ber")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(body) != `{"cities":[]}` {
		t.Errorf("floor process: %d %q", resp.StatusCode, body)
	}
}
