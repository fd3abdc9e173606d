package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/password"
	"github.com/wikicities/wikicities/store"
)

// The user subcommands change accounts as the system actor; every change is
// recorded in the audit log.

// openAccounts opens the store the flags select, as the system.
func openAccounts(ctx context.Context, f *actionFlags) (context.Context, *store.DB, error) {
	db, err := f.store.open(ctx)
	if err != nil {
		return nil, nil, err
	}
	return wikicities.NewContext(ctx, wikicities.System), db, nil
}

// userAdd is `user add [--admin] [--wikimedia] [--password-stdin] [--email E] USERNAME`.
// A local account gets a generated password, printed once, unless
// --password-stdin reads it from the first line of standard input;
// --wikimedia prepares the account of a Wikimedia user (no password), taken
// over at that user's first Sign in with Wikimedia with the role and grants
// given here.
func userAdd(ctx context.Context, args []string, rw IO) error {
	f := newFlags("user add", "USERNAME", rw)
	admin := f.Bool("admin", false, "make the account a site admin")
	wikimedia := f.Bool("wikimedia", false, "a Wikimedia account (no password; signs in with Wikimedia)")
	fromStdin := f.Bool("password-stdin", false, "read the password from the first line of standard input")
	email := f.String("email", "", "email address")
	pos, err := f.parse(args, 1, 1)
	if err != nil {
		return err
	}
	u := &wikicities.User{Username: pos[0], Email: *email, Role: wikicities.RoleMember, Wikimedia: *wikimedia}
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
	ctx, db, err := openAccounts(ctx, f)
	if err != nil {
		return err
	}
	defer db.Close()
	if u, err = db.Accounts().CreateUser(ctx, u); err != nil {
		return fmt.Errorf("user add: %w", flagError(err, f.FlagSet, nil))
	}
	fmt.Fprintf(rw.Stdout, "added %s (id %d, %s)\n", u.Username, u.ID, u.Role)
	if shown != "" {
		fmt.Fprintf(rw.Stdout, "password (shown once): %s\n", shown)
	}
	return nil
}

// userList is `user list`.
func userList(ctx context.Context, args []string, rw IO) error {
	f := newFlags("user list", "", rw)
	if _, err := f.parse(args, 0, 0); err != nil {
		return err
	}
	ctx, db, err := openAccounts(ctx, f)
	if err != nil {
		return err
	}
	defer db.Close()
	acc := db.Accounts()
	us, err := acc.Users(ctx)
	if err != nil {
		return err
	}
	tw := table(rw.Stdout)
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
}

// updateUser applies upd to the account named name and says what it is now.
func updateUser(ctx context.Context, f *actionFlags, rw IO, name string, upd func(u *wikicities.User) (wikicities.UserUpdate, error)) error {
	ctx, db, u, err := openUser(ctx, f, name)
	if err != nil {
		return err
	}
	defer db.Close()
	acc := db.Accounts()
	change, err := upd(u)
	if err != nil {
		return err
	}
	sub := strings.TrimPrefix(f.Name(), "wikicities user ")
	if u, err = acc.UpdateUser(ctx, u.ID, u.Version, change); err != nil {
		return fmt.Errorf("user %s: %w", sub, err)
	}
	disabled := ""
	if u.Disabled {
		disabled = ", disabled"
	}
	fmt.Fprintf(rw.Stdout, "%s: %s is now %s%s\n", sub, u.Username, u.Role, disabled)
	return nil
}

// userSetRole is `user set-role USERNAME member|admin`.
func userSetRole(ctx context.Context, args []string, rw IO) error {
	f := newFlags("user set-role", "USERNAME member|admin", rw)
	pos, err := f.parse(args, 2, 2)
	if err != nil {
		return err
	}
	return updateUser(ctx, f, rw, pos[0], func(*wikicities.User) (wikicities.UserUpdate, error) {
		r := wikicities.Role(pos[1])
		return wikicities.UserUpdate{Role: &r}, nil
	})
}

// userEnable returns `user enable USERNAME` (on) or `user disable USERNAME`.
func userEnable(on bool) func(context.Context, []string, IO) error {
	name := map[bool]string{true: "user enable", false: "user disable"}[on]
	return func(ctx context.Context, args []string, rw IO) error {
		f := newFlags(name, "USERNAME", rw)
		pos, err := f.parse(args, 1, 1)
		if err != nil {
			return err
		}
		return updateUser(ctx, f, rw, pos[0], func(*wikicities.User) (wikicities.UserUpdate, error) {
			disabled := !on
			return wikicities.UserUpdate{Disabled: &disabled}, nil
		})
	}
}

