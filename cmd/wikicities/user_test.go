package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

// run runs the CLI with args and stdin, returning stdout.
func run(t *testing.T, stdin string, args ...string) (string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	err := Run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return out.String() + errb.String(), err
}

func mustRun(t *testing.T, stdin string, args ...string) string {
	t.Helper()
	out, err := run(t, stdin, args...)
	if err != nil {
		t.Fatalf("wikicities %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

// An admin made on the command line signs in over HTTP with the password
// printed once, and sees the grants given on the command line.
func TestUserCommandsManageAccountsOfARunningServer(t *testing.T) {
	m := MustRunMain(t, store.SQLite, false)
	dir := "--data-dir=" + m.Store.dataDir
	out := mustRun(t, "", "user", "add", "--admin", dir, "Root")
	pw := regexp.MustCompile(`password \(shown once\): (\S+)`).FindStringSubmatch(out)
	if pw == nil {
		t.Fatalf("no password shown: %q", out)
	}
	community := storetest.MustParty(t, m.DB, wikicities.PartyCommunity)
	mustRun(t, "", "user", "grant", dir, "Root", "community", strconv.FormatInt(community.ID, 10))
	mustRun(t, "a chosen password\n", "user", "add", "--password-stdin", dir, "Ada")
	mustRun(t, "", "user", "add", "--wikimedia", dir, "Wiki Person")
	mustRun(t, "", "user", "set-role", dir, "Ada", "admin")
	mustRun(t, "", "user", "disable", dir, "Ada")

	body, _ := json.Marshal(map[string]string{"username": "Root", "password": pw[1]})
	resp, err := http.Post(m.Server.URL()+"/api/v1/auth/login", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var got struct {
		User wikicities.User `json:"user"`
	}
	json.NewDecoder(resp.Body).Decode(&got)
	if resp.StatusCode != 200 || got.User.Role != wikicities.RoleAdmin {
		t.Fatalf("sign-in with the printed password: %d %+v", resp.StatusCode, got)
	}

	out = mustRun(t, "", "user", "token", "--scope", "write", "--token-name", "bot", dir, "Root")
	tok := regexp.MustCompile(`\(shown once\): (wkc_\S+)`).FindStringSubmatch(out)
	if tok == nil {
		t.Fatalf("no token shown: %q", out)
	}
	req, _ := http.NewRequest("GET", m.Server.URL()+"/api/v1/me", nil)
	req.Header.Set("Authorization", "Bearer "+tok[1])
	me, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	me.Body.Close()
	if me.StatusCode != 200 {
		t.Fatalf("the CLI's token: %d", me.StatusCode)
	}

	list := mustRun(t, "", "user", "list", dir)
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`Root\s+admin\s+local\s+active\s+community ` + strconv.FormatInt(community.ID, 10)),
		regexp.MustCompile(`Ada\s+admin\s+local\s+disabled`),
		regexp.MustCompile(`Wiki Person\s+member\s+wikimedia\s+active`),
	} {
		if !want.MatchString(list) {
			t.Errorf("user list lacks %s:\n%s", want, list)
		}
	}
	log, _ := m.DB.AuditLog(context.Background(), "community", community.ID, 10)
	if len(log) != 1 || log[0].Action != "grant-coordinator" {
		t.Errorf("grant not audited: %+v", log)
	}
}

func TestUserCommandsExplainMistakes(t *testing.T) {
	dir := "--data-dir=" + t.TempDir()
	mustRun(t, "", "user", "add", dir, "Ada")
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"user", "add", dir, "Ada"}, "taken"},
		{[]string{"user", "set-role", dir, "Ada", "owner"}, "not member or admin"},
		{[]string{"user", "grant", dir, "Ada", "city", "3"}, "not community or institution"},
		{[]string{"user", "grant", dir, "Nobody", "community", "3"}, `no account named "Nobody"`},
		{[]string{"user", "grant", dir, "Ada", "community", "424242"}, "community 424242: not found"},
		{[]string{"user", "frobnicate", dir}, "unknown subcommand"},
		{[]string{"user", "add", dir}, "want 1 argument"},
		{[]string{"user", "add", dir, "bad|name"}, "username"},
		{[]string{"user", "token", "--scope", "admin", dir, "Ada"}, "not read or write"},
	}
	for _, c := range cases {
		out, err := run(t, "", c.args...)
		if err == nil || !strings.Contains(err.Error()+out, c.want) {
			t.Errorf("wikicities %s: %v %q, want an error mentioning %q", strings.Join(c.args[1:], " "), err, out, c.want)
		}
	}
}

