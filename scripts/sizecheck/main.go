// Command sizecheck enforces the module's size limits: no non-test Go file
// over 700 lines and no function over 120 lines, except table-like ones
// (whose code outside composite literals, the tables, is within the limit).
// Exceptions are listed in one allowlist file, each with its size at the
// time it was listed; an exception may shrink but not grow, and an entry
// that is no longer needed must be deleted. Run it from the module root:
//
//	go run ./scripts/sizecheck [-allow scripts/size-allowlist.txt] [dir]
//
// It exits with status 1 and lists every violation, or 2 on a bad allowlist.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// Limits.
const (
	maxFileLines = 700
	maxFuncLines = 120
)

func main() {
	allow := flag.String("allow", "scripts/size-allowlist.txt", "allowlist `file` (missing means empty)")
	flag.Parse()
	root := "."
	if flag.NArg() > 0 {
		root = flag.Arg(0)
	}
	allowed, err := readAllowlist(*allow)
	if err != nil {
		fmt.Fprintln(os.Stderr, "sizecheck:", err)
		os.Exit(2)
	}
	sizes, err := measure(root)
	if err != nil {
		fmt.Fprintln(os.Stderr, "sizecheck:", err)
		os.Exit(2)
	}
	if problems := check(sizes, allowed, *allow); len(problems) > 0 {
		for _, p := range problems {
			fmt.Fprintln(os.Stderr, p)
		}
		os.Exit(1)
	}
}

// A size is a file or function over its limit, keyed by "path" or
// "path:Func" ("path:Type.Method" for methods).
type size struct {
	key   string
	lines int
	limit int
}

// measure returns every non-test file and every function under root that
// is over its limit. Directories named testdata, node_modules or starting
// with a dot are skipped.
func measure(root string) ([]size, error) {
	var out []size
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && (name == "testdata" || name == "node_modules" || strings.HasPrefix(name, ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		sizes, err := measureFile(fset, rel, src)
		if err != nil {
			return err
		}
		out = append(out, sizes...)
		return nil
	})
	return out, err
}

// measureFile returns the sizes over the limits in one file's source.
func measureFile(fset *token.FileSet, rel string, src []byte) ([]size, error) {
	var out []size
	if n := lineCount(src); n > maxFileLines {
		out = append(out, size{key: rel, lines: n, limit: maxFileLines})
	}
	f, err := parser.ParseFile(fset, rel, src, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	for _, decl := range f.Decls {
		fn, ok := decl.(*ast.FuncDecl)
		if !ok || fn.Body == nil {
			continue
		}
		if n := codeLines(fset, fn); n > maxFuncLines {
			out = append(out, size{key: rel + ":" + funcName(fn), lines: n, limit: maxFuncLines})
		}
	}
	return out, nil
}

func lineCount(src []byte) int {
	n := strings.Count(string(src), "\n")
	if len(src) > 0 && src[len(src)-1] != '\n' {
		n++
	}
	return n
}

// codeLines returns the lines of fn, from func to the closing brace, less
// the inner lines of its tables: a function that is mostly a table of data
// is as long as its code, not its data.
func codeLines(fset *token.FileSet, fn *ast.FuncDecl) int {
	line := func(p token.Pos) int { return fset.Position(p).Line }
	total := line(fn.End()) - line(fn.Pos()) + 1
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		lit, ok := n.(*ast.CompositeLit)
		if !ok || !isTable(lit) {
			return true
		}
		// The literal's first and last lines hold code too (cases := ...{ and },).
		if inner := line(lit.Rbrace) - line(lit.Lbrace) - 1; inner > 0 {
			total -= inner
		}
		return false
	})
	return total
}

// isTable reports whether lit is a table of data: at least three elements,
// each of them (or each value, for keyed elements) a composite or basic
// literal, such as the rows of a table-driven list or a map of constants.
// A struct literal whose fields are computed is code, not a table.
func isTable(lit *ast.CompositeLit) bool {
	if len(lit.Elts) < 3 {
		return false
	}
	for _, e := range lit.Elts {
		if kv, ok := e.(*ast.KeyValueExpr); ok {
			e = kv.Value
		}
		if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
			e = u.X
		}
		switch e.(type) {
		case *ast.CompositeLit, *ast.BasicLit:
		default:
			return false
		}
	}
	return true
}

func funcName(fn *ast.FuncDecl) string {
	if fn.Recv == nil || len(fn.Recv.List) == 0 {
		return fn.Name.Name
	}
	t := fn.Recv.List[0].Type
	if star, ok := t.(*ast.StarExpr); ok {
		t = star.X
	}
	switch x := t.(type) {
	case *ast.IndexExpr:
		t = x.X
	case *ast.IndexListExpr:
		t = x.X
	}
	if id, ok := t.(*ast.Ident); ok {
		return id.Name + "." + fn.Name.Name
	}
	return fn.Name.Name
}

// readAllowlist reads lines of "key lines [comment]"; # starts a comment
// line. A missing file is an empty list.
func readAllowlist(path string) (map[string]int, error) {
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return map[string]int{}, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return parseAllowlist(path, f)
}

func parseAllowlist(path string, r io.Reader) (map[string]int, error) {
	allowed := map[string]int{}
	sc := bufio.NewScanner(r)
	for line := 1; sc.Scan(); line++ {
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 || strings.HasPrefix(fields[0], "#") {
			continue
		}
		if len(fields) < 2 {
			return nil, fmt.Errorf("%s:%d: want \"path[:Func] lines\", got %q", path, line, sc.Text())
		}
		n, err := strconv.Atoi(fields[1])
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("%s:%d: lines %q is not a positive number", path, line, fields[1])
		}
		if _, dup := allowed[fields[0]]; dup {
			return nil, fmt.Errorf("%s:%d: %s is listed twice", path, line, fields[0])
		}
		allowed[fields[0]] = n
	}
	return allowed, sc.Err()
}

// check returns one line per violation: a size over its limit that is not
// allowed, an allowed one that grew, and an allowlist entry that is no
// longer over the limit (or no longer exists).
func check(sizes []size, allowed map[string]int, allowPath string) []string {
	var problems []string
	seen := map[string]bool{}
	for _, s := range sizes {
		seen[s.key] = true
		what := "file"
		if strings.Contains(s.key, ":") {
			what = "function"
		}
		switch max, ok := allowed[s.key]; {
		case !ok:
			problems = append(problems, fmt.Sprintf("%s: %s is %d lines, over the limit of %d: split it along its seams", s.key, what, s.lines, s.limit))
		case s.lines > max:
			problems = append(problems, fmt.Sprintf("%s: %s is %d lines, more than the %d it is allowed in %s: shrink it, do not raise the number", s.key, what, s.lines, max, allowPath))
		}
	}
	var stale []string
	for key := range allowed {
		if !seen[key] {
			stale = append(stale, key)
		}
	}
	sort.Strings(stale)
	for _, key := range stale {
		problems = append(problems, fmt.Sprintf("%s: within the limits now (or gone): delete its line from %s", key, allowPath))
	}
	sort.Strings(problems)
	return problems
}