// userPassword is `user password [--password-stdin] USERNAME`.
func userPassword(ctx context.Context, args []string, rw IO) error {
	f := newFlags("user password", "USERNAME", rw)
	fromStdin := f.Bool("password-stdin", false, "read the password from the first line of standard input")
	pos, err := f.parse(args, 1, 1)
	if err != nil {
		return err
	}
	var shown string
	err = updateUser(ctx, f, rw, pos[0], func(u *wikicities.User) (wikicities.UserUpdate, error) {
		if u.Wikimedia {
			return wikicities.UserUpdate{}, fmt.Errorf("user password: %s signs in with Wikimedia and has no password here", u.Username)
		}
		pw, gen, err := newPassword(rw, *fromStdin, u.Username)
		if err != nil {
			return wikicities.UserUpdate{}, err
		}
		h, err := password.Hash(pw, password.Default)
		if gen {
			shown = pw
		}
		return wikicities.UserUpdate{PasswordHash: &h}, err
	})
	if err == nil && shown != "" {
		fmt.Fprintf(rw.Stdout, "password (shown once): %s\n", shown)
	}
	return err
}

// userToken is `user token [--scope read|write] [--token-name N] [--days D] USERNAME`.
func userToken(ctx context.Context, args []string, rw IO) error {
	f := newFlags("user token", "USERNAME", rw)
	scope := f.String("scope", wikicities.ScopeRead, "read or write")
	tokenName := f.String("token-name", "", "what the token is for")
	days := f.Int("days", 0, "days until it expires (0: never)")
	pos, err := f.parse(args, 1, 1)
	if err != nil {
		return err
	}
	if *days < 0 {
		return usageError{"user token: --days must be 0 (never) or more"}
	}
	ctx, db, u, err := openUser(ctx, f, pos[0])
	if err != nil {
		return err
	}
	defer db.Close()
	acc := db.Accounts()
	var exp time.Time
	if *days > 0 {
		exp = db.Now().Add(time.Duration(*days) * 24 * time.Hour)
	}
	tok, t, err := acc.CreateToken(ctx, u.ID, *tokenName, *scope, exp)
	if err != nil {
		return fmt.Errorf("user token: %w", flagError(err, f.FlagSet, nil))
	}
	fmt.Fprintf(rw.Stdout, "%s token %d for %s (shown once): %s\n", t.Scope, t.ID, u.Username, tok)
	return nil
}

// userGrant returns `user grant USERNAME community|institution ID` (on) or
// `user revoke ...`.
func userGrant(on bool) func(context.Context, []string, IO) error {
	sub := map[bool]string{true: "grant", false: "revoke"}[on]
	return func(ctx context.Context, args []string, rw IO) error {
		f := newFlags("user "+sub, "USERNAME community|institution ID", rw)
		pos, err := f.parse(args, 3, 3)
		if err != nil {
			return err
		}
		id, err := strconv.ParseInt(pos[2], 10, 64)
		if err != nil || id <= 0 {
			return usageError{fmt.Sprintf("user %s: %q is not a record id", sub, pos[2])}
		}
		p := wikicities.PartyRef{Kind: wikicities.PartyKind(pos[1]), ID: id}
		if p.Kind != wikicities.PartyCommunity && p.Kind != wikicities.PartyInstitution {
			return usageError{fmt.Sprintf("user %s: %q is not community or institution", sub, pos[1])}
		}
		ctx, db, u, err := openUser(ctx, f, pos[0])
		if err != nil {
			return err
		}
		defer db.Close()
		acc := db.Accounts()
		if on {
			err = acc.Grant(ctx, u.ID, p)
		} else {
			err = acc.Revoke(ctx, u.ID, p)
		}
		if err != nil {
			return fmt.Errorf("user %s: %w", sub, err)
		}
		verb := map[bool]string{true: "now coordinates", false: "no longer coordinates"}[on]
		fmt.Fprintf(rw.Stdout, "%s %s %s %d\n", u.Username, verb, p.Kind, p.ID)
		return nil
	}
}

// openUser opens the store as the system and reads the account named name;
// an unknown name is an error pointing to `wikicities user list`.
func openUser(ctx context.Context, f *actionFlags, name string) (context.Context, *store.DB, *wikicities.User, error) {
	ctx, db, err := openAccounts(ctx, f)
	if err != nil {
		return nil, nil, nil, err
	}
	u, err := db.Accounts().UserByName(ctx, name)
	if errors.Is(err, wikicities.ErrNotFound) {
		err = fmt.Errorf("no account named %q (see wikicities user list)", name)
	}
	if err != nil {
		db.Close()
		return nil, nil, nil, err
	}
	return ctx, db, u, nil
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
