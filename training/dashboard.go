// Package training reads the training library of the Programs & Events
// Dashboard (WikiEduDashboard's training_content/<set>/ directories:
// libraries/*.yml, modules/*.yml and slides/**/NNNN-slug.yml) and turns its
// modules into Knowledge Park resources, translations grouped as one
// resource. Broken files are rejected with their file and line.
package training

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Library is a libraries/*.yml file: categories listing modules.
type Library struct {
	Slug         string // file name without .yml
	File         string
	Name         string                 `yaml:"name"`
	ID           int                    `yaml:"id"`
	Introduction string                 `yaml:"introduction"`
	Categories   []Category             `yaml:"categories"`
	Translations map[string]LibraryText `yaml:"translations"`
}

// LibraryText is a translation of a library's texts.
type LibraryText struct {
	Name         string `yaml:"name"`
	Introduction string `yaml:"introduction"`
}

// Category groups modules of a library; its title may be empty.
type Category struct {
	Title       string      `yaml:"title"`
	Description string      `yaml:"description"`
	Modules     []ModuleRef `yaml:"modules"`
	line        int
}

// ModuleRef is a module as a library lists it.
type ModuleRef struct {
	Slug        string `yaml:"slug"`
	Name        string `yaml:"name"`
	Description string `yaml:"description"`
	line        int
}

// Module is a modules/*.yml file: an ordered list of slides.
type Module struct {
	Slug         string // file name without .yml
	File         string
	Name         string                `yaml:"name"`
	ID           int                   `yaml:"id"`
	Description  string                `yaml:"description"`
	EstimatedTTC string                `yaml:"estimated_ttc"` // "15 minutes"
	Slides       []SlideRef            `yaml:"slides"`
	Translations map[string]ModuleText `yaml:"translations"`
}

// ModuleText is a translation of a module's texts.
type ModuleText struct {
	Name        string `yaml:"name"`
	Description string `yaml:"description"`
}

// SlideRef is a slide as a module lists it.
type SlideRef struct {
	Slug string `yaml:"slug"`
	line int
}

// Slide is a slides/<dir>/NNNN-slug.yml file; NNNN must equal its id.
type Slide struct {
	Slug         string // file name without the id prefix and .yml
	File         string
	ID           int                  `yaml:"id"`
	Title        string               `yaml:"title"`
	Summary      string               `yaml:"summary"`
	Content      string               `yaml:"content"`
	Assessment   *Assessment          `yaml:"assessment"`
	Translations map[string]SlideText `yaml:"translations"`
}

// SlideText is a translation of a slide.
type SlideText struct {
	Title      string      `yaml:"title"`
	Content    string      `yaml:"content"`
	Assessment *Assessment `yaml:"assessment"`
}

// Assessment is the quiz of a slide.
type Assessment struct {
	Question        string   `yaml:"question"`
	CorrectAnswerID int      `yaml:"correct_answer_id"`
	Answers         []Answer `yaml:"answers"`
}

// Answer is one choice of a quiz.
type Answer struct {
	ID          int    `yaml:"id"`
	Text        string `yaml:"text"`
	Explanation string `yaml:"explanation"`
}

// Content is a whole training set.
type Content struct {
	Libraries []*Library
	Modules   map[string]*Module // by slug
	Slides    map[string]*Slide  // by slug
}

// FileError is a problem in one file, at a line when it is known.
type FileError struct {
	File string
	Line int
	Msg  string
}

func (e *FileError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("training: %s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("training: %s: %s", e.File, e.Msg)
}

var (
	yamlLine   = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)
	typeLine   = regexp.MustCompile(`^line (\d+): (.*)$`)
	slideName  = regexp.MustCompile(`^([0-9]+)-(.+)$`)
	validSlug  = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)
	errNotYAML = errors.New("not a YAML mapping")
)

// Load reads the training set rooted at fsys (a directory such as
// training_content/wiki_ed) and checks it as the Dashboard would: ids and
// names present, slide file names matching their ids, quizzes whose correct
// answer exists, and every module and slide that is listed present. Every
// problem found is returned, joined, each a *FileError.
func Load(fsys fs.FS) (*Content, error) {
	c := &Content{Modules: map[string]*Module{}, Slides: map[string]*Slide{}}
	// broken holds the slugs of files that failed, so that listing them
	// is not reported a second time as listing a missing file.
	broken := map[string]bool{}
	var errs []error
	fail := func(err error) { errs = append(errs, err) }
	libs, _ := fs.Glob(fsys, "libraries/*.yml")
	mods, _ := fs.Glob(fsys, "modules/*.yml")
	var slides []string
	_ = fs.WalkDir(fsys, "slides", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".yml") {
			slides = append(slides, p)
		}
		return nil
	})
	if len(libs)+len(mods)+len(slides) == 0 {
		return nil, &FileError{File: ".", Msg: "no libraries/*.yml, modules/*.yml or slides/**/*.yml: not a training_content set"}
	}
	sort.Strings(slides)
	for _, p := range slides {
		s, err := loadSlide(fsys, p)
		if err != nil {
			if m := slideName.FindStringSubmatch(strings.TrimSuffix(path.Base(p), ".yml")); m != nil {
				broken["slide:"+m[2]] = true
			}
			fail(err)
			continue
		}
		if prev := c.Slides[s.Slug]; prev != nil {
			fail(&FileError{File: p, Msg: fmt.Sprintf("slide slug %q is also used by %s", s.Slug, prev.File)})
			continue
		}
		c.Slides[s.Slug] = s
	}
	for _, p := range mods {
		m, err := loadModule(fsys, p)
		if err != nil {
			broken["module:"+strings.TrimSuffix(path.Base(p), ".yml")] = true
			fail(err)
			continue
		}
		for _, r := range m.Slides {
			if c.Slides[r.Slug] == nil && !broken["slide:"+r.Slug] {
				fail(&FileError{File: p, Line: r.line, Msg: fmt.Sprintf("slide %q is listed but no slides/**/NNNN-%s.yml exists", r.Slug, r.Slug)})
			}
		}
		c.Modules[m.Slug] = m
	}
	for _, p := range libs {
		l, err := loadLibrary(fsys, p)
		if err != nil {
			fail(err)
			continue
		}
		for _, cat := range l.Categories {
			for _, r := range cat.Modules {
				if c.Modules[r.Slug] == nil && !broken["module:"+r.Slug] {
					fail(&FileError{File: p, Line: r.line, Msg: fmt.Sprintf("module %q is listed but modules/%s.yml does not exist", r.Slug, r.Slug)})
				}
			}
		}
		c.Libraries = append(c.Libraries, l)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return c, nil
}

