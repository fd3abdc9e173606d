// Command wikicities is the WikiCities server and its command-line tools.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := Run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "wikicities:", err)
		}
		os.Exit(exitCode(err))
	}
}

// IO is what a command reads and writes, and the global flags given before
// the command, which its own flags start from.
type IO struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Global         globalFlags
}

// usageError is a mistake in the command line; it exits with code 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func exitCode(err error) int {
	var u usageError
	if errors.As(err, &u) || errors.Is(err, flag.ErrHelp) {
		return 2
	}
	return 1
}

// Run runs a command line: the global flags (--data-dir, --database-url,
// --lang), then a command of the table in commands.go with its arguments and
// flags in any order.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	rw := IO{Stdin: stdin, Stdout: stdout, Stderr: stderr, Global: defaultGlobalFlags()}
	fs := flag.NewFlagSet("wikicities", flag.ContinueOnError)
	fs.SetOutput(stderr)
	rw.Global.register(fs)
	fs.Usage = func() { usage(stderr, fs) }
	if err := parse(fs, args); err != nil {
		return err
	}
	args = fs.Args()
	if len(args) == 0 || args[0] == "help" {
		usage(stdout, fs)
		if len(args) == 0 {
			return usageError{"no command given"}
		}
		return nil
	}
	c := findCommand(args[0])
	if c == nil {
		usage(stderr, fs)
		return usageError{fmt.Sprintf("unknown command %q", args[0])}
	}
	return c.execute(ctx, args[1:], rw)
}

func usage(w io.Writer, global *flag.FlagSet) {
	fmt.Fprintln(w, "Usage: wikicities [global flags] <command> [arguments and flags]\n\nCommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-12s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nGlobal flags (every command takes them, before its name or among its flags):")
	global.SetOutput(w)
	global.PrintDefaults()
	fmt.Fprintln(w, "\nRun 'wikicities <command> --help' for a command's actions and flags.")
}
