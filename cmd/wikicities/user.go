package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/password"
	"github.com/wikicities/wikicities/store"
)

func init() {
	register(command{name: "user", summary: "manage accounts: add, list, set-role, disable, enable, password, grant, revoke, token", run: runUser})
}

const userUsage = `Usage:
  wikicities user add [--admin] [--wikimedia] [--password-stdin] [--email E] USERNAME
  wikicities user list
  wikicities user set-role USERNAME member|admin
  wikicities user disable USERNAME
  wikicities user enable USERNAME
  wikicities user password [--password-stdin] USERNAME
  wikicities user grant USERNAME community|institution ID
  wikicities user revoke USERNAME community|institution ID
  wikicities user token [--scope read|write] [--token-name N] [--days D] USERNAME

A local account gets a generated password, printed once, unless
--password-stdin reads it from the first line of standard input.
--wikimedia prepares the account of a Wikimedia user (no password): it is
taken over at that user's first Sign in with Wikimedia, with the role and
grants given here. "token" issues an API token for scripts (shown once).`

// runUser dispatches the user subcommands. Changes are made as the system
// actor and recorded in the audit log.
func runUser(ctx context.Context, args []string, rw IO) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintln(rw.Stdout, userUsage)
		if len(args) == 0 {
			return usageError{"user: no subcommand given"}
		}
		return nil
	}
	sub := args[0]
	fs := newFlags("user "+sub, rw)
	var sf storeFlags
	sf.register(fs)
	admin := fs.Bool("admin", false, "add: make the account a site admin")
	wikimedia := fs.Bool("wikimedia", false, "add: a Wikimedia account (no password; signs in with Wikimedia)")
	fromStdin := fs.Bool("password-stdin", false, "add, password: read the password from the first line of standard input")
	email := fs.String("email", "", "add: email address")
	scope := fs.String("scope", wikicities.ScopeRead, "token: read or write")
	tokenName := fs.String("token-name", "", "token: what the token is for")
	days := fs.Int("days", 0, "token: days until it expires (0: never)")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	want := map[string]int{"add": 1, "list": 0, "set-role": 2, "disable": 1, "enable": 1, "password": 1, "grant": 3, "revoke": 3, "token": 1}
	n, ok := want[sub]
	if !ok {
		return usageError{fmt.Sprintf("user: unknown subcommand %q\n%s", sub, userUsage)}
	}
	if fs.NArg() != n {
		return usageError{fmt.Sprintf("user %s: want %d argument(s), got %d\n%s", sub, n, fs.NArg(), userUsage)}
	}
	db, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx = wikicities.NewContext(ctx, wikicities.System)
	acc := db.Accounts()
	a := fs.Args()

	switch sub {
	case "add":
		u := &wikicities.User{Username: a[0], Email: *email, Role: wikicities.RoleMember, Wikimedia: *wikimedia}
		if *admin {
			u.Role = wikicities.RoleAdmin
		}
		var shown string
		if !*wikimedia {
			pw, gen, err := newPassword(rw, *fromStdin, u.Username)
			if err != nil {
				return err
			}
			if u.PasswordHash, err = password.Hash(pw, password.Default); err != nil {
				return err
			}
			if gen {
				shown = pw
			}
		}
		u, err := acc.CreateUser(ctx, u)
		if err != nil {
			return fmt.Errorf("user add: %w", err)
		}
		fmt.Fprintf(rw.Stdout, "added %s (id %d, %s)\n", u.Username, u.ID, u.Role)
		if shown != "" {
			fmt.Fprintf(rw.Stdout, "password (shown once): %s\n", shown)
		}
	case "list":
		us, err := acc.Users(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(rw.Stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tUSERNAME\tROLE\tKIND\tSTATUS\tCOORDINATES")
		for _, u := range us {
			kind, status := "local", "active"
			if u.Wikimedia {
				kind = "wikimedia"
			}
			if u.Disabled {
				status = "disabled"
			}
			cs, err := acc.Coordinates(ctx, u.ID)
			if err != nil {
				return err
			}
			var grants []string
			for _, c := range cs {
				grants = append(grants, fmt.Sprintf("%s %d", c.Kind, c.ID))
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", u.ID, u.Username, u.Role, kind, status, strings.Join(grants, ", "))
		}
		return tw.Flush()
	case "set-role", "disable", "enable", "password":
		u, err := userNamed(ctx, acc, a[0])
		if err != nil {
			return err
		}
		var upd wikicities.UserUpdate
		var shown string
		switch sub {
		case "set-role":
			r := wikicities.Role(a[1])
			upd.Role = &r
		case "disable", "enable":
			d := sub == "disable"
			upd.Disabled = &d
		case "password":
			if u.Wikimedia {
				return fmt.Errorf("user password: %s signs in with Wikimedia and has no password here", u.Username)
			}
			pw, gen, err := newPassword(rw, *fromStdin, u.Username)
			if err != nil {
				return err
			}
			h, err := password.Hash(pw, password.Default)
			if err != nil {
				return err
			}
			upd.PasswordHash = &h
			if gen {
				shown = pw
			}
		}
		if u, err = acc.UpdateUser(ctx, u.ID, u.Version, upd); err != nil {
			return fmt.Errorf("user %s: %w", sub, err)
		}
		fmt.Fprintf(rw.Stdout, "%s: %s is now %s%s\n", sub, u.Username, u.Role, map[bool]string{true: ", disabled", false: ""}[u.Disabled])
		if shown != "" {
			fmt.Fprintf(rw.Stdout, "password (shown once): %s\n", shown)
		}
	case "token":
		u, err := userNamed(ctx, acc, a[0])
		if err != nil {
			return err
		}
		if *days < 0 {
			return usageError{"user token: --days must be 0 (never) or more"}
		}
		var exp time.Time
		if *days > 0 {
			exp = db.Now().Add(time.Duration(*days) * 24 * time.Hour)
		}
		tok, t, err := acc.CreateToken(ctx, u.ID, *tokenName, *scope, exp)
		if err != nil {
			return fmt.Errorf("user token: %w", err)
		}
		fmt.Fprintf(rw.Stdout, "%s token %d for %s (shown once): %s\n", t.Scope, t.ID, u.Username, tok)
	case "grant", "revoke":
		u, err := userNamed(ctx, acc, a[0])
		if err != nil {
			return err
		}
		id, err := strconv.ParseInt(a[2], 10, 64)
		if err != nil || id <= 0 {
			return usageError{fmt.Sprintf("user %s: %q is not a record id", sub, a[2])}
		}
		p := wikicities.PartyRef{Kind: wikicities.PartyKind(a[1]), ID: id}
		if p.Kind != wikicities.PartyCommunity && p.Kind != wikicities.PartyInstitution {
			return usageError{fmt.Sprintf("user %s: %q is not community or institution", sub, a[1])}
		}
		if sub == "grant" {
			err = acc.Grant(ctx, u.ID, p)
		} else {
			err = acc.Revoke(ctx, u.ID, p)
		}
		if err != nil {
			return fmt.Errorf("user %s: %w", sub, err)
		}
		verb := map[string]string{"grant": "now coordinates", "revoke": "no longer coordinates"}[sub]
		fmt.Fprintf(rw.Stdout, "%s %s %s %d\n", u.Username, verb, p.Kind, p.ID)
	}
	return nil
}

func userNamed(ctx context.Context, acc *store.Accounts, name string) (*wikicities.User, error) {
	u, err := acc.UserByName(ctx, name)
	if errors.Is(err, wikicities.ErrNotFound) {
		return nil, fmt.Errorf("no account named %q (see wikicities user list)", name)
	}
	return u, err
}

// newPassword reads a password for the account username from stdin, held
// to the rules of sign-up (wikicities.ValidatePassword), or generates one
// (and says so).
func newPassword(rw IO, fromStdin bool, username string) (pw string, generated bool, err error) {
	if !fromStdin {
		return rand.Text(), true, nil
	}
	line, err := bufio.NewReader(rw.Stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", false, fmt.Errorf("reading the password from standard input: %w", err)
	}
	pw = strings.TrimRight(line, "\r\n")
	if err := wikicities.ValidatePassword(pw, username); err != nil {
		return "", false, usageError{err.Error()}
	}
	return pw, false, nil
}
