package text

import (
	"reflect"
	"strconv"
	"strings"
)

// CleanAll cleans every string reachable from v (a pointer to a struct, a
// map, a slice, ...) in place, as Clean does. Fields are named by their
// JSON names, with their path ("agreement.goals[2]"), under prefix. A field
// tagged `text:"raw"` (a password: its bytes are what was hashed) is only
// checked, not changed. It returns the first *Error.
func CleanAll(prefix string, v any) error {
	return walk(prefix, reflect.ValueOf(v))
}

func walk(path string, v reflect.Value) error {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		if v.Kind() == reflect.Interface {
			// A value in an interface cannot be set in place: clean a copy.
			inner := v.Elem()
			if inner.Kind() == reflect.String {
				s, err := Clean(path, inner.String())
				if err != nil {
					return err
				}
				if v.CanSet() {
					v.Set(reflect.ValueOf(s))
				}
				return nil
			}
			return walk(path, inner)
		}
		return walk(path, v.Elem())
	case reflect.String:
		s, err := Clean(path, v.String())
		if err != nil {
			return err
		}
		if v.CanSet() && s != v.String() {
			v.SetString(s)
		}
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			name := f.Name
			if tag, _, _ := strings.Cut(f.Tag.Get("json"), ","); tag == "-" {
				continue
			} else if tag != "" {
				name = tag
			}
			p := name
			if f.Anonymous {
				p = path
			} else if path != "" {
				p = path + "." + name
			}
			if f.Tag.Get("text") == "raw" && f.Type.Kind() == reflect.String {
				if err := Check(p, v.Field(i).String()); err != nil {
					return err
				}
				continue
			}
			if err := walk(p, v.Field(i)); err != nil {
				return err
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			if err := walk(path+"["+strconv.Itoa(i)+"]", v.Index(i)); err != nil {
				return err
			}
		}
	case reflect.Map:
		iter := v.MapRange()
		var updates [][2]reflect.Value
		for iter.Next() {
			k, val := iter.Key(), iter.Value()
			p := path + "." + k.String()
			if k.Kind() == reflect.String {
				if err := Check(p, k.String()); err != nil {
					return err
				}
			}
			if val.Kind() == reflect.String || (val.Kind() == reflect.Interface && !val.IsNil() && val.Elem().Kind() == reflect.String) {
				s := val.String()
				if val.Kind() == reflect.Interface {
					s = val.Elem().String()
				}
				c, err := Clean(p, s)
				if err != nil {
					return err
				}
				if c != s {
					updates = append(updates, [2]reflect.Value{k, reflect.ValueOf(c).Convert(v.Type().Elem())})
				}
				continue
			}
			// Composite values in a map are not addressable: clean a copy.
			cp := reflect.New(val.Type()).Elem()
			cp.Set(val)
			if err := walk(p, cp); err != nil {
				return err
			}
			updates = append(updates, [2]reflect.Value{k, cp})
		}
		for _, u := range updates {
			v.SetMapIndex(u[0], u[1])
		}
	}
	return nil
}
