package main

import (
	"context"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
)

// A placement says on which CPUs the servers and the load generator run.
//
//   - "split": the servers (ours, the net/http floor, nginx) on the first
//     half of the CPUs and wrk on the other half, set with taskset before
//     each program starts, so that every thread of it inherits the set.
//     This is how load is measured where the load generator cannot have
//     machines of its own: wrk does not take the servers' cores, and the
//     servers do not take wrk's. On a 2-CPU machine each side gets one.
//   - "shared": every program may run on every CPU, and the kernel shares
//     them out. With wrk busy on the same cores, a server's tail latency
//     then holds the time its threads wait for wrk's to leave a core.
//
// Both are measured side by side for all three servers: one placement
// applies to ours, the floor and nginx alike.
type placement struct {
	name          string
	servers, load string // taskset CPU lists; empty: no restriction
	procs         int    // GOMAXPROCS of the Go servers, worker_processes of nginx
}

// placements turns the names given with -placement into placements on a
// machine of ncpu CPUs; procs is what the shared placement gives each
// server (-procs).
func placements(names []string, ncpu, procs int) ([]placement, error) {
	var ps []placement
	for _, n := range names {
		switch strings.TrimSpace(n) {
		case "split":
			if ncpu < 2 {
				return nil, fmt.Errorf("placement split needs 2 or more CPUs; this machine has %d (use -placement shared)", ncpu)
			}
			half := ncpu / 2
			ps = append(ps, placement{name: "split", servers: cpuRange(0, half), load: cpuRange(half, ncpu), procs: half})
		case "shared":
			ps = append(ps, placement{name: "shared", procs: procs})
		default:
			return nil, fmt.Errorf("unknown placement %q (split or shared)", n)
		}
	}
	return ps, nil
}

// cpuRange is taskset's list of the CPUs from lo to hi-1.
func cpuRange(lo, hi int) string {
	if hi-lo == 1 {
		return strconv.Itoa(lo)
	}
	return fmt.Sprintf("%d-%d", lo, hi-1)
}

// describe says where the servers and wrk run, for the report.
func (p placement) describe(ncpu int) string {
	if p.servers == "" {
		return fmt.Sprintf("shared: servers and wrk on all %d CPUs; servers use %d at once (GOMAXPROCS, worker_processes)", ncpu, p.procs)
	}
	return fmt.Sprintf("split: servers on CPU %s (GOMAXPROCS, worker_processes %d), wrk on CPU %s", p.servers, p.procs, p.load)
}

// server is the command that starts a server program in this placement.
func (p placement) server(ctx context.Context, name string, args ...string) *exec.Cmd {
	return pinned(ctx, p.servers, name, args...)
}

// loader is the command that starts wrk in this placement.
func (p placement) loader(ctx context.Context, name string, args ...string) *exec.Cmd {
	return pinned(ctx, p.load, name, args...)
}

// pinned runs name on the CPUs of list: taskset sets them and then executes
// the program in its own process, so that the command's pid is the
// program's, as /proc/PID/status and the signals that stop it need.
func pinned(ctx context.Context, list, name string, args ...string) *exec.Cmd {
	if list == "" {
		return exec.CommandContext(ctx, name, args...)
	}
	return exec.CommandContext(ctx, "taskset", append([]string{"-c", list, name}, args...)...)
}
