//go:build pprof

package main

// Built with -tags pprof only (never in the released binary): the
// runtime's profiles on WIKICITIES_PPROF_ADDR (a loopback address), for
// profiling the server under a load generator (bench/httpbench).

import (
	"log"
	"net/http"
	_ "net/http/pprof"
	"os"
)

// servePprof is called by Main.Run (see pprof_off.go for the normal
// build, where it does nothing).
func servePprof() {
	if addr := os.Getenv("WIKICITIES_PPROF_ADDR"); addr != "" {
		go func() { log.Println(http.ListenAndServe(addr, nil)) }()
	}
}
