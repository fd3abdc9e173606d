package i18n

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
)

// validKey is the shape of a message key: lower case words joined by
// hyphens, as in MediaWiki ("wikicities-city-twins").
var validKey = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)

// AddMessage adds key to the English file (with msg) and to the
// documentation file qqq.json (with doc) in dir, keeping each file's order
// and "@metadata" block. Returns an error if the key is malformed, if msg or
// doc is empty, or if the key exists already in either file.
func AddMessage(dir, key, msg, doc string) error {
	if !validKey.MatchString(key) {
		return fmt.Errorf("i18n: key %q: use lower-case words joined by hyphens, like city-twins-heading", key)
	}
	if msg == "" || doc == "" {
		return fmt.Errorf("i18n: key %q: both the English message and its documentation are needed", key)
	}
	en, err := readOrdered(filepath.Join(dir, Fallback+".json"))
	if err != nil {
		return err
	}
	qqq, err := readOrdered(filepath.Join(dir, DocLanguage+".json"))
	if err != nil {
		return err
	}
	for _, f := range []*orderedFile{en, qqq} {
		if f.has(key) {
			return fmt.Errorf("i18n: %s: key %q exists already", f.path, key)
		}
	}
	en.add(key, msg)
	qqq.add(key, doc)
	if err := en.write(); err != nil {
		return err
	}
	return qqq.write()
}

// orderedFile is a translatewiki JSON file with its keys in file order.
type orderedFile struct {
	path   string
	keys   []string
	values map[string]json.RawMessage
}

func readOrdered(path string) (*orderedFile, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("i18n: %w", err)
	}
	f := &orderedFile{path: path, values: map[string]json.RawMessage{}}
	dec := json.NewDecoder(bytes.NewReader(b))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, fmt.Errorf("i18n: %s: not a JSON object", path)
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("i18n: %s: offset %d: %v", path, dec.InputOffset(), err)
		}
		k := t.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, fmt.Errorf("i18n: %s: key %q: %v", path, k, err)
		}
		if !f.has(k) {
			f.keys = append(f.keys, k)
		}
		f.values[k] = v
	}
	return f, nil
}

func (f *orderedFile) has(k string) bool { _, ok := f.values[k]; return ok }

func (f *orderedFile) add(k, v string) {
	b, _ := marshalNoEscape(v)
	f.keys = append(f.keys, k)
	f.values[k] = b
}

// write writes the file as translatewiki.net does: tab-indented, keys in
// order, non-ASCII kept as is.
func (f *orderedFile) write() error {
	var buf bytes.Buffer
	buf.WriteString("{\n")
	for i, k := range f.keys {
		kb, _ := marshalNoEscape(k)
		var v bytes.Buffer
		if err := json.Indent(&v, f.values[k], "\t", "\t"); err != nil {
			return fmt.Errorf("i18n: %s: key %q: %v", f.path, k, err)
		}
		fmt.Fprintf(&buf, "\t%s: %s", kb, v.Bytes())
		if i < len(f.keys)-1 {
			buf.WriteByte(',')
		}
		buf.WriteByte('\n')
	}
	buf.WriteString("}\n")
	tmp := f.path + ".tmp"
	if err := os.WriteFile(tmp, buf.Bytes(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, f.path)
}

func marshalNoEscape(s string) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}
