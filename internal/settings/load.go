package settings

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/spf13/pflag"
)

// Layer is one config file's content.
type Layer struct {
	Kind Kind   // FromTree or FromConfigFile
	Name string // the file as error messages and `aibom config` show it
	Data []byte
}

// Input is everything a Load layers, lowest precedence first: the
// defaults, Layers in order, the environment, then the flags.
type Input struct {
	Scope  Scope
	Layers []Layer
	Getenv func(string) string // nil: no environment
	Flags  *pflag.FlagSet      // nil: no flags
}

// Sources maps each key to where its effective value came from.
type Sources map[string]Source

// maxErrors bounds the problems reported at once; past that they are
// usually one systematic mistake.
const maxErrors = 10

// Load fills dst from in and says where each value came from. Every bad
// value is an error, even one a higher layer overrides: a typo is never
// silently ignored. Each error is one line naming its source.
func (t Table[T]) Load(dst *T, in Input) (Sources, error) {
	src := Sources{}
	rows := t.In(in.Scope)
	for i := range rows {
		s := &rows[i]
		assign(s, dst, cloneDefault(s.Default))
		src[s.Key] = Source{Kind: FromDefault}
	}
	var errs []error
	for _, l := range in.Layers {
		errs = append(errs, t.decodeLayer(l, in.Scope, func(s *Setting[T], v any, at Source) {
			assign(s, dst, v)
			src[s.Key] = at
		})...)
	}
	if in.Getenv != nil {
		for i := range rows {
			s := &rows[i]
			if s.Env == "" {
				continue
			}
			raw := in.Getenv(s.Env)
			if raw == "" {
				continue
			}
			at := Source{Kind: FromEnv, Name: s.Env}
			k, _ := kindOf(s)
			v, err := parseText(s, splitList(raw, k == kStrings))
			if err == nil {
				err = check(s, v, at)
			}
			if err != nil {
				errs = append(errs, textError(at, s, raw, err))
				continue
			}
			assign(s, dst, v)
			src[s.Key] = at
		}
	}
	if in.Flags != nil {
		for i := range rows {
			s := &rows[i]
			if s.Flag == "" {
				continue
			}
			f := in.Flags.Lookup(s.Flag)
			if f == nil || !f.Changed {
				continue
			}
			fv, ok := f.Value.(*flagValue)
			if !ok {
				continue
			}
			at := Source{Kind: FromFlag, Name: "--" + s.Flag}
			var raws []string
			for _, r := range fv.vals {
				raws = append(raws, splitList(r, s.Comma)...)
			}
			if s.Comma && len(raws) == 0 {
				// --region "" would clear the list the files set, and
				// looks like a value: say so rather than guess.
				errs = append(errs, fmt.Errorf("%s: %s: an empty value (give at least one, e.g. %s)", at, s.Key, "--"+s.Flag+" VALUE"))
				continue
			}
			v, err := parseText(s, raws)
			if err == nil {
				err = check(s, v, at)
			}
			if err != nil {
				errs = append(errs, textError(at, s, strings.Join(fv.vals, ","), err))
				continue
			}
			assign(s, dst, v)
			src[s.Key] = at
		}
	}
	if len(errs) > maxErrors {
		errs = append(errs[:maxErrors:maxErrors], fmt.Errorf("and %d more problems", len(errs)-maxErrors))
	}
	return src, errors.Join(errs...)
}

func cloneDefault(v any) any {
	if l, ok := v.([]string); ok {
		return slices.Clone(l)
	}
	return v
}

