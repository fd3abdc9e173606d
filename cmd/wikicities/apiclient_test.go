package main

import (
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/wikicities/wikicities/http/webtest"
	"github.com/wikicities/wikicities/store"
)

// TestGeneratedClient is the API as a contract: the document the running
// server serves is turned into TypeScript types by openapi-typescript, the
// client test web/apiclient/client.test.ts (openapi-fetch) is compiled with
// tsc against them, and node's test runner runs it against this server with
// the demo data. A document that no longer matches what the handlers answer,
// or that the generator cannot read, fails here.
func TestGeneratedClient(t *testing.T) {
	root := webtest.RepoRoot(t)
	node, err := exec.LookPath("node")
	if err == nil {
		for _, pkg := range []string{"openapi-typescript", "openapi-fetch", "typescript", "@types/node"} {
			if _, err = os.Stat(filepath.Join(root, "node_modules", pkg, "package.json")); err != nil {
				break
			}
		}
	}
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("node and node_modules are needed for the generated-client test (npm ci): %v", err)
		}
		t.Skipf("generated client not tested: node or node_modules missing (npm ci, or make test): %v", err)
	}

	m := MustRunMain(t, store.SQLite, true)
	dir := t.TempDir()
	resp, err := http.Get(m.Server.URL() + "/api/v1/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("openapi.json: %d %v", resp.StatusCode, err)
	}
	src, err := os.ReadFile(filepath.Join(root, "web", "apiclient", "client.test.ts"))
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range map[string][]byte{
		"openapi.json":   doc,
		"client.test.ts": src,
		"package.json":   []byte(`{"type": "module", "private": true}` + "\n"),
	} {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The compiled test imports openapi-fetch: resolve it from the repository.
	if err := os.Symlink(filepath.Join(root, "node_modules"), filepath.Join(dir, "node_modules")); err != nil {
		t.Fatal(err)
	}
	run := func(env []string, name string, args ...string) {
		t.Helper()
		cmd := exec.Command(node, append([]string{filepath.Join(root, "node_modules", name)}, args...)...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), env...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s %v: %v\n%s", name, args, err, out)
		}
		t.Logf("%s: %s", filepath.Base(name), out)
	}
	run(nil, "openapi-typescript/bin/cli.js", "openapi.json", "--output", "api.d.ts")
	run(nil, "typescript/bin/tsc", "--strict", "--noEmitOnError", "--target", "es2022", "--module", "nodenext",
		"--moduleResolution", "nodenext", "--skipLibCheck", "--types", "node", "--outDir", "out", "client.test.ts")
	cmd := exec.Command(node, "--test", filepath.Join("out", "client.test.js"))
	cmd.Dir = dir
	// A read token of the demo coordinator, for the routes that need an account.
	demo, err := m.DB.Accounts().UserByName(context.Background(), "demo")
	if err != nil {
		t.Fatal(err)
	}
	tok, _, err := m.DB.Accounts().CreateToken(context.Background(), demo.ID, "client test", "read", time.Now().Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	cmd.Env = append(os.Environ(), "WIKICITIES_API_URL="+m.Server.URL(), "WIKICITIES_API_TOKEN="+tok)
	out, err := cmd.CombinedOutput()
	t.Logf("node --test:\n%s", out)
	if err != nil {
		t.Fatalf("node --test: %v", err)
	}
}
