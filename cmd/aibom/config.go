package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/spf13/pflag"
	"github.com/spf13/viper"
	"gopkg.in/yaml.v3"
)

// Config is aibom's effective configuration: defaults < .aibom.yaml in the
// scanned root (or --config FILE) < AIBOM_* environment < flags.
type Config struct {
	Format      string        `mapstructure:"format" yaml:"format"`
	Outputs     []string      `mapstructure:"outputs" yaml:"outputs"`
	FailOn      string        `mapstructure:"fail_on" yaml:"fail_on"`
	Offline     bool          `mapstructure:"offline" yaml:"offline"`
	Policy      string        `mapstructure:"policy" yaml:"policy"`
	CacheDir    string        `mapstructure:"cache_dir" yaml:"cache_dir"`
	MaxDepth    int           `mapstructure:"max_depth" yaml:"max_depth"`
	IncludeDocs bool          `mapstructure:"include_docs" yaml:"include_docs"`
	MaxFileSize int64         `mapstructure:"max_file_size" yaml:"max_file_size"`
	Exclude     []string      `mapstructure:"exclude" yaml:"exclude"`
	Concurrency int           `mapstructure:"concurrency" yaml:"concurrency"`
	Timeout     time.Duration `mapstructure:"timeout" yaml:"-"`
	Baseline    string        `mapstructure:"baseline" yaml:"baseline"`
	// Context is the product context the policy is judged against.
	Context map[string]any `mapstructure:"context" yaml:"context"`
	// Models is the declared manifest (read by discovery, listed here so
	// that the key is known).
	Models []any `mapstructure:"models" yaml:"models"`
}

// fileConfig mirrors Config for strict decoding of a config file, so that an
// unknown key or a wrong type is reported with its line.
type fileConfig struct {
	Format      *string        `yaml:"format"`
	Outputs     []string       `yaml:"outputs"`
	FailOn      *string        `yaml:"fail_on"`
	Offline     *bool          `yaml:"offline"`
	Policy      *string        `yaml:"policy"`
	CacheDir    *string        `yaml:"cache_dir"`
	MaxDepth    *int           `yaml:"max_depth"`
	IncludeDocs *bool          `yaml:"include_docs"`
	MaxFileSize *int64         `yaml:"max_file_size"`
	Exclude     []string       `yaml:"exclude"`
	Concurrency *int           `yaml:"concurrency"`
	Timeout     *string        `yaml:"timeout"`
	Baseline    *string        `yaml:"baseline"`
	Context     map[string]any `yaml:"context"`
	Models      []any          `yaml:"models"`
}

// configKeys are the keys a config file may hold, with the type each takes,
// for error messages.
var configKeys = map[string]string{
	"format": "string", "outputs": "list of FORMAT=FILE", "fail_on": "error|warning|note|none",
	"offline": "bool", "policy": "preset name or file", "cache_dir": "path", "max_depth": "int",
	"include_docs": "bool", "max_file_size": "int (bytes)", "exclude": "list of patterns",
	"concurrency": "int", "timeout": "duration (e.g. 5m)", "baseline": "path", "context": "mapping",
	"models": "list of model refs",
}

func defaultConfig() Config {
	return Config{
		FailOn:      "error",
		MaxDepth:    8,
		IncludeDocs: true,
		MaxFileSize: 2 << 20,
		Concurrency: 8,
		Timeout:     5 * time.Minute,
	}
}

// configFileName is the per-project config file looked up in the scanned root.
const configFileName = ".aibom.yaml"

var (
	reUnknownField = regexp.MustCompile(`line (\d+): field (\S+) not found`)
	reTypeError    = regexp.MustCompile(`line (\d+): cannot unmarshal !!(\w+) ` + "`" + `?([^` + "`" + `]*)` + "`" + `? into (\S+)`)
	reLine         = regexp.MustCompile(`line (\d+): (.*)`)
)

// readConfigFile strictly decodes a config file and returns it as a map for
// viper. Errors name the file, the line, the key and the expected type.
func readConfigFile(path string) (map[string]any, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, usagef("reading config %s: %v", path, err)
	}
	var fc fileConfig
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&fc); err != nil && !errors.Is(err, io.EOF) {
		return nil, usageError{configDecodeError(path, err)}
	}
	if fc.Timeout != nil {
		if _, err := time.ParseDuration(*fc.Timeout); err != nil {
			return nil, usagef("%s: timeout %q: expected a duration such as 5m or 90s", path, *fc.Timeout)
		}
	}
	var m map[string]any
	if err := yaml.Unmarshal(data, &m); err != nil {
		return nil, usagef("%s: %v", path, err)
	}
	return m, nil
}