// splitList splits a comma-separated list when allowed.
func splitList(raw string, comma bool) []string {
	if !comma {
		return []string{raw}
	}
	var out []string
	for _, p := range strings.Split(raw, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func check[T any](s *Setting[T], v any, at Source) error {
	if s.Check == nil {
		return nil
	}
	return s.Check(v, at)
}

// parseText turns flag or environment text into a value of the setting's
// kind. A list takes every text; a scalar the last; a count adds up its
// repetitions.
func parseText[T any](s *Setting[T], raws []string) (any, error) {
	k, _ := kindOf(s)
	if k == kStrings {
		return raws, nil
	}
	if s.Count {
		n := 0
		for _, r := range raws {
			if r == "+1" {
				n++
				continue
			}
			m, err := strconv.Atoi(r)
			if err != nil || m < 0 {
				return nil, ErrExpected
			}
			n = m
		}
		return n, nil
	}
	if len(raws) == 0 {
		return nil, ErrExpected
	}
	r := raws[len(raws)-1]
	switch k {
	case kString:
		return r, nil
	case kBool, kOptBool:
		b, err := strconv.ParseBool(strings.TrimSpace(r))
		if err != nil {
			return nil, ErrExpected
		}
		return b, nil
	case kInt:
		n, err := strconv.Atoi(strings.TrimSpace(r))
		if err != nil {
			return nil, ErrExpected
		}
		return n, nil
	case kInt64:
		n, err := strconv.ParseInt(strings.TrimSpace(r), 10, 64)
		if err != nil {
			return nil, ErrExpected
		}
		return n, nil
	case kDuration:
		d, err := time.ParseDuration(strings.TrimSpace(r))
		if err != nil {
			return nil, ErrExpected
		}
		return d, nil
	}
	return nil, fmt.Errorf("cannot be set from text")
}

// textError is the one-line error for a flag or variable value.
func textError[T any](at Source, s *Setting[T], raw string, err error) error {
	return fmt.Errorf("%s: %s: %s: %s", at, s.Key, quote(raw), explain(s, err))
}

func explain[T any](s *Setting[T], err error) string {
	if errors.Is(err, ErrExpected) {
		return "expected " + want(s)
	}
	return err.Error()
}

// quote shows a value in an error: quoted (control characters escaped) and
// cut short, so that a message stays one readable line.
func quote(s string) string {
	const max = 60
	if utf8.RuneCountInString(s) > max {
		s = string([]rune(s)[:max]) + "…"
	}
	return strconv.Quote(s)
}

// flagValue records a flag's raw values; Load parses them, so flag errors
// read like every other error and name the setting.
type flagValue struct {
	typ  string
	def  string
	vals []string
}

func (f *flagValue) String() string {
	if len(f.vals) == 0 {
		return f.def
	}
	return strings.Join(f.vals, ",")
}

func (f *flagValue) Set(s string) error {
	f.vals = append(f.vals, s)
	return nil
}

func (f *flagValue) Type() string { return f.typ }

// AddFlags declares the flags of the settings in scope on fs; a flag
// already declared (a command's own) is left alone.
func (t Table[T]) AddFlags(fs *pflag.FlagSet, scope Scope) {
	for i := range t {
		s := &t[i]
		if s.Scope&scope == 0 || s.Flag == "" || fs.Lookup(s.Flag) != nil {
			continue
		}
		k, _ := kindOf(s)
		fv := &flagValue{def: defaultText(s)}
		switch {
		case s.Count:
			fv.typ = "count"
		case k == kBool || k == kOptBool:
			fv.typ = "bool"
		case k == kInt || k == kInt64:
			fv.typ = "int"
		case k == kDuration:
			fv.typ = "duration"
		case k == kStrings:
			fv.typ = "stringArray"
		default:
			fv.typ = "string"
		}
		f := fs.VarPF(fv, s.Flag, s.Short, s.Help)
		switch fv.typ {
		case "bool":
			f.NoOptDefVal = "true"
		case "count":
			f.NoOptDefVal = "+1"
		}
	}
}

// defaultText is a default as help and the settings table show it.
func defaultText[T any](s *Setting[T]) string {
	if s.Default == nil {
		return ""
	}
	switch d := s.Default.(type) {
	case []string:
		return "[" + strings.Join(d, ",") + "]"
	case time.Duration:
		return d.String()
	}
	v := reflect.ValueOf(s.Default)
	return fmt.Sprint(v.Interface())
}
