//go:build !pprof

package main

// servePprof does nothing in the normal build: the runtime's profiles are
// served only by a binary built with -tags pprof (pprof.go).
func servePprof() {}