// parse reads file p into a mapping node and decodes it into v, turning the
// YAML library's errors into FileErrors with the line.
func parse(fsys fs.FS, p string, v any) (*yaml.Node, error) {
	data, err := fs.ReadFile(fsys, p)
	if err != nil {
		return nil, &FileError{File: p, Msg: err.Error()}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
			n, _ := strconv.Atoi(m[1])
			return nil, &FileError{File: p, Line: n, Msg: m[2]}
		}
		return nil, &FileError{File: p, Msg: err.Error()}
	}
	if len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		line := 0
		if len(doc.Content) > 0 {
			line = doc.Content[0].Line
		}
		return nil, &FileError{File: p, Line: line, Msg: errNotYAML.Error()}
	}
	root := doc.Content[0]
	if err := root.Decode(v); err != nil {
		var te *yaml.TypeError
		if errors.As(err, &te) && len(te.Errors) > 0 {
			if m := typeLine.FindStringSubmatch(te.Errors[0]); m != nil {
				n, _ := strconv.Atoi(m[1])
				return nil, &FileError{File: p, Line: n, Msg: m[2]}
			}
		}
		return nil, &FileError{File: p, Line: root.Line, Msg: err.Error()}
	}
	return root, nil
}

// key returns the value node of key in mapping n, or nil.
func key(n *yaml.Node, k string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == k {
			return n.Content[i+1]
		}
	}
	return nil
}

// lineOf is the line of key k in n, or of n itself when k is missing.
func lineOf(n *yaml.Node, k string) int {
	if n == nil {
		return 0
	}
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == k {
				return n.Content[i].Line
			}
		}
	}
	return n.Line
}

// item is the i-th element of sequence n, or nil.
func item(n *yaml.Node, i int) *yaml.Node {
	if n == nil || n.Kind != yaml.SequenceNode || i >= len(n.Content) {
		return nil
	}
	return n.Content[i]
}

