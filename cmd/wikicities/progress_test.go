package main

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// openPTY returns both ends of a new pseudo-terminal.
func openPTY(t *testing.T) (master, tty *os.File) {
	t.Helper()
	// Non-blocking, so that the runtime poller serves it and read
	// deadlines work.
	fd, err := unix.Open("/dev/ptmx", unix.O_RDWR|unix.O_NONBLOCK|unix.O_CLOEXEC|unix.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	master = os.NewFile(uintptr(fd), "/dev/ptmx")
	t.Cleanup(func() { master.Close() })
	if err := unix.IoctlSetPointerInt(int(master.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		t.Skipf("unlockpt: %v", err)
	}
	n, err := unix.IoctlGetInt(int(master.Fd()), unix.TIOCGPTN)
	if err != nil {
		t.Skipf("ptsname: %v", err)
	}
	tty, err = os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("open pts: %v", err)
	}
	t.Cleanup(func() { tty.Close() })
	return master, tty
}

func TestProgressIsQuietWhenNotATerminal(t *testing.T) {
	var buf bytes.Buffer
	p := newProgress(&buf, "importing")
	p.start = time.Now().Add(-time.Minute) // long-running work
	for i := int64(0); i <= 10; i++ {
		p.Set(i, 10)
	}
	p.Done()
	if buf.Len() != 0 {
		t.Errorf("wrote %q to a non-terminal", buf.String())
	}
	f, err := os.CreateTemp(t.TempDir(), "out")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	p = newProgress(f, "importing")
	p.start = time.Now().Add(-time.Minute)
	p.Set(5, 10)
	p.Done()
	if st, _ := f.Stat(); st.Size() != 0 {
		t.Errorf("wrote %d bytes to a regular file", st.Size())
	}
}

func TestProgressShowsABarOnATerminalAfterASecond(t *testing.T) {
	master, tty := openPTY(t)
	read := make(chan string, 1)
	go func() {
		var all []byte
		buf := make([]byte, 4096)
		for {
			if err := master.SetReadDeadline(time.Now().Add(2 * time.Second)); err != nil {
				read <- "no deadline: " + err.Error()
				return
			}
			n, err := master.Read(buf)
			all = append(all, buf[:n]...)
			if err != nil {
				read <- string(all)
				return
			}
		}
	}()

	quick := newProgress(tty, "quick")
	quick.Set(1, 10) // under a second: nothing
	if quick.bar != nil {
		t.Error("a bar for work shorter than a second")
	}

	p := newProgress(tty, "importing")
	p.start = time.Now().Add(-2 * time.Second)
	for i := int64(0); i <= 4; i++ {
		p.Set(i*25, 100)
		time.Sleep(120 * time.Millisecond)
	}
	p.Done()
	out := <-read
	if !strings.Contains(out, "importing") || !strings.Contains(out, "%") {
		t.Errorf("terminal got %q, want a bar described as importing", out)
	}
	if strings.Contains(out, "quick") {
		t.Errorf("the quick work showed a bar: %q", out)
	}
}

func TestParseInterspersedFlags(t *testing.T) {
	fs := newFlags("t", "", IO{Stderr: &bytes.Buffer{}})
	strict := fs.Bool("strict", false, "")
	report := fs.String("report", "", "")
	pos, err := parseInterspersed(fs.FlagSet, []string{"csv", "--strict", "file.csv", "--report", "r.txt"})
	if err != nil || !*strict || *report != "r.txt" || strings.Join(pos, " ") != "csv file.csv" {
		t.Errorf("pos %v strict %v report %q err %v", pos, *strict, *report, err)
	}
}