func configDecodeError(path string, err error) error {
	var msgs []string
	for _, line := range strings.Split(err.Error(), "\n") {
		line = strings.TrimSpace(line)
		if m := reUnknownField.FindStringSubmatch(line); m != nil {
			msgs = append(msgs, fmt.Sprintf("%s:%s: unknown key %q (known keys: %s)", path, m[1], m[2], strings.Join(sortedKeys(), ", ")))
			continue
		}
		if m := reTypeError.FindStringSubmatch(line); m != nil {
			key := keyAtLine(path, m[1])
			want := configKeys[key]
			if want == "" {
				want = m[4]
			}
			msgs = append(msgs, fmt.Sprintf("%s:%s: %s: wrong type (%s %q), expected %s", path, m[1], key, m[2], m[3], want))
			continue
		}
		if m := reLine.FindStringSubmatch(line); m != nil {
			msgs = append(msgs, fmt.Sprintf("%s:%s: %s", path, m[1], m[2]))
		}
	}
	if len(msgs) == 0 {
		return fmt.Errorf("%s: %v", path, err)
	}
	return errors.New(strings.Join(msgs, "; "))
}

// keyAtLine finds the top-level key written on a line of the file, for type
// errors whose message names only the Go type.
func keyAtLine(path, line string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return "?"
	}
	var n int
	fmt.Sscan(line, &n)
	lines := strings.Split(string(data), "\n")
	for i := n - 1; i >= 0 && i < len(lines); i-- {
		l := lines[i]
		if l != "" && l[0] != ' ' && l[0] != '-' && l[0] != '#' {
			k, _, _ := strings.Cut(l, ":")
			return strings.TrimSpace(k)
		}
	}
	return "?"
}

func sortedKeys() []string {
	keys := make([]string, 0, len(configKeys))
	for k := range configKeys {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// loadConfig layers defaults, the config file, AIBOM_* environment variables
// and the flags that were set. explicit is --config; root is the scanned
// directory whose .aibom.yaml is read when explicit is empty.
func loadConfig(flags *pflag.FlagSet, explicit, root string) (Config, string, error) {
	v := viper.New()
	def := defaultConfig()
	v.SetDefault("format", def.Format)
	v.SetDefault("outputs", def.Outputs)
	v.SetDefault("fail_on", def.FailOn)
	v.SetDefault("offline", def.Offline)
	v.SetDefault("policy", def.Policy)
	v.SetDefault("cache_dir", def.CacheDir)
	v.SetDefault("max_depth", def.MaxDepth)
	v.SetDefault("include_docs", def.IncludeDocs)
	v.SetDefault("max_file_size", def.MaxFileSize)
	v.SetDefault("exclude", def.Exclude)
	v.SetDefault("concurrency", def.Concurrency)
	v.SetDefault("timeout", def.Timeout)
	v.SetDefault("baseline", def.Baseline)

	file := explicit
	if file == "" && root != "" {
		cand := filepath.Join(root, configFileName)
		if _, err := os.Stat(cand); err == nil {
			file = cand
		} else if !errors.Is(err, fs.ErrNotExist) {
			return Config{}, "", usagef("reading config %s: %v", cand, err)
		}
	}
	if file != "" {
		m, err := readConfigFile(file)
		if err != nil {
			return Config{}, file, err
		}
		if err := v.MergeConfigMap(m); err != nil {
			return Config{}, file, usagef("%s: %v", file, err)
		}
	}

	v.SetEnvPrefix("AIBOM")
	v.SetEnvKeyReplacer(strings.NewReplacer("-", "_"))
	for k := range configKeys {
		if k == "context" || k == "models" {
			continue
		}
		_ = v.BindEnv(k)
	}
	if flags != nil {
		var bindErr error
		flags.VisitAll(func(f *pflag.Flag) {
			key := strings.ReplaceAll(f.Name, "-", "_")
			if _, ok := configKeys[key]; ok && f.Name != "config" {
				if err := v.BindPFlag(key, f); err != nil && bindErr == nil {
					bindErr = err
				}
			}
		})
		if bindErr != nil {
			return Config{}, file, bindErr
		}
	}

	var cfg Config
	if err := v.Unmarshal(&cfg); err != nil {
		return Config{}, file, usagef("configuration: %v (check AIBOM_* variables and %s)", err, orNone(file))
	}
	if err := cfg.validate(); err != nil {
		return Config{}, file, usageError{err}
	}
	return cfg, file, nil
}

func orNone(file string) string {
	if file == "" {
		return "flags"
	}
	return file
}

func (c Config) validate() error {
	switch c.FailOn {
	case "error", "warning", "note", "none":
	default:
		return fmt.Errorf("fail_on %q: expected error, warning, note or none", c.FailOn)
	}
	if c.MaxDepth < 0 {
		return fmt.Errorf("max_depth %d: expected 0 or more", c.MaxDepth)
	}
	if c.MaxFileSize < 0 {
		return fmt.Errorf("max_file_size %d: expected 0 or more bytes", c.MaxFileSize)
	}
	if c.Concurrency < 0 {
		return fmt.Errorf("concurrency %d: expected 1 or more", c.Concurrency)
	}
	return nil
}

// effectiveYAML renders the configuration for `aibom config`.
func (c Config) effectiveYAML() ([]byte, error) {
	type out struct {
		Config  `yaml:",inline"`
		Timeout string `yaml:"timeout"`
	}
	o := out{Config: c, Timeout: c.Timeout.String()}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(o); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
