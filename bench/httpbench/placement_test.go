package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
)

func TestPlacementsSplitTheCPUsInHalves(t *testing.T) {
	for _, tc := range []struct {
		ncpu          int
		servers, load string
		procs         int
	}{
		{2, "0", "1", 1},
		{3, "0", "1-2", 1},
		{4, "0-1", "2-3", 2},
		{16, "0-7", "8-15", 8},
	} {
		ps, err := placements([]string{"split", "shared"}, tc.ncpu, tc.ncpu)
		if err != nil {
			t.Fatal(err)
		}
		if len(ps) != 2 {
			t.Fatalf("%d CPUs: %d placements, want 2", tc.ncpu, len(ps))
		}
		want := placement{name: "split", servers: tc.servers, load: tc.load, procs: tc.procs}
		if ps[0] != want {
			t.Errorf("%d CPUs: split is %+v, want %+v", tc.ncpu, ps[0], want)
		}
		if sh := (placement{name: "shared", procs: tc.ncpu}); ps[1] != sh {
			t.Errorf("%d CPUs: shared is %+v, want %+v", tc.ncpu, ps[1], sh)
		}
	}
	if _, err := placements([]string{"split"}, 1, 1); err == nil || !strings.Contains(err.Error(), "2 or more CPUs") {
		t.Errorf("split on 1 CPU: %v", err)
	}
	if _, err := placements([]string{"pinned"}, 2, 2); err == nil || !strings.Contains(err.Error(), `"pinned"`) {
		t.Errorf("an unknown placement: %v", err)
	}
}

// TestSplitPlacementPinsTheServersAndTheLoad starts real programs through
// the placement and reads the CPUs the kernel lets them run on, threads
// included, and checks that the program is the command's process (taskset
// executes it), whose pid the memory readings and signals use.
func TestSplitPlacementPinsTheServersAndTheLoad(t *testing.T) {
	if _, err := exec.LookPath("taskset"); err != nil {
		t.Skip("taskset (util-linux) is not installed")
	}
	if runtime.NumCPU() < 2 {
		t.Skip("one CPU: nothing to split")
	}
	ps, err := placements([]string{"split"}, runtime.NumCPU(), runtime.NumCPU())
	if err != nil {
		t.Fatal(err)
	}
	p := ps[0]
	for _, side := range []struct {
		name string
		cmd  *exec.Cmd
		want string
	}{
		{"server", p.server(context.Background(), "sh", "-c", `echo $$; grep Cpus_allowed_list /proc/self/status`), p.servers},
		{"load", p.loader(context.Background(), "sh", "-c", `echo $$; grep Cpus_allowed_list /proc/self/status`), p.load},
	} {
		out, err := side.cmd.Output()
		if err != nil {
			t.Fatalf("%s: %v", side.name, err)
		}
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		if len(lines) != 2 {
			t.Fatalf("%s: %q", side.name, out)
		}
		if got := strings.TrimSpace(strings.TrimPrefix(lines[1], "Cpus_allowed_list:")); got != side.want {
			t.Errorf("%s runs on CPUs %s, want %s", side.name, got, side.want)
		}
		if pid := fmt.Sprint(side.cmd.Process.Pid); lines[0] != pid {
			t.Errorf("%s: the program's pid is %s, the command's %s", side.name, lines[0], pid)
		}
	}
	shared := placement{name: "shared", procs: 2}
	out, err := shared.server(context.Background(), "grep", "Cpus_allowed_list", "/proc/self/status").Output()
	if err != nil {
		t.Fatal(err)
	}
	self, _ := os.ReadFile("/proc/self/status")
	if !strings.Contains(string(self), strings.TrimSpace(string(out))) {
		t.Errorf("shared placement changed the CPUs: %q", out)
	}
}
