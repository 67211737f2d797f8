package licenses

import (
	"regexp"
	"sync"
)

// lazyRE is a regexp compiled on first use. The clause rules are package
// variables, and compiling their programs (the whole pattern and each
// top-level alternative) took about 40 ms of every process's start-up, in
// every scan, while an offline scan that reads no license text never runs
// one. The pattern is parsed when the rule is made (mustNeed, with the
// flags regexp.Compile uses), so a bad pattern still panics at start-up.
// Safe for concurrent use, like *regexp.Regexp.
type lazyRE struct {
	pattern string
	once    sync.Once
	re      *regexp.Regexp
}

func newLazyRE(pattern string) *lazyRE { return &lazyRE{pattern: pattern} }

func (l *lazyRE) get() *regexp.Regexp {
	l.once.Do(func() { l.re = regexp.MustCompile(l.pattern) })
	return l.re
}

func (l *lazyRE) MatchString(s string) bool      { return l.get().MatchString(s) }
func (l *lazyRE) FindStringIndex(s string) []int { return l.get().FindStringIndex(s) }
func (l *lazyRE) SubexpNames() []string          { return l.get().SubexpNames() }
func (l *lazyRE) FindStringSubmatchIndex(s string) []int {
	return l.get().FindStringSubmatchIndex(s)
}
func (l *lazyRE) FindAllStringIndex(s string, n int) [][]int {
	return l.get().FindAllStringIndex(s, n)
}
func (l *lazyRE) FindAllStringSubmatchIndex(s string, n int) [][]int {
	return l.get().FindAllStringSubmatchIndex(s, n)
}
func (l *lazyRE) ReplaceAllStringFunc(s string, f func(string) string) string {
	return l.get().ReplaceAllStringFunc(s, f)
}
