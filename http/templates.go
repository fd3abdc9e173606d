package http

import (
	"fmt"
	"html/template"
	"io/fs"
	"strings"
	"sync"
	"text/template/parse"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/i18n"
)

// fragmentsSet is the name of the set holding only layout and partials,
// used by Server.Fragment.
const fragmentsSet = ""

// templateSource is every template file parsed once, for all languages: a
// template's tree does not depend on the language, only the functions it
// calls do, and those are bound by the set that executes it.
type templateSource struct {
	// common is layout.html and the partials (_*.html) in one set, never
	// executed: the sets of the pages take copies of its trees.
	common *template.Template
	// pages holds each page's own trees ("content" and whatever else
	// it defines), by page name.
	pages map[string]map[string]*parse.Tree
	// calls holds, by page name, the templates of common the page's set
	// needs (calledBy), the same in every language.
	calls map[string][]string
}

var (
	sourceOnce sync.Once
	source     *templateSource
	sourceErr  error
)

// templateFiles parses templateFS once (with the English printer's
// functions, so that a template calling an unknown function fails here).
func templateFiles() (*templateSource, error) {
	sourceOnce.Do(func() {
		source, sourceErr = parseSource(templateFuncs(i18n.Default().Printer(i18n.Fallback), nil))
	})
	return source, sourceErr
}

func parseSource(funcs template.FuncMap) (*templateSource, error) {
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	common := []string{"templates/layout.html"}
	var pages []string
	for _, n := range names {
		base := strings.TrimPrefix(n, "templates/")
		switch {
		case base == "layout.html":
		case strings.HasPrefix(base, "_"):
			common = append(common, n)
		default:
			pages = append(pages, n)
		}
	}
	src := &templateSource{pages: map[string]map[string]*parse.Tree{}, calls: map[string][]string{}}
	if src.common, err = template.New("layout.html").Funcs(funcs).ParseFS(templateFS, common...); err != nil {
		return nil, err
	}
	for _, n := range pages {
		file := strings.TrimPrefix(n, "templates/")
		t, err := template.New(file).Funcs(funcs).ParseFS(templateFS, n)
		if err != nil {
			return nil, err
		}
		trees := map[string]*parse.Tree{}
		for _, d := range t.Templates() {
			if d.Name() != file && d.Tree != nil {
				trees[d.Name()] = d.Tree
			}
		}
		page := strings.TrimSuffix(file, ".html")
		src.pages[page], src.calls[page] = trees, src.calledBy(trees)
	}
	return src, nil
}

// parseTemplates builds the sets of printer p's language: one per page,
// holding the page's trees, the layout and only the partials these call
// (copies: html/template escapes a tree in place for its set), and the
// fragments set with every partial.
func parseTemplates(p *i18n.Printer, city func(int64) *wikicities.City) (map[string]*template.Template, error) {
	src, err := templateFiles()
	if err != nil {
		return nil, err
	}
	funcs := templateFuncs(p, city)
	set := map[string]*template.Template{}
	for page, own := range src.pages {
		t := template.New("layout.html").Funcs(funcs)
		for name, tree := range own {
			if _, err := t.AddParseTree(name, tree.Copy()); err != nil {
				return nil, fmt.Errorf("template %s: %w", page, err)
			}
		}
		for _, name := range src.calls[page] {
			if _, err := t.AddParseTree(name, src.common.Lookup(name).Tree.Copy()); err != nil {
				return nil, fmt.Errorf("template %s: %w", page, err)
			}
		}
		set[page] = t
	}
	frag, err := src.common.Clone()
	if err != nil {
		return nil, err
	}
	set[fragmentsSet] = frag.Funcs(funcs)
	return set, nil
}

// calledBy returns the templates of the common set that the layout and the
// trees own call, directly or through one another ("layout" included).
func (src *templateSource) calledBy(own map[string]*parse.Tree) []string {
	seen := map[string]bool{}
	var out []string
	var visit func(n parse.Node)
	call := func(name string) {
		if seen[name] || own[name] != nil {
			return
		}
		seen[name] = true
		if t := src.common.Lookup(name); t != nil && t.Tree != nil {
			out = append(out, name)
			visit(t.Tree.Root)
		}
	}
	visit = func(n parse.Node) {
		switch n := n.(type) {
		case *parse.ListNode:
			if n != nil {
				for _, c := range n.Nodes {
					visit(c)
				}
			}
		case *parse.IfNode:
			visit(n.List)
			visit(n.ElseList)
		case *parse.RangeNode:
			visit(n.List)
			visit(n.ElseList)
		case *parse.WithNode:
			visit(n.List)
			visit(n.ElseList)
		case *parse.TemplateNode:
			call(n.Name)
		}
	}
	call("layout")
	for _, t := range own {
		visit(t.Root)
	}
	return out
}