func loadSlide(fsys fs.FS, p string) (*Slide, error) {
	base := strings.TrimSuffix(path.Base(p), ".yml")
	m := slideName.FindStringSubmatch(base)
	if m == nil {
		return nil, &FileError{File: p, Msg: "a slide file is named NNNN-slug.yml, NNNN being its id"}
	}
	s := &Slide{Slug: m[2], File: p}
	root, err := parse(fsys, p, s)
	if err != nil {
		return nil, err
	}
	if want, _ := strconv.Atoi(m[1]); s.ID != want {
		return nil, &FileError{File: p, Line: lineOf(root, "id"), Msg: fmt.Sprintf("id: %d does not match the file name's %d", s.ID, want)}
	}
	if strings.TrimSpace(s.Title) == "" {
		return nil, &FileError{File: p, Line: lineOf(root, "title"), Msg: "title: is missing or empty"}
	}
	if s.Assessment != nil {
		if err := checkQuiz(p, key(root, "assessment"), s.Assessment); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// checkQuiz checks that a quiz has a question, answers with distinct ids and
// a correct answer among them.
func checkQuiz(p string, n *yaml.Node, a *Assessment) error {
	if strings.TrimSpace(a.Question) == "" {
		return &FileError{File: p, Line: lineOf(n, "question"), Msg: "assessment.question: is missing or empty"}
	}
	if len(a.Answers) < 2 {
		return &FileError{File: p, Line: lineOf(n, "answers"), Msg: "assessment.answers: a quiz needs at least two answers"}
	}
	seen := map[int]bool{}
	for i, ans := range a.Answers {
		an := item(key(n, "answers"), i)
		if seen[ans.ID] {
			return &FileError{File: p, Line: lineOf(an, "id"), Msg: fmt.Sprintf("assessment.answers[%d].id: %d is used twice", i, ans.ID)}
		}
		seen[ans.ID] = true
		if strings.TrimSpace(ans.Text) == "" {
			return &FileError{File: p, Line: lineOf(an, "text"), Msg: fmt.Sprintf("assessment.answers[%d].text: is missing or empty", i)}
		}
	}
	if !seen[a.CorrectAnswerID] {
		return &FileError{File: p, Line: lineOf(n, "correct_answer_id"), Msg: fmt.Sprintf("assessment.correct_answer_id: %d is not the id of an answer", a.CorrectAnswerID)}
	}
	return nil
}

func loadModule(fsys fs.FS, p string) (*Module, error) {
	m := &Module{Slug: strings.TrimSuffix(path.Base(p), ".yml"), File: p}
	root, err := parse(fsys, p, m)
	if err != nil {
		return nil, err
	}
	if !validSlug.MatchString(m.Slug) {
		return nil, &FileError{File: p, Msg: fmt.Sprintf("%q is not a module slug (lower-case letters, digits, - and _)", m.Slug)}
	}
	if strings.TrimSpace(m.Name) == "" {
		return nil, &FileError{File: p, Line: lineOf(root, "name"), Msg: "name: is missing or empty"}
	}
	if m.ID <= 0 {
		return nil, &FileError{File: p, Line: lineOf(root, "id"), Msg: "id: must be a positive number"}
	}
	if len(m.Slides) == 0 {
		return nil, &FileError{File: p, Line: lineOf(root, "slides"), Msg: "slides: a module lists at least one slide"}
	}
	sn := key(root, "slides")
	for i := range m.Slides {
		m.Slides[i].line = item(sn, i).Line
		if m.Slides[i].Slug == "" {
			return nil, &FileError{File: p, Line: m.Slides[i].line, Msg: fmt.Sprintf("slides[%d].slug: is missing", i)}
		}
	}
	for lang, t := range m.Translations {
		if strings.TrimSpace(t.Name) == "" {
			return nil, &FileError{File: p, Line: lineOf(key(root, "translations"), lang), Msg: fmt.Sprintf("translations.%s.name: is missing or empty", lang)}
		}
	}
	return m, nil
}

func loadLibrary(fsys fs.FS, p string) (*Library, error) {
	l := &Library{Slug: strings.TrimSuffix(path.Base(p), ".yml"), File: p}
	root, err := parse(fsys, p, l)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(l.Name) == "" {
		return nil, &FileError{File: p, Line: lineOf(root, "name"), Msg: "name: is missing or empty"}
	}
	if len(l.Categories) == 0 {
		return nil, &FileError{File: p, Line: lineOf(root, "categories"), Msg: "categories: a library has at least one category"}
	}
	cn := key(root, "categories")
	for i := range l.Categories {
		cat := &l.Categories[i]
		c := item(cn, i)
		cat.line = c.Line
		mn := key(c, "modules")
		for j := range cat.Modules {
			cat.Modules[j].line = item(mn, j).Line
			if cat.Modules[j].Slug == "" {
				return nil, &FileError{File: p, Line: cat.Modules[j].line, Msg: fmt.Sprintf("categories[%d].modules[%d].slug: is missing", i, j)}
			}
		}
	}
	return l, nil
}
