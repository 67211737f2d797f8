package settings

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spf13/pflag"
)

// cfg and table are a small program's settings, one of each kind.
type cfg struct {
	Name      string
	On        bool
	Maybe     *bool
	N         int
	Size      int64
	Wait      time.Duration
	List      []string
	Deep      string
	Items     []item
	LocalOnly string
	Verbose   int
}

type item struct {
	License string `yaml:"license"`
	Date    string `yaml:"date"`
}

const scopeA Scope = 1

var table = Table[cfg]{
	{Key: "name", Flag: "name", Short: "n", Env: "AIBOM_NAME", Who: Trusted, Scope: scopeA, Default: "x", Help: "a name",
		Check: func(v any, _ Source) error {
			if v.(string) == "bad" {
				return ErrExpected
			}
			return nil
		}, Want: "not bad",
		Field: func(c *cfg) any { return &c.Name }},
	{Key: "on", Flag: "on", Env: "AIBOM_ON", Who: Tree, Scope: scopeA, Default: true, Help: "on",
		Field: func(c *cfg) any { return &c.On }},
	{Key: "maybe", Flag: "maybe", Env: "AIBOM_MAYBE", Who: Tree, Scope: scopeA, Help: "unset, true or false",
		Field: func(c *cfg) any { return &c.Maybe }},
	{Key: "n", Flag: "n-flag", Env: "AIBOM_N", Who: Trusted, Scope: scopeA, Default: 8, Help: "n",
		Field: func(c *cfg) any { return &c.N }},
	{Key: "size", Flag: "size", Env: "AIBOM_SIZE", Who: Trusted, Scope: scopeA, Default: int64(5), Help: "size",
		Field: func(c *cfg) any { return &c.Size }},
	{Key: "wait", Flag: "wait", Env: "AIBOM_WAIT", Who: Trusted, Scope: scopeA, Default: time.Minute, Help: "wait",
		Field: func(c *cfg) any { return &c.Wait }},
	{Key: "list", Flag: "list", Env: "AIBOM_LIST", Who: Tree, Scope: scopeA, Help: "list", Comma: true,
		Field: func(c *cfg) any { return &c.List }},
	{Key: "sec.deep", Flag: "deep", Env: "AIBOM_SEC_DEEP", Who: Tree, Scope: scopeA, Help: "nested",
		Field: func(c *cfg) any { return &c.Deep }},
	{Key: "sec.items", Who: Tree, Scope: scopeA, Help: "structs",
		Field: func(c *cfg) any { return &c.Items }},
	{Key: "local", Flag: "local", Env: "AIBOM_LOCAL", Who: CommandLine, Scope: scopeA, Help: "command line only",
		Field: func(c *cfg) any { return &c.LocalOnly }},
	{Key: "verbose", Flag: "verbose", Short: "v", Env: "AIBOM_VERBOSE", Who: CommandLine, Scope: scopeA, Count: true, Help: "more",
		Field: func(c *cfg) any { return &c.Verbose }},
	{Key: "other", Flag: "other", Env: "AIBOM_OTHER", Who: Trusted, Scope: 2, Help: "another command's",
		Field: func(c *cfg) any { return &c.LocalOnly }},
}

func TestTableValid(t *testing.T) {
	if err := table.Validate(); err != nil {
		t.Fatal(err)
	}
	bad := Table[cfg]{
		{Key: "a", Flag: "a", Env: "AIBOM_A", Help: "x", Default: 3, Field: func(c *cfg) any { return &c.Name }},
		{Key: "b", Flag: "a", Env: "AIBOM_B", Help: "x", Field: func(c *cfg) any { return &c.Name }},
		{Key: "c", Env: "OTHER_C", Help: "x", Field: func(c *cfg) any { return &c.Name }},
		{Key: "d", Flag: "d", Help: "x", Field: func(c *cfg) any { return &c.Items }},
		{Key: "e", Help: "", Field: func(c *cfg) any { return &c.Name }},
	}
	err := bad.Validate()
	for _, want := range []string{"default 3 is a int", `flag "a" of b`, "OTHER_C", "cannot come from a flag", "e: no help"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Validate misses %q: %v", want, err)
		}
	}
}

func load(t *testing.T, layers []Layer, env map[string]string, args ...string) (cfg, Sources, error) {
	t.Helper()
	fs := pflag.NewFlagSet("test", pflag.ContinueOnError)
	table.AddFlags(fs, scopeA)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	var c cfg
	src, err := table.Load(&c, Input{Scope: scopeA, Layers: layers, Getenv: func(k string) string { return env[k] }, Flags: fs})
	return c, src, err
}

