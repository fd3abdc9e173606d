package main

import (
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
