package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"time"

	wchttp "github.com/wikicities/wikicities/http"
)

// The net/http floor: a bare net/http server, in a process of its own with
// the same GOMAXPROCS as ours and the same http.Server settings (timeouts,
// see wchttp.NewHTTPServer), serving the saved answers from memory with
// their Content-Type and Content-Length and nothing else. It is what the
// standard library alone costs for the same bytes, so the lower bound of any
// server built on net/http (as the project's direction has it): how far
// ours is from nginx splits into what is net/http's and what is ours.

// floorEnv names the directory whose answers a re-executed httpbench serves.
const floorEnv = "WIKICITIES_HTTPBENCH_FLOOR"

// floorFile is one entry of the floor's manifest.
type floorFile struct {
	Path        string `json:"path"`
	ContentType string `json:"content_type"`
	File        string `json:"file"`
}

// floorHandler serves each answer at its path, to GET only.
func floorHandler(answers []answer) http.Handler {
	mux := http.NewServeMux()
	for _, a := range answers {
		ct, cl, body := []string{a.contentType}, []string{strconv.Itoa(len(a.body))}, a.body
		mux.HandleFunc("GET "+a.path, func(w http.ResponseWriter, r *http.Request) {
			h := w.Header()
			h["Content-Type"] = ct
			h["Content-Length"] = cl
			w.Write(body)
		})
	}
	return mux
}

// floorServer is the running floor process.
type floorServer struct {
	cmd *exec.Cmd
	url string
}

// startFloor writes the answers under dir and starts this program again as
// the floor server on a loopback port, in placement p.
func startFloor(ctx context.Context, p placement, answers []answer, dir string) (*floorServer, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var manifest []floorFile
	for i, a := range answers {
		name := fmt.Sprintf("answer%d", i)
		if err := os.WriteFile(filepath.Join(dir, name), a.body, 0o644); err != nil {
			return nil, err
		}
		manifest = append(manifest, floorFile{Path: a.path, ContentType: a.contentType, File: name})
	}
	b, err := json.Marshal(manifest)
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "manifest.json"), b, 0o644); err != nil {
		return nil, err
	}
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := p.server(ctx, self)
	cmd.Env = append(os.Environ(), floorEnv+"="+dir, "GOMAXPROCS="+strconv.Itoa(p.procs))
	u, err := startAnnounced(cmd, "floor at ", 30*time.Second)
	if err != nil {
		return nil, fmt.Errorf("net/http floor: %w", err)
	}
	return &floorServer{cmd: cmd, url: u}, nil
}

func (s *floorServer) stop() {
	s.cmd.Process.Kill()
	s.cmd.Wait()
}

// serveFloor is the floor process: it serves the answers of dir's manifest
// until killed.
func serveFloor(dir string) error {
	b, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		return err
	}
	var manifest []floorFile
	if err := json.Unmarshal(b, &manifest); err != nil {
		return fmt.Errorf("%s: %w", filepath.Join(dir, "manifest.json"), err)
	}
	var answers []answer
	for _, f := range manifest {
		body, err := os.ReadFile(filepath.Join(dir, f.File))
		if err != nil {
			return err
		}
		answers = append(answers, answer{path: f.Path, contentType: f.ContentType, body: body})
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	fmt.Printf("floor at http://%s\n", ln.Addr())
	return wchttp.NewHTTPServer(floorHandler(answers)).Serve(ln)
}