func TestLayers(t *testing.T) {
	tree := Layer{Kind: FromTree, Name: "t/.aibom.yaml", Data: []byte("on: false\nlist: [a]\nsec:\n  deep: d1\n")}
	file := Layer{Kind: FromConfigFile, Name: "ci.yaml", Data: []byte("name: from-file\nn: 3\nsec:\n  deep: d2\n")}
	c, src, err := load(t, []Layer{tree, file}, map[string]string{"AIBOM_N": "4", "AIBOM_LIST": "b, c"}, "--n-flag", "5", "-vv", "--maybe")
	if err != nil {
		t.Fatal(err)
	}
	if c.Name != "from-file" || c.On || c.N != 5 || c.Size != 5 || c.Wait != time.Minute || c.Deep != "d2" || c.Verbose != 2 || c.Maybe == nil || !*c.Maybe {
		t.Errorf("values: %+v", c)
	}
	if strings.Join(c.List, ",") != "b,c" {
		t.Errorf("env list = %q", c.List)
	}
	for key, want := range map[string]string{
		"name": "file ci.yaml:1", "on": "file t/.aibom.yaml:1", "n": "flag --n-flag", "size": "default",
		"list": "env AIBOM_LIST", "sec.deep": "file ci.yaml:4", "verbose": "flag --verbose",
	} {
		if got := src[key].Describe(); got != want {
			t.Errorf("source of %s = %q, want %q", key, got, want)
		}
	}
	if _, ok := src["other"]; ok {
		t.Errorf("a setting of another scope was loaded")
	}
}

// TestErrors: every bad input is one line naming its source, the key, what
// was found and what was expected.
func TestErrors(t *testing.T) {
	cases := []struct {
		name  string
		layer *Layer
		env   map[string]string
		args  []string
		want  string
	}{
		{"unknown key", &Layer{FromConfigFile, "c.yaml", []byte("nmae: x\n")}, nil, nil, "c.yaml:1:1: nmae: unknown key; did you mean name? (aibom config --keys lists every key)"},
		{"unknown nested key", &Layer{FromConfigFile, "c.yaml", []byte("sec:\n  dep: x\n")}, nil, nil, "c.yaml:2:3: sec.dep: unknown key; did you mean sec.deep? (aibom config --keys lists every key)"},
		{"wrong type", &Layer{FromConfigFile, "c.yaml", []byte("name: x\nn: many\n")}, nil, nil, `c.yaml:2:4: n: "many": expected a whole number`},
		{"bool", &Layer{FromConfigFile, "c.yaml", []byte("on: maybe\n")}, nil, nil, `c.yaml:1:5: on: "maybe": expected true or false`},
		{"list", &Layer{FromConfigFile, "c.yaml", []byte("list: a\n")}, nil, nil, `c.yaml:1:7: list: "a": expected a list of strings`},
		{"list element", &Layer{FromConfigFile, "c.yaml", []byte("list:\n  - a\n  - [b]\n")}, nil, nil, `c.yaml:3:5: list[1]: a list: expected a string`},
		{"check", &Layer{FromConfigFile, "c.yaml", []byte("\n\nname: bad\n")}, nil, nil, `c.yaml:3:7: name: "bad": expected not bad`},
		{"struct key", &Layer{FromTree, "t.yaml", []byte("sec:\n  items:\n    - license: x\n      dat: y\n")}, nil, nil, "t.yaml:4:7: sec.items[0]: unknown key dat (known: license, date)"},
		{"duplicate", &Layer{FromConfigFile, "c.yaml", []byte("n: 1\nn: 2\n")}, nil, nil, "c.yaml:2:1: n: duplicate key"},
		{"section not a mapping", &Layer{FromConfigFile, "c.yaml", []byte("sec: [x]\n")}, nil, nil, "c.yaml:1:6: sec: a list: expected a mapping of deep, items"},
		{"tree may not", &Layer{FromTree, "t/.aibom.yaml", []byte("name: y\n")}, nil, nil,
			"t/.aibom.yaml:1:1: name: the scanned tree's .aibom.yaml may not set this (the tree is what is being judged); set it with -n/--name, AIBOM_NAME or a --config FILE"},
		{"file may not", &Layer{FromConfigFile, "c.yaml", []byte("local: y\n")}, nil, nil, "c.yaml:1:1: local: a config file may not set this; set it with --local or AIBOM_LOCAL"},
		{"alias", &Layer{FromConfigFile, "c.yaml", []byte("name: &a x\nsec:\n  deep: *a\n")}, nil, nil, "c.yaml:3:9: sec.deep: YAML aliases are not supported in aibom config"},
		{"two documents", &Layer{FromConfigFile, "c.yaml", []byte("n: 1\n---\nn: 2\n")}, nil, nil, "c.yaml:2: a second YAML document: a config file is one document"},
		{"env", nil, map[string]string{"AIBOM_ON": "maybe"}, nil, `environment AIBOM_ON: on: "maybe": expected true or false`},
		{"env duration", nil, map[string]string{"AIBOM_WAIT": "soon"}, nil, `environment AIBOM_WAIT: wait: "soon": expected a duration such as 90s or 5m`},
		{"flag", nil, nil, []string{"--n-flag", "deep"}, `flag --n-flag: n: "deep": expected a whole number`},
		{"flag bool", nil, nil, []string{"--on=perhaps"}, `flag --on: on: "perhaps": expected true or false`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var layers []Layer
			if tc.layer != nil {
				layers = append(layers, *tc.layer)
			}
			_, _, err := load(t, layers, tc.env, tc.args...)
			if err == nil {
				t.Fatalf("no error; want %q", tc.want)
			}
			if err.Error() != tc.want {
				t.Errorf("error:\n got %s\nwant %s", err, tc.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("not one line: %q", err)
			}
		})
	}
}

