package importer_test

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/wikicities/wikicities/importer"
	"github.com/wikicities/wikicities/importer/csvimport"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

// killHelperVar, when set to a SQLite path, turns this test binary into an
// importer that announces when it is inside its transaction and then waits
// to be killed.
const killHelperVar = "WIKICITIES_TEST_KILL_IMPORT"

func TestMain(m *testing.M) {
	if dsn := os.Getenv(killHelperVar); dsn != "" {
		os.Exit(runKillHelper(dsn))
	}
	os.Exit(m.Run())
}

func runKillHelper(dsn string) int {
	ctx := context.Background()
	db, err := store.Open(ctx, dsn)
	if err != nil {
		return 3
	}
	b, err := csvimport.Read(strings.NewReader(header+
		"Augsburg,Germany,48.3689,10.8978,Jinan,China,36.6702,117.0207\n"+
		"Augsburg,Germany,48.3689,10.8978,Bourges,France,47.0844,2.3964\n"), "kill.csv", false)
	if err != nil {
		return 4
	}
	importer.Import(ctx, db, b, importer.Options{Progress: func(done, total int) {
		if done > total/2 { // cities and labels written, links not yet, not committed
			os.Stdout.WriteString("in transaction\n")
			time.Sleep(time.Hour)
		}
	}})
	return 5 // not reached: the parent kills us
}

// A process killed in the middle of an import leaves the SQLite store as it
// was before the import, and the store opens and passes its integrity check.
func TestImportKilledMidTransactionLeavesStoreUnchanged(t *testing.T) {
	dsn := storetest.MustDSN(t, store.SQLite)
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	mustImportCSV(t, db, "base.csv", header+"Munich,Germany,48.1372,11.5755,Edinburgh,Scotland,55.9533,-3.1883\n")
	before := snapshot(t, db)
	db.Close()

	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), killHelperVar+"="+dsn)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line := make(chan string, 1)
	go func() {
		s, _ := bufio.NewReader(out).ReadString('\n')
		line <- s
	}()
	select {
	case s := <-line:
		if s != "in transaction\n" {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("helper said %q", s)
		}
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatal("helper never reached the transaction")
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("helper ended with %v, want killed", cmd.ProcessState)
	}

	db, err = store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatalf("store does not open after the kill: %v", err)
	}
	defer db.Close()
	var check string
	if err := db.QueryRow(context.Background(), `PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity check: %q %v", check, err)
	}
	if after := snapshot(t, db); after != before {
		t.Fatalf("store changed by the killed import:\nbefore:\n%s\nafter:\n%s", before, after)
	}
	// And it still takes writes: the lock died with the process.
	mustImportCSV(t, db, "after.csv", header+"Augsburg,Germany,48.3689,10.8978,Jinan,China,36.6702,117.0207\n")
}
