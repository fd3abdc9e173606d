package http_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/wikicities/wikicities/http/webtest"
)

// The committed assets are exactly what web/build.mjs makes from the npm
// packages of package-lock.json and from web/src (make assets-check does
// the same before the suite).
func TestStaticAssetsAreUpToDate(t *testing.T) {
	root := webtest.RepoRoot(t)
	node, err := exec.LookPath("node")
	if err == nil {
		_, err = os.Stat(filepath.Join(root, "node_modules", "esbuild"))
	}
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("node and node_modules are needed to check http/static (npm ci): %v", err)
		}
		t.Skipf("http/static not checked: node or node_modules missing (npm ci, or make test): %v", err)
	}
	cmd := exec.Command(node, "web/build.mjs", "--check")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
}