// TestNoContentEchoed: a file that is not a config (a token file, a key)
// never has its content in the error, whatever its shape.
func TestNoContentEchoed(t *testing.T) {
	const secret = "hf_SECRETtokenVALUE"
	for _, data := range []string{
		secret + "\n",
		"https://user:" + secret + "@github.com\n",
		"- " + secret + "\n",
		"machine x login y password " + secret + "\n",
		"{\"" + secret + "\n",
		"key: '" + secret + "\n",
		"a: b\n\t" + secret + ": c\n",
		"!!binary " + secret + "\n",
		"&" + secret + " x\n",
		"*" + secret + "\n",
	} {
		var c cfg
		_, err := table.Load(&c, Input{Scope: scopeA, Layers: []Layer{{FromConfigFile, "secret.txt", []byte(data)}}})
		if err == nil {
			t.Errorf("%q: no error", data)
			continue
		}
		if strings.Contains(err.Error(), "SECRET") {
			t.Errorf("%q: error quotes the file: %v", data, err)
		}
		if !strings.HasPrefix(err.Error(), "secret.txt") {
			t.Errorf("%q: error does not name the file: %v", data, err)
		}
	}
}

func TestEmptyAndNull(t *testing.T) {
	for _, data := range []string{"", "# only a comment\n", "~\n", "sec:\n"} {
		c, _, err := load(t, []Layer{{FromTree, "t.yaml", []byte(data)}}, nil)
		if err != nil || c.Name != "x" || !c.On {
			t.Errorf("%q: %v %+v", data, err, c)
		}
	}
}

func TestDescribe(t *testing.T) {
	c, src, err := load(t, []Layer{{FromTree, "t.yaml", []byte("list: [a, \"\\e[31mred\"]\n")}}, nil, "--local", "l")
	if err != nil {
		t.Fatal(err)
	}
	out, err := table.Describe(&c, src, scopeA)
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	for _, want := range []string{"name: x # default\n", `list: [a, "\e[31mred"] # file t.yaml:1`, "sec:\n  deep: \"\" # default\n", "# local: l (flag --local; not a --config key)"} {
		if !strings.Contains(s, want) {
			t.Errorf("describe lacks %q:\n%s", want, s)
		}
	}
	if strings.Contains(s, "\x1b") {
		t.Errorf("a terminal escape reached the output:\n%q", s)
	}
}

func TestMarkdown(t *testing.T) {
	md := table.Markdown(scopeA)
	for _, want := range []string{
		"| `name` | string | `x` | `-n, --name` | `AIBOM_NAME` | trusted | a name |",
		"| `sec.items` | list of item |  |  |  | tree | structs |",
		"|  | string |  | `--local` | `AIBOM_LOCAL` | command line | command line only |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
}

func TestSizeCap(t *testing.T) {
	big := []byte("name: x\n# " + strings.Repeat("a", MaxFileBytes) + "\n")
	_, _, err := load(t, []Layer{{FromTree, "t.yaml", big}}, nil)
	if err == nil || !strings.HasPrefix(err.Error(), "t.yaml: larger than") {
		t.Errorf("a file over the cap: %v", err)
	}
}

func TestUnknownEnv(t *testing.T) {
	got := table.UnknownEnv([]string{
		"AIBOM_NAME=x", "AIBOM_NAEM=secret-value", "AIBOM_WAITT=1", "AIBOM_ACTION_BIN_DIR=/b", "AIBOM_TOTALLY_ELSE=1",
		"PATH=/bin", "HF_TOKEN=hf_x", "AIBOM_hf_SECRETtokenVALUE1234567890abcdefXYZ=1",
	}, "AIBOM_", "AIBOM_ACTION_BIN_DIR")
	want := []string{
		"environment AIBOM_NAEM: not an aibom variable, ignored; did you mean AIBOM_NAME?",
		"environment AIBOM_TOTALLY_ELSE: not an aibom variable, ignored",
		"environment AIBOM_WAITT: not an aibom variable, ignored; did you mean AIBOM_WAIT?",
	}
	if !slices.Equal(got, want) {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}