func TestServeFlagsConfigureAccounts(t *testing.T) {
	t.Setenv("WIKICITIES_WIKIMEDIA_CLIENT_SECRET", "from-the-environment")
	m := NewMain()
	var out bytes.Buffer
	err := m.ParseFlags([]string{"--data-dir", t.TempDir(), "--addr", "127.0.0.1:0", "--no-demo", "--signup",
		"--base-url", "https://wikicities.example.org/", "--wikimedia-client-id", "abc", "--session-idle", "2h"}, IO{Stdout: &out, Stderr: &out})
	if err != nil {
		t.Fatal(err, out.String())
	}
	if err := m.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	a := m.Server.Auth
	if !a.SignupEnabled || a.Wikimedia.ClientID != "abc" || a.Wikimedia.ClientSecret != "from-the-environment" ||
		a.Wikimedia.TokenURL != "https://meta.wikimedia.org/w/rest.php/oauth2/access_token" || a.SessionIdle.Hours() != 2 ||
		m.Server.BaseURL != "https://wikicities.example.org" {
		t.Fatalf("auth config %+v, base %q", a, m.Server.BaseURL)
	}
	// A second server on the same store is refused.
	m2 := NewMain()
	m2.Addr, m2.Store = "127.0.0.1:0", m.Store
	if err := m2.Run(context.Background()); err == nil || !strings.Contains(err.Error(), "in use") {
		m2.Close()
		t.Fatalf("second server on one store: %v", err)
	}
	m2.Close()
}

func TestBackupRunsBesideTheServerAndRestoreWaitsForItToStop(t *testing.T) {
	m := MustRunMain(t, store.SQLite, false)
	dir := "--data-dir=" + m.Store.dataDir
	ctx := wikicities.NewContext(context.Background(), wikicities.System)
	if _, err := m.DB.Accounts().CreateUser(ctx, &wikicities.User{Username: "Before backup"}); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "wikicities-backup.db")
	out := mustRun(t, "", "backup", dir, file)
	if !strings.Contains(out, "schema version") {
		t.Fatalf("backup said %q", out)
	}
	if _, err := m.DB.Accounts().CreateUser(ctx, &wikicities.User{Username: "After backup"}); err != nil {
		t.Fatal(err)
	}
	if out, err := run(t, "", "restore", dir, file); err == nil || !strings.Contains(err.Error(), "server is running") {
		t.Fatalf("restore under a running server: %v %q", err, out)
	}
	m.Close()
	mustRun(t, "", "restore", dir, file)
	db, err := store.Open(context.Background(), filepath.Join(m.Store.dataDir, "wikicities.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Accounts().UserByName(context.Background(), "Before backup"); err != nil {
		t.Errorf("restored store lacks what was there before the backup: %v", err)
	}
	if _, err := db.Accounts().UserByName(context.Background(), "After backup"); err == nil {
		t.Error("restored store holds what came after the backup")
	}
}

// The CLI holds a chosen password to the rules of sign-up
// (wikicities.ValidatePassword), not to looser ones of its own.
func TestUserPasswordFollowsTheSignUpRules(t *testing.T) {
	dir := "--data-dir=" + t.TempDir()
	for _, c := range []struct{ name, pw, want string }{
		{"too short", "short\n", "at least 10 characters"},
		{"the username", "ada lovelace\n", "must not be the username"},
		{"too long", strings.Repeat("x", wikicities.MaxPasswordBytes+1) + "\n", "at most 1024 bytes"},
	} {
		out, err := run(t, c.pw, "user", "add", "--password-stdin", dir, "Ada Lovelace")
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err %v, want %q\n%s", c.name, err, c.want, out)
		}
	}
	mustRun(t, "a chosen password\n", "user", "add", "--password-stdin", dir, "Ada Lovelace")
}
