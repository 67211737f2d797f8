// Package settings declares each of aibom's settings once — its key, type,
// default, flag, environment variable, help text and who may set it — and
// generates from that declaration everything that reads settings: the
// flags, the AIBOM_* environment binding, the strict decoder of config
// files with its one-line errors, and the listing of effective values with
// where each came from (`aibom config`).
//
// Values are layered: defaults < the scanned tree's .aibom.yaml < a
// --config FILE < AIBOM_* variables < flags. The tree is untrusted (it is
// the pull request under review), so each setting says whether the tree may
// set it; a key the tree may not set is refused with the way to pass it
// instead.
package settings

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"
)

// Kind is the kind of place a value came from, lowest precedence first.
type Kind uint8

const (
	FromDefault    Kind = iota
	FromTree            // the scanned tree's own .aibom.yaml (untrusted)
	FromConfigFile      // a config file named with --config (trusted)
	FromEnv             // an AIBOM_* environment variable
	FromFlag            // a command-line flag
)

// Source is where one value came from.
type Source struct {
	Kind         Kind
	Name         string // the file as shown to the user, the variable, or the flag with its dashes
	Line, Column int    // in a file
}

// String names the source as error messages do: PATH:LINE:COLUMN,
// "environment AIBOM_X", "flag --x" or "default".
func (s Source) String() string {
	switch s.Kind {
	case FromTree, FromConfigFile:
		if s.Line > 0 {
			return fmt.Sprintf("%s:%d:%d", s.Name, s.Line, s.Column)
		}
		return s.Name
	case FromEnv:
		return "environment " + s.Name
	case FromFlag:
		return "flag " + s.Name
	}
	return "default"
}

// Describe names the source as `aibom config` prints it: "default",
// "file PATH:LINE", "env AIBOM_X" or "flag --x".
func (s Source) Describe() string {
	switch s.Kind {
	case FromTree, FromConfigFile:
		if s.Line > 0 {
			return fmt.Sprintf("file %s:%d", s.Name, s.Line)
		}
		return "file " + s.Name
	case FromEnv:
		return "env " + s.Name
	case FromFlag:
		return "flag " + s.Name
	}
	return "default"
}

// Who says which sources may set a setting. Flags and the environment may
// always set it (they are the person or workflow running aibom).
type Who uint8

const (
	// CommandLine settings come from flags and the environment only.
	CommandLine Who = iota
	// Trusted settings may also come from a --config FILE.
	Trusted
	// Tree settings may also come from the scanned tree's .aibom.yaml: what
	// a project legitimately says about itself.
	Tree
	// TreeOnly settings come only from the scanned tree's .aibom.yaml (the
	// models manifest, which discovery reads from the tree).
	TreeOnly
)

func (w Who) allows(k Kind) bool {
	switch k {
	case FromTree:
		return w == Tree || w == TreeOnly
	case FromConfigFile:
		return w == Trusted || w == Tree
	case FromEnv, FromFlag:
		return w != TreeOnly
	}
	return true
}

// String is the "who may set it" column of the settings table.
func (w Who) String() string {
	switch w {
	case CommandLine:
		return "command line"
	case Trusted:
		return "trusted"
	case Tree:
		return "tree"
	}
	return "tree only"
}

// Scope is a set of commands a setting applies to; the caller names the
// bits.
type Scope uint16

// Setting declares one setting. T is the struct the values are stored in.
type Setting[T any] struct {
	Key     string // config-file key; a dotted key lives under a mapping ("context.commercial")
	Flag    string // long flag name without dashes ("" = no flag)
	Short   string // one-letter shorthand
	Env     string // environment variable ("" = none)
	Default any    // of the field's type; nil for its zero value
	Help    string
	// Want says what a value must be, for error messages; derived from the
	// type when empty.
	Want  string
	Who   Who
	Scope Scope
	// Field returns a pointer to the value in T; its type is the setting's
	// type: string, bool, *bool (unset, true or false), int, int64,
	// time.Duration, []string, or a slice of structs (config files only).
	Field func(*T) any
	// Check validates a value from src (optional). Wrap ErrExpected to
	// have the message say what was expected (Want).
	Check func(v any, src Source) error
	// Decode replaces the generic YAML decoding (optional, files only). Its
	// errors must already name their file and position.
	Decode DecodeFunc
	// Comma lets one flag value list several, comma-separated.
	Comma bool
	// Count makes a flag that counts its repetitions (-vv); the type is int.
	Count bool
}

// ErrExpected marks a Check error whose message is the declared Want.
var ErrExpected = errors.New("unexpected value")

// Table is every setting of a program.
type Table[T any] []Setting[T]

// kind of a setting's value, from its field's type.
type valueKind uint8

const (
	kString valueKind = iota + 1
	kBool
	kOptBool
	kInt
	kInt64
	kDuration
	kStrings
	kStructs // a slice of structs, file only
	kCustom  // decoded by Setting.Decode, file only
)

var durationType = reflect.TypeFor[time.Duration]()

func kindOf[T any](s *Setting[T]) (valueKind, reflect.Type) {
	var zero T
	t := reflect.TypeOf(s.Field(&zero)).Elem()
	switch {
	case s.Decode != nil:
		return kCustom, t
	case t == durationType:
		return kDuration, t
	case t.Kind() == reflect.String:
		return kString, t
	case t.Kind() == reflect.Bool:
		return kBool, t
	case t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Bool:
		return kOptBool, t
	case t.Kind() == reflect.Int:
		return kInt, t
	case t.Kind() == reflect.Int64:
		return kInt64, t
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.String:
		return kStrings, t
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Struct:
		return kStructs, t
	}
	return 0, t
}

