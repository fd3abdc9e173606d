// Package i18n translates WikiCities' user interface. Messages live in
// translatewiki.net's JSON format, one file per language (en.json, de.json,
// ..., and qqq.json documenting every key), embedded in the binary. A
// Printer formats the messages of one language: parameters ($1, $2, ...),
// {{PLURAL:$1|one|other}} with the language's CLDR plural rules, localised
// numbers, and the writing direction. A key missing from a language falls
// back to English, then to the key itself in angle brackets.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/text/language"
)

//go:embed *.json
var files embed.FS

// Fallback is the language every message exists in, and the last resort of
// negotiation.
const Fallback = "en"

// DocLanguage is translatewiki.net's pseudo-language code for the
// documentation of each message.
const DocLanguage = "qqq"

// Catalog holds the messages of every language.
type Catalog struct {
	msgs     map[string]map[string]string // lang -> key -> message
	langs    []string                     // served languages, Fallback first, then sorted
	tags     []language.Tag               // same order as langs
	matcher  language.Matcher
	mu       sync.Mutex
	printers map[string]*Printer
	// accepted memoises Match's reading of Accept-Language headers (a
	// few distinct values make most requests), at most maxAccepted of them.
	accepted  sync.Map // header -> language
	acceptedN atomic.Int64
}

// maxAccepted bounds the Accept-Language values remembered: any client can
// send new ones.
const maxAccepted = 1024

var (
	defaultOnce    sync.Once
	defaultCatalog *Catalog
	defaultErr     error
)

// Default returns the catalog of the embedded message files. It panics if a
// file is malformed, which the package's tests rule out.
func Default() *Catalog {
	defaultOnce.Do(func() { defaultCatalog, defaultErr = Load(files) })
	if defaultErr != nil {
		panic(defaultErr)
	}
	return defaultCatalog
}

// Load reads every *.json message file at the root of fsys. Returns an error
// naming the file when one is not valid translatewiki JSON (an object of
// string messages with an optional "@metadata" object), or when English is
// missing.
func Load(fsys fs.FS) (*Catalog, error) {
	names, err := fs.Glob(fsys, "*.json")
	if err != nil {
		return nil, err
	}
	c := &Catalog{msgs: map[string]map[string]string{}, printers: map[string]*Printer{}}
	for _, n := range names {
		lang := strings.TrimSuffix(n, ".json")
		b, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, err
		}
		m, err := parseFile(b)
		if err != nil {
			return nil, fmt.Errorf("i18n: %s: %w", n, err)
		}
		if lang == DocLanguage {
			continue
		}
		if _, err := language.Parse(lang); err != nil {
			return nil, fmt.Errorf("i18n: %s: %q is not a language code: %v", n, lang, err)
		}
		c.msgs[lang] = m
	}
	if c.msgs[Fallback] == nil {
		return nil, fmt.Errorf("i18n: %s.json is missing", Fallback)
	}
	for l := range c.msgs {
		if l != Fallback {
			c.langs = append(c.langs, l)
		}
	}
	sort.Strings(c.langs)
	c.langs = append([]string{Fallback}, c.langs...)
	for _, l := range c.langs {
		c.tags = append(c.tags, language.MustParse(l))
	}
	c.matcher = language.NewMatcher(c.tags)
	return c, nil
}

// parseFile decodes one translatewiki.net JSON file.
func parseFile(b []byte) (map[string]string, error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, err
	}
	m := make(map[string]string, len(raw))
	for k, v := range raw {
		if k == "@metadata" {
			continue
		}
		var s string
		if err := json.Unmarshal(v, &s); err != nil {
			return nil, fmt.Errorf("key %q: the message is not a string", k)
		}
		m[k] = s
	}
	return m, nil
}

// Languages returns the codes of the languages served, English first.
func (c *Catalog) Languages() []string { return slices.Clone(c.langs) }

// Has reports whether lang is a served language.
func (c *Catalog) Has(lang string) bool { _, ok := c.msgs[lang]; return ok }

// Keys returns the keys of lang's messages, sorted.
func (c *Catalog) Keys(lang string) []string {
	keys := make([]string, 0, len(c.msgs[lang]))
	for k := range c.msgs[lang] {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Printer returns the printer of lang; an unserved language gets English.
func (c *Catalog) Printer(lang string) *Printer {
	if !c.Has(lang) {
		lang = Fallback
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if p := c.printers[lang]; p != nil {
		return p
	}
	p := newPrinter(c, lang)
	c.printers[lang] = p
	return p
}

// Match returns the served language that best fits the candidates, tried in
// order: each is a language code (a ?uselang= value, an account's choice, a
// cookie) and empty ones are skipped; a candidate counts when it names a
// served language, or a regional variant of one ("de-CH" for "de"). When none does, the
// Accept-Language header decides, and English is the last resort.
func (c *Catalog) Match(acceptLanguage string, candidates ...string) string {
	for _, cand := range candidates {
		if cand == "" {
			continue
		}
		if c.Has(cand) {
			return cand
		}
		if t, err := language.Parse(cand); err == nil {
			if c.Has(t.String()) {
				return t.String()
			}
			// A regional variant of a served language ("de-CH").
			if b, conf := t.Base(); conf == language.Exact && c.Has(b.String()) {
				return b.String()
			}
		}
	}
	if acceptLanguage == "" {
		return Fallback
	}
	if lang, ok := c.accepted.Load(acceptLanguage); ok {
		return lang.(string)
	}
	lang := c.matchAccept(acceptLanguage)
	if c.acceptedN.Add(1) <= maxAccepted {
		c.accepted.Store(acceptLanguage, lang)
	}
	return lang
}

// matchAccept returns the served language that best fits an Accept-Language
// header, or English.
func (c *Catalog) matchAccept(acceptLanguage string) string {
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(tags) == 0 {
		return Fallback
	}
	_, i, conf := c.matcher.Match(tags...)
	if conf == language.No {
		return Fallback
	}
	return c.langs[i]
}

// rtlLanguages are the base languages written right to left.
var rtlLanguages = map[string]bool{
	"ar": true, "arc": true, "arz": true, "azb": true, "ckb": true, "dv": true, "fa": true,
	"glk": true, "he": true, "khw": true, "ks": true, "lrc": true, "mzn": true, "pnb": true,
	"ps": true, "sd": true, "ug": true, "ur": true, "yi": true,
}

// Dir returns the writing direction of lang: "rtl" or "ltr".
func Dir(lang string) string {
	base, _, _ := strings.Cut(strings.ToLower(lang), "-")
	if rtlLanguages[base] {
		return "rtl"
	}
	return "ltr"
}
