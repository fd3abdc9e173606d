package main

import (
	"fmt"
	"go/token"
	"strings"
	"testing"
)

// funcOf returns the source of a file with one function of n statement lines.
func funcOf(name string, n int) string {
	return "package p\n\nfunc " + name + "() {\n" + strings.Repeat("\tprintln()\n", n) + "}\n"
}

// tableOf returns the source of a function with a few lines of code around a
// table of rows rows.
func tableOf(rows int) string {
	var b strings.Builder
	b.WriteString("package p\n\nfunc T() {\n\tcases := []struct{ in, out string }{\n")
	for i := range rows {
		fmt.Fprintf(&b, "\t\t{%q, %q},\n", fmt.Sprint(i), fmt.Sprint(i))
	}
	b.WriteString("\t}\n\tfor _, c := range cases {\n\t\tprintln(c.in, c.out)\n\t}\n}\n")
	return b.String()
}

func TestLongFunctionIsReported(t *testing.T) {
	sizes, err := measureFile(token.NewFileSet(), "p/p.go", []byte(funcOf("Long", 121)))
	if err != nil {
		t.Fatal(err)
	}
	if len(sizes) != 1 || sizes[0].key != "p/p.go:Long" || sizes[0].lines != 123 {
		t.Fatalf("sizes = %+v, want p/p.go:Long at 123 lines", sizes)
	}
	sizes, _ = measureFile(token.NewFileSet(), "p/p.go", []byte(funcOf("Short", 118)))
	if len(sizes) != 0 {
		t.Fatalf("a 120-line function is reported: %+v", sizes)
	}
}

func TestTableLikeFunctionCountsItsCodeNotItsData(t *testing.T) {
	sizes, err := measureFile(token.NewFileSet(), "p/p.go", []byte(tableOf(300)))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sizes {
		if strings.Contains(s.key, ":") {
			t.Fatalf("a 300-row table is reported as a long function: %+v", s)
		}
	}
}

func TestComputedStructLiteralIsCodeNotATable(t *testing.T) {
	src := "package p\n\nfunc F() {\n\t_ = S{\n" + strings.Repeat("\t\tA: f(),\n", 130) + "\t}\n}\n"
	sizes, err := measureFile(token.NewFileSet(), "p/p.go", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(sizes) != 1 || sizes[0].key != "p/p.go:F" {
		t.Fatalf("sizes = %+v, want F reported", sizes)
	}
}

func TestLongFileAndMethodNames(t *testing.T) {
	src := "package p\n\ntype S struct{}\n\nfunc (s *S) M() {\n" + strings.Repeat("\tprintln()\n", 700) + "}\n"
	sizes, err := measureFile(token.NewFileSet(), "p/p.go", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	keys := []string{}
	for _, s := range sizes {
		keys = append(keys, s.key)
	}
	if strings.Join(keys, " ") != "p/p.go p/p.go:S.M" {
		t.Fatalf("keys = %v, want the file and S.M", keys)
	}
}

func TestAllowlistMayShrinkButNotGrowOrGoStale(t *testing.T) {
	allowed, err := parseAllowlist("allow.txt", strings.NewReader("# comment\nbig.go 900\nbig.go:F 150 (a table)\ngone.go 800\n"))
	if err != nil {
		t.Fatal(err)
	}
	sizes := []size{
		{key: "big.go", lines: 850, limit: maxFileLines},
		{key: "big.go:F", lines: 151, limit: maxFuncLines},
		{key: "new.go", lines: 701, limit: maxFileLines},
	}
	got := strings.Join(check(sizes, allowed, "allow.txt"), "\n")
	for _, want := range []string{
		"big.go:F: function is 151 lines, more than the 150",
		"gone.go: within the limits now (or gone): delete its line",
		"new.go: file is 701 lines, over the limit of 700",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("problems lack %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "big.go: file") {
		t.Errorf("a file within its allowance is reported:\n%s", got)
	}
}

func TestAllowlistErrorsNameTheLine(t *testing.T) {
	for _, text := range []string{"x.go\n", "x.go many\n", "x.go 1\nx.go 2\n"} {
		if _, err := parseAllowlist("allow.txt", strings.NewReader(text)); err == nil || !strings.Contains(err.Error(), "allow.txt:") {
			t.Errorf("parseAllowlist(%q) = %v, want an error naming the line", text, err)
		}
	}
}

// The module itself keeps to the limits, but for what the allowlist names
// (so that `go test ./...` catches a file that grew, not only `make lint`).
func TestModuleKeepsToTheLimits(t *testing.T) {
	const allow = "../size-allowlist.txt"
	allowed, err := readAllowlist(allow)
	if err != nil {
		t.Fatal(err)
	}
	sizes, err := measure("../..")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range check(sizes, allowed, "scripts/size-allowlist.txt") {
		t.Error(p)
	}
}