// want is what error messages say a value must be.
func want[T any](s *Setting[T]) string {
	if s.Want != "" {
		return s.Want
	}
	k, _ := kindOf(s)
	switch k {
	case kBool, kOptBool:
		return "true or false"
	case kInt, kInt64:
		return "a whole number"
	case kDuration:
		return "a duration such as 90s or 5m"
	case kStrings:
		return "a list of strings"
	case kStructs:
		return "a list of mappings"
	}
	return "a string"
}

// TypeName is the type column of the settings table.
func (s *Setting[T]) TypeName() string {
	k, t := kindOf(s)
	switch k {
	case kString:
		return "string"
	case kBool, kOptBool:
		return "bool"
	case kInt, kInt64:
		if s.Count {
			return "count"
		}
		return "int"
	case kDuration:
		return "duration"
	case kStrings:
		return "list"
	case kStructs:
		return "list of " + t.Elem().Name()
	}
	return "list"
}

// Validate checks the table itself: unique keys, flags and variables, a
// supported type and a default of that type on every row, and no flag or
// variable on a setting that only a file can hold. A test runs it.
func (t Table[T]) Validate() error {
	var errs []error
	seen := map[string]string{}
	claim := func(what, name, key string) {
		if name == "" {
			return
		}
		if other, dup := seen[what+name]; dup {
			errs = append(errs, fmt.Errorf("%s %q of %s is also %s's", what, name, key, other))
		}
		seen[what+name] = key
	}
	for i := range t {
		s := &t[i]
		claim("key", s.Key, s.Key)
		claim("flag", s.Flag, s.Key)
		claim("shorthand", s.Short, s.Key)
		claim("variable", s.Env, s.Key)
		k, typ := kindOf(s)
		if k == 0 {
			errs = append(errs, fmt.Errorf("%s: unsupported type %s", s.Key, typ))
			continue
		}
		if s.Default != nil && !reflect.TypeOf(s.Default).AssignableTo(typ) && !(k == kOptBool && reflect.TypeOf(s.Default).Kind() == reflect.Bool) {
			errs = append(errs, fmt.Errorf("%s: default %v is a %T, not a %s", s.Key, s.Default, s.Default, typ))
		}
		if (k == kStructs || k == kCustom) && (s.Flag != "" || s.Env != "") {
			errs = append(errs, fmt.Errorf("%s: a %s cannot come from a flag or variable", s.Key, typ))
		}
		if s.Who == TreeOnly && (s.Flag != "" || s.Env != "") {
			errs = append(errs, fmt.Errorf("%s: a tree-only setting has no flag or variable", s.Key))
		}
		if s.Count && k != kInt {
			errs = append(errs, fmt.Errorf("%s: a counting flag needs an int", s.Key))
		}
		if s.Help == "" {
			errs = append(errs, fmt.Errorf("%s: no help text", s.Key))
		}
		if s.Env != "" && s.Env != "AIBOM_"+strings.ToUpper(strings.ReplaceAll(s.Key, ".", "_")) {
			errs = append(errs, fmt.Errorf("%s: variable %s is not AIBOM_ and the key in capitals", s.Key, s.Env))
		}
	}
	return errors.Join(errs...)
}

// Lookup returns the setting with the key.
func (t Table[T]) Lookup(key string) *Setting[T] {
	for i := range t {
		if t[i].Key == key {
			return &t[i]
		}
	}
	return nil
}

// In returns the settings that apply to a command scope.
func (t Table[T]) In(scope Scope) Table[T] {
	var out Table[T]
	for _, s := range t {
		if s.Scope&scope != 0 {
			out = append(out, s)
		}
	}
	return out
}

// keys returns the table's keys, sorted.
func (t Table[T]) keys() []string {
	var ks []string
	for _, s := range t {
		ks = append(ks, s.Key)
	}
	slices.Sort(ks)
	return ks
}

// howToSet says how to pass a setting a file may not hold.
func (s *Setting[T]) howToSet(trustedFile bool) string {
	var ways []string
	if s.Flag != "" {
		f := "--" + s.Flag
		if s.Short != "" {
			f = "-" + s.Short + "/" + f
		}
		ways = append(ways, f)
	}
	if s.Env != "" {
		ways = append(ways, s.Env)
	}
	if trustedFile && s.Who == Trusted {
		ways = append(ways, "a --config FILE")
	}
	if len(ways) == 0 {
		return ""
	}
	if len(ways) == 1 {
		return "; set it with " + ways[0]
	}
	return "; set it with " + strings.Join(ways[:len(ways)-1], ", ") + " or " + ways[len(ways)-1]
}

// assign stores v (already of the setting's kind) into dst.
func assign[T any](s *Setting[T], dst *T, v any) {
	p := reflect.ValueOf(s.Field(dst)).Elem()
	if v == nil {
		p.Set(reflect.Zero(p.Type()))
		return
	}
	rv := reflect.ValueOf(v)
	if p.Kind() == reflect.Pointer && rv.Kind() != reflect.Pointer {
		ptr := reflect.New(p.Type().Elem())
		ptr.Elem().Set(rv.Convert(p.Type().Elem()))
		p.Set(ptr)
		return
	}
	p.Set(rv.Convert(p.Type()))
}

// value reads the setting's current value from v.
func value[T any](s *Setting[T], v *T) any {
	return reflect.ValueOf(s.Field(v)).Elem().Interface()
}
