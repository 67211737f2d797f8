package policies

import (
	"embed"
	"fmt"
	"path"
	"slices"
	"strings"
)

// The presets are policy files like a team's own, parsed by the same code,
// so a preset can never use a feature a team's file cannot.
//
//go:embed presets/*.yaml
var presetFS embed.FS

// Presets returns the names of the built-in presets, sorted.
func Presets() []string {
	entries, err := presetFS.ReadDir("presets")
	if err != nil {
		return nil // cannot happen: the directory is embedded
	}
	var names []string
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".yaml"))
	}
	slices.Sort(names)
	return names
}

// DefaultPreset is the preset the CLI applies when no policy is given.
const DefaultPreset = "commercial-saas"

// Preset returns a built-in policy by name.
func Preset(name string) (*Policy, error) { return preset(name, nil) }

func preset(name string, chain []string) (*Policy, error) {
	if !slices.Contains(Presets(), name) {
		return nil, fmt.Errorf("%w: unknown preset %q (presets: %s)", ErrInvalidPolicy, name, strings.Join(Presets(), ", "))
	}
	file := "preset " + name
	data, err := presetFS.ReadFile(path.Join("presets", name+".yaml"))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	doc, err := parseYAML(data, file)
	if err != nil {
		return nil, err
	}
	p, err := build(doc, file, append(slices.Clone(chain), name))
	if err != nil {
		return nil, err
	}
	p.Name = name
	return p, nil
}
