package audit

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/aibom/aibom/audit/report"
	"github.com/aibom/aibom/sbom"
)

// ManifestVersion is the version of the shard manifest format.
const ManifestVersion = 1

// Repository states in a manifest.
const (
	StateDone    = "done"    // its report is in the directory
	StateFailed  = "failed"  // its failure record is
	StatePending = "pending" // neither: the run was interrupted before it
)

// Manifest is a shard's record of its run, written into the output
// directory at the start and the end of every run (an unsharded audit is
// shard 0 of 1), so that a merge can tell a missing or unfinished shard
// from a complete one.
type Manifest struct {
	SchemaVersion int `json:"schema_version"`
	Shard         struct {
		Index int `json:"index"`
		Count int `json:"count"`
	} `json:"shard"`
	// Config is what every report of the shard was made with.
	Config       *sbom.ScanConfig `json:"config,omitempty"`
	Assigned     int              `json:"assigned"`
	Done         int              `json:"done"`
	Failed       int              `json:"failed"`
	Repositories []ManifestEntry  `json:"repositories"`
}

// ManifestEntry is one repository assigned to the shard.
type ManifestEntry struct {
	Name  string `json:"name"`
	State string `json:"state"` // done | failed | pending
}

// Finished reports whether every assigned repository is done or failed.
func (m *Manifest) Finished() bool { return m.Done+m.Failed == m.Assigned }

// ManifestName is the manifest's file name for shard s: shards sharing one
// output directory never collide.
func ManifestName(s Shard) string {
	count := max(s.Count, 1)
	return fmt.Sprintf("shard-%d-of-%d.manifest.json", s.Index, count)
}

var manifestNameRe = regexp.MustCompile(`^shard-([0-9]+)-of-([0-9]+)\.manifest\.json$`)

// WriteManifest records the state of each of the shard's repositories in
// outDir.
func WriteManifest(outDir string, s Shard, repos []Repo, config *sbom.ScanConfig) error {
	m := Manifest{SchemaVersion: ManifestVersion, Config: config, Assigned: len(repos), Repositories: []ManifestEntry{}}
	m.Shard.Index, m.Shard.Count = s.Index, max(s.Count, 1)
	for _, r := range repos {
		state := StatePending
		switch {
		case Done(outDir, r, config):
			state = StateDone
			m.Done++
		case exists(filepath.Join(outDir, r.ErrorFileName())):
			state = StateFailed
			m.Failed++
		}
		m.Repositories = append(m.Repositories, ManifestEntry{Name: r.Name, State: state})
	}
	slices.SortFunc(m.Repositories, func(a, b ManifestEntry) int { return strings.Compare(a.Name, b.Name) })
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(m); err != nil {
		return err
	}
	return writeAtomic(filepath.Join(outDir, ManifestName(s)), func(w io.Writer) error {
		_, err := w.Write(buf.Bytes())
		return err
	})
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// located is a manifest and the file it was read from.
type located struct {
	path string
	m    Manifest
}

// readManifests reads the shard manifests of each directory.
func readManifests(dirs []string) ([]located, error) {
	var out []located
	for _, dir := range dirs {
		des, err := os.ReadDir(dir)
		if err != nil {
			return nil, err
		}
		for _, de := range des {
			sub := manifestNameRe.FindStringSubmatch(de.Name())
			if sub == nil || !de.Type().IsRegular() {
				continue
			}
			path := filepath.Join(dir, de.Name())
			b, err := os.ReadFile(path)
			if err != nil {
				return nil, err
			}
			var m Manifest
			if err := json.Unmarshal(b, &m); err != nil {
				return nil, fmt.Errorf("%s: not a shard manifest: %v", path, err)
			}
			k, _ := strconv.Atoi(sub[1])
			n, _ := strconv.Atoi(sub[2])
			if m.SchemaVersion != ManifestVersion || m.Shard.Index != k || m.Shard.Count != n || n < 1 || k >= n {
				return nil, fmt.Errorf("%s: not a shard manifest of shard %d/%d (schema_version %d, shard %d/%d)", path, k, n, m.SchemaVersion, m.Shard.Index, m.Shard.Count)
			}
			out = append(out, located{path, m})
		}
	}
	return out, nil
}

// CheckShards reads the shard manifests in dirs and checks that they are
// the shards of one audit, each once, all there and finished. Every
// problem is one line naming the shard. With partial, missing and
// unfinished shards are accepted and returned (the merged report is then
// incomplete); shards of different splits or configurations, and a shard
// given twice, are refused regardless.
func CheckShards(dirs []string, partial bool) (*report.Partial, error) {
	seen := map[string]bool{}
	var uniq []string
	for _, d := range dirs {
		abs, err := filepath.Abs(d)
		if err != nil {
			return nil, err
		}
		if !seen[abs] {
			seen[abs] = true
			uniq = append(uniq, d)
		}
	}
	ms, err := readManifests(uniq)
	if err != nil {
		return nil, err
	}
	if len(ms) == 0 {
		if partial {
			return &report.Partial{Unchecked: true}, nil
		}
		return nil, fmt.Errorf("no shard manifest in %s: these are not output directories of a complete 'aibom audit' (rerun the audit, or pass --partial to merge them unchecked)", strings.Join(dirs, ", "))
	}
	count := ms[0].m.Shard.Count
	var errs []error
	byIndex := map[int]located{}
	for _, l := range ms {
		if l.m.Shard.Count != count {
			errs = append(errs, fmt.Errorf("%s is shard %d/%d, but %s is shard %d/%d: merge the shards of one audit", l.path, l.m.Shard.Index, l.m.Shard.Count, ms[0].path, ms[0].m.Shard.Index, count))
			continue
		}
		if other, dup := byIndex[l.m.Shard.Index]; dup {
			errs = append(errs, fmt.Errorf("shard %d/%d is given twice: %s and %s (merge one of them)", l.m.Shard.Index, count, other.path, l.path))
			continue
		}
		if !sameConfig(l.m.Config, ms[0].m.Config) {
			errs = append(errs, fmt.Errorf("shard %d/%d (%s) was audited with another policy or settings than shard %d/%d (%s): merge shards of one audit", l.m.Shard.Index, count, l.path, ms[0].m.Shard.Index, count, ms[0].path))
		}
		byIndex[l.m.Shard.Index] = l
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	p := &report.Partial{Count: count}
	for k := range count {
		l, ok := byIndex[k]
		switch {
		case !ok:
			p.Missing = append(p.Missing, k)
			if !partial {
				errs = append(errs, fmt.Errorf("shard %d/%d is missing: no directory given holds %s (merge all %d shards, or pass --partial to accept an incomplete report)", k, count, ManifestName(Shard{Index: k, Count: count}), count))
			}
		case !l.m.Finished():
			p.Unfinished = append(p.Unfinished, k)
			if !partial {
				errs = append(errs, fmt.Errorf("shard %d/%d is unfinished: %d of %d repositories done, %d failed, per %s (rerun its audit with the same --out, or pass --partial)", k, count, l.m.Done, l.m.Assigned, l.m.Failed, l.path))
			}
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if len(p.Missing)+len(p.Unfinished) == 0 {
		return nil, nil
	}
	return p, nil
}
