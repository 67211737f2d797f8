// Command score measures aibom's discovery on real public repositories that
// were labelled by hand (bench/discovery-real/labels/*.yaml, in the schema of
// the team's labelling guide). For each labelled repository it materialises
// the pinned commit from the fetch mirror, runs `aibom scan --offline` on it
// and compares the set of (hub, id) aibom reports with the labels.
//
// Only facts are committed (repository, commit, labels); the repositories'
// files are read from the mirror at run time and never copied into ours.
//
// The repositories are split once, by a rule fixed before any recogniser was
// written (sort by SHA-256 of the lower-case name, every third is the check
// set), so that rules are written against the development half and the check
// half measures them. Details (misses and false positives) are printed for
// the development half only unless -details-check is given.
package main

import (
	"bufio"
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// labelFile is one labelled repository.
type labelFile struct {
	Repo     string      `yaml:"repo"`
	Split    string      `yaml:"split"` // dev | check, recorded when the repository was labelled
	Commit   string      `yaml:"commit"`
	Kind     string      `yaml:"kind"`
	Models   []labelRef  `yaml:"models"`
	Datasets []labelRef  `yaml:"datasets"`
	Decoys   []decoy     `yaml:"decoys"`
	Unsure   []labelRef  `yaml:"uncertain"`
	path     string      // the label file, for messages
	split    string      // dev | check
	report   *scanReport // aibom's answer
}

type labelRef struct {
	Hub       string   `yaml:"hub"`
	ID        string   `yaml:"id"`
	WrittenAs string   `yaml:"written_as"`
	Locations []string `yaml:"locations"`
}

type decoy struct {
	Text     string `yaml:"text"`
	Location string `yaml:"location"`
}

// scanReport is the part of aibom's JSON report the scorer reads. It is
// decoded loosely so the scorer survives additions to the report.
type scanReport struct {
	Models []struct {
		Hub       string `json:"hub"`
		ID        string `json:"id"`
		Direct    bool   `json:"direct"`
		Locations []struct {
			Path string `json:"path"`
			Line int    `json:"line"`
		} `json:"locations"`
	} `json:"models"`
	Datasets []struct {
		Hub string `json:"hub"`
		ID  string `json:"id"`
	} `json:"datasets"`
}

// labelHubs are the hubs a label may name (../shared/design/labelling.md);
// any other registry or provider is labelled hub "other".
var labelHubs = map[string]bool{"huggingface": true, "modelscope": true, "github": true, "ollama": true, "openai": true, "anthropic": true,
	"google": true, "baidu": true, "dashscope": true, "zhipu": true, "other": true, "local": true}

// caseInsensitive are the hubs whose ids compare without regard to case.
var caseInsensitive = map[string]bool{"huggingface": true, "modelscope": true, "github": true, "ollama": true}

// key is the identity the scorer compares: hub and normalised id.
func key(hub, id string) string {
	hub = strings.ToLower(strings.TrimSpace(hub))
	id = strings.TrimSpace(id)
	if caseInsensitive[hub] {
		id = strings.ToLower(id)
	}
	if hub == "ollama" && !strings.Contains(id, ":") {
		id += ":latest"
	}
	return hub + "\x00" + id
}

// keys are every spelling a label accepts: its canonical id and, for legacy
// names, the spelling the project wrote.
func (l labelRef) keys() []string {
	k := []string{key(l.Hub, l.ID)}
	if l.WrittenAs != "" {
		k = append(k, key(l.Hub, l.WrittenAs))
	}
	// A registry outside the hubs is labelled hub "other" with the registry
	// as a prefix (piper:en_US-lessac-medium); a report that names the
	// registry as its hub is the same answer.
	if strings.EqualFold(l.Hub, "other") {
		if reg, rest, ok := strings.Cut(l.ID, ":"); ok && reg != "" && rest != "" {
			k = append(k, key(reg, rest))
		}
	}
	return k
}

func show(k string) string { return strings.Replace(k, "\x00", ":", 1) }

// scored reports whether a hub takes part in scoring. Local weight files are
// paths inside the tree, not dependencies the labels name; they are left out
// on both sides.
func scored(hub string) bool { return hub != "local" }

type score struct {
	labelled, found, reported, falsePos int
	locLabelled, locFound               int
	dsLabelled, dsFound, dsReported     int
	dsFalsePos                          int
	misses, extras                      []string
}

func (s score) recall() float64    { return ratio(s.found, s.labelled) }
func (s score) precision() float64 { return ratio(s.reported-s.falsePos, s.reported) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

func scoreRepo(l *labelFile) score {
	var s score
	reported := map[string]bool{}
	reportedLocs := map[string]bool{}
	// alias maps the key a label may use for a report to the report's own
	// key: the labels' hubs are the enumeration of labelling.md, so a
	// provider aibom names that is not in it (groq, deepseek, moonshot)
	// is labelled hub "other" with the same id.
	alias := map[string]string{}
	for _, m := range l.report.Models {
		if !m.Direct || !scored(m.Hub) {
			continue
		}
		k := key(m.Hub, m.ID)
		reported[k] = true
		alias[k] = k
		if !labelHubs[strings.ToLower(m.Hub)] {
			if _, taken := alias[key("other", m.ID)]; !taken {
				alias[key("other", m.ID)] = k
			}
		}
		for _, loc := range m.Locations {
			reportedLocs[k+"\x00"+fmt.Sprintf("%s:%d", loc.Path, loc.Line)] = true
		}
	}
	// Which reported key each label was matched by (a legacy name may be
	// reported either way).
	matched := map[string]bool{}
	for _, lab := range l.Models {
		if !scored(lab.Hub) {
			continue
		}
		s.labelled++
		hit := ""
		var hitKeys []string // the label's keys, as the matched report keys them
		for _, k := range lab.keys() {
			if r, ok := alias[k]; ok {
				hit = r
				matched[r] = true
				hitKeys = append(hitKeys, r)
			}
		}
		if hit == "" {
			s.misses = append(s.misses, show(lab.keys()[0]))
			continue
		}
		s.found++
		for _, loc := range lab.Locations {
			s.locLabelled++
			for _, k := range hitKeys {
				if reportedLocs[k+"\x00"+loc] {
					s.locFound++
					break
				}
			}
		}
	}
	unsure := map[string]bool{}
	for _, u := range l.Unsure {
		for _, k := range u.keys() {
			if r, ok := alias[k]; ok {
				unsure[r] = true
			}
			unsure[k] = true
		}
	}
	for k := range reported {
		if unsure[k] {
			continue
		}
		s.reported++
		if !matched[k] {
			s.falsePos++
			s.extras = append(s.extras, show(k)+decoyNote(l, k))
		}
	}
	ds := map[string]bool{}
	for _, d := range l.report.Datasets {
		ds[key(d.Hub, d.ID)] = true
	}
	dsUnsure := map[string]bool{}
	for _, u := range l.Unsure {
		dsUnsure[key(u.Hub, u.ID)] = true
	}
	dsMatched := map[string]bool{}
	for _, d := range l.Datasets {
		s.dsLabelled++
		for _, k := range d.keys() {
			if ds[k] {
				s.dsFound++
				dsMatched[k] = true
				break
			}
		}
	}
	for k := range ds {
		if dsUnsure[k] {
			continue
		}
		s.dsReported++
		if !dsMatched[k] {
			s.dsFalsePos++
			s.extras = append(s.extras, "dataset "+show(k))
		}
	}
	sort.Strings(s.misses)
	sort.Strings(s.extras)
	return s
}

// decoyNote says when a false positive is one of the labelled decoys.
func decoyNote(l *labelFile, k string) string {
	_, id, _ := strings.Cut(k, "\x00")
	for _, d := range l.Decoys {
		if d.Text != "" && strings.Contains(strings.ToLower(d.Text), id) {
			return "  (labelled decoy at " + d.Location + ")"
		}
	}
	return ""
}

// assignSplit takes each repository's recorded split. The first 27 were
// split when they were labelled, before any recogniser was written (sorted
// by the SHA-256 of the lower-case name, every third from the first is
// check) and the result was written into their files; a repository labelled
// later without a split gets one from its own hash alone (first byte mod 3
// == 0 is check), so adding repositories never moves the others.
func assignSplit(files []*labelFile) {
	for _, f := range files {
		switch f.Split {
		case "dev", "check":
			f.split = f.Split
		default:
			sum := sha256.Sum256([]byte(strings.ToLower(f.Repo)))
			f.split = "dev"
			if sum[0]%3 == 0 {
				f.split = "check"
			}
		}
	}
}

// gitDir finds the bare git directory of repo in the fetch mirror.
func gitDir(mirror, repo string) (string, error) {
	base := filepath.Join(mirror, strings.Replace(repo, "/", "+", 1))
	for _, cand := range []string{filepath.Join(base, "repo", ".git"), filepath.Join(base, "repo")} {
		if st, err := os.Stat(filepath.Join(cand, "HEAD")); err == nil && !st.IsDir() {
			return cand, nil
		}
	}
	return "", fmt.Errorf("%s is not in the fetch mirror %s (fetch it with the search tool's fetch)", repo, mirror)
}

// materialise extracts repo@commit from the mirror into work (once). The
// mirror's snapshots lack files of 4 MiB and more, so the tree is written
// blob by blob through one `git cat-file --batch`, and absent blobs are left
// out (they are weights, media and data, never model references we label).
func materialise(mirror, work, repo, commit string) (string, error) {
	dir := filepath.Join(work, strings.Replace(repo, "/", "+", 1)+"@"+commit[:12])
	if _, err := os.Stat(filepath.Join(dir, ".aibom-bench-complete")); err == nil {
		return dir, nil
	}
	g, err := gitDir(mirror, repo)
	if err != nil {
		return "", err
	}
	_ = os.RemoveAll(dir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	if err := writeTree(g, commit, dir); err != nil {
		return "", fmt.Errorf("%s@%s: %w", repo, commit, err)
	}
	return dir, os.WriteFile(filepath.Join(dir, ".aibom-bench-complete"), nil, 0o644)
}

// writeTree writes the files of commit into dir. Paths come from git's own
// tree, are checked to stay inside dir, and symlinks are recreated as links
// (aibom must meet them as a user's checkout has them).
func writeTree(gitDir, commit, dir string) error {
	ls := exec.Command("git", "--git-dir="+gitDir, "ls-tree", "-r", "-z", "--full-tree", commit)
	out, err := ls.Output()
	if err != nil {
		return fmt.Errorf("git ls-tree: %v", err)
	}
	type blob struct{ mode, sha, path string }
	var blobs []blob
	for _, rec := range strings.Split(string(out), "\x00") {
		meta, p, ok := strings.Cut(rec, "\t")
		if !ok {
			continue
		}
		f := strings.Fields(meta) // mode type sha
		if len(f) != 3 || f[1] != "blob" {
			continue // submodules
		}
		clean := filepath.Clean(filepath.FromSlash(p))
		if filepath.IsAbs(clean) || clean == ".." || strings.HasPrefix(clean, ".."+string(filepath.Separator)) {
			return fmt.Errorf("tree path %q leaves the snapshot", p)
		}
		blobs = append(blobs, blob{f[0], f[2], clean})
	}
	cat := exec.Command("git", "--git-dir="+gitDir, "cat-file", "--batch")
	stdin, err := cat.StdinPipe()
	if err != nil {
		return err
	}
	stdout, err := cat.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cat.Start(); err != nil {
		return err
	}
	go func() {
		for _, b := range blobs {
			fmt.Fprintln(stdin, b.sha)
		}
		stdin.Close()
	}()
	r := bufio.NewReaderSize(stdout, 1<<20)
	for _, b := range blobs {
		header, err := r.ReadString('\n')
		if err != nil {
			return fmt.Errorf("git cat-file: %v", err)
		}
		f := strings.Fields(header)
		if len(f) == 2 && f[1] == "missing" {
			continue
		}
		if len(f) != 3 {
			return fmt.Errorf("git cat-file: unexpected %q", header)
		}
		size, err := strconv.Atoi(f[2])
		if err != nil {
			return fmt.Errorf("git cat-file: %q: %v", header, err)
		}
		content := make([]byte, size+1) // and the trailing newline
		if _, err := io.ReadFull(r, content); err != nil {
			return fmt.Errorf("git cat-file %s: %v", b.sha, err)
		}
		content = content[:size]
		dst := filepath.Join(dir, b.path)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		if b.mode == "120000" {
			if err := os.Symlink(string(content), dst); err != nil {
				return err
			}
			continue
		}
		if err := os.WriteFile(dst, content, 0o644); err != nil {
			return err
		}
	}
	return cat.Wait()
}

func runAibom(bin, dir, cache string) (*scanReport, error) {
	cmd := exec.Command(bin, "scan", "--offline", "--fail-on", "none", "--max-depth", "0",
		"--cache-dir", cache, "-f", "json", dir)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 1) {
		return nil, fmt.Errorf("aibom scan %s: %v: %s", dir, err, lastLine(errb.String()))
	}
	var r scanReport
	if err := json.Unmarshal(out.Bytes(), &r); err != nil {
		return nil, fmt.Errorf("aibom scan %s: reading its JSON: %v", dir, err)
	}
	return &r, nil
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return s[i+1:]
	}
	return s
}

func readLabels(dir string) ([]*labelFile, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil {
		return nil, err
	}
	var out []*labelFile
	for _, p := range paths {
		raw, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		var l labelFile
		dec := yaml.NewDecoder(bytes.NewReader(raw))
		if err := dec.Decode(&l); err != nil && !errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%s: %v", p, err)
		}
		if l.Repo == "" || len(l.Commit) != 40 {
			return nil, fmt.Errorf("%s: needs repo and a 40-hex commit", p)
		}
		l.path = p
		out = append(out, &l)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no label files in %s", dir)
	}
	return out, nil
}

func main() {
	labels := flag.String("labels", "bench/discovery-real/labels", "directory of label files")
	mirror := flag.String("mirror", envOr("AIBOM_MIRROR", "/work/.mirror"), "fetch mirror holding the repositories")
	work := flag.String("work", filepath.Join(os.TempDir(), "aibom-discovery-real"), "where snapshots are materialised (kept between runs)")
	bin := flag.String("aibom", "", "aibom binary to measure (required unless -list)")
	only := flag.String("split", "all", "score dev, check or all")
	details := flag.Bool("details", false, "print misses and false positives of the development repositories")
	detailsCheck := flag.Bool("details-check", false, "also print them for the check repositories (only when you are done writing rules)")
	list := flag.Bool("list", false, "print each repository's split and stop")
	flag.Parse()

	files, err := readLabels(*labels)
	if err != nil {
		fail(err)
	}
	assignSplit(files)
	slices.SortFunc(files, func(a, b *labelFile) int { return cmp.Or(cmp.Compare(a.split, b.split), cmp.Compare(a.Repo, b.Repo)) })
	if *list {
		for _, f := range files {
			fmt.Printf("%-5s %s %s\n", f.split, f.Repo, filepath.Base(f.path))
		}
		return
	}
	if *bin == "" {
		fail(errors.New("-aibom BINARY is required"))
	}
	cache, err := os.MkdirTemp("", "aibom-bench-cache-")
	if err != nil {
		fail(err)
	}
	defer os.RemoveAll(cache)

	type row struct {
		f *labelFile
		s score
	}
	var rows []row
	skipped := 0
	for _, f := range files {
		if *only != "all" && f.split != *only {
			continue
		}
		dir, err := materialise(*mirror, *work, f.Repo, f.Commit)
		if err != nil {
			fmt.Fprintf(os.Stderr, "skip %s: %v\n", f.Repo, err)
			skipped++
			continue
		}
		rep, err := runAibom(*bin, dir, cache)
		if err != nil {
			fail(err)
		}
		f.report = rep
		rows = append(rows, row{f, scoreRepo(f)})
	}
	if len(rows) == 0 {
		fmt.Fprintln(os.Stderr, "no repository could be materialised: fetch them first (see docs/discovery.md)")
		os.Exit(2)
	}

	fmt.Printf("%-5s %-44s %6s %6s %7s %6s %6s %8s %7s %7s\n", "split", "repository", "models", "found", "recall", "extra", "prec.", "loc.rec", "ds.rec", "ds.prec")
	macro := map[string][3]float64{} // split → recall sum, precision sum, n
	for _, r := range rows {
		s := r.s
		fmt.Printf("%-5s %-44s %6d %6d %7.3f %6d %6.3f %8s %7s %7s\n", r.f.split, r.f.Repo, s.labelled, s.found, s.recall(),
			s.falsePos, s.precision(), cell(s.locFound, s.locLabelled), cell(s.dsFound, s.dsLabelled),
			cell(s.dsReported-s.dsFalsePos, s.dsReported))
		m := macro[r.f.split]
		macro[r.f.split] = [3]float64{m[0] + s.recall(), m[1] + s.precision(), m[2] + 1}
		all := macro["all"]
		macro["all"] = [3]float64{all[0] + s.recall(), all[1] + s.precision(), all[2] + 1}
	}
	fmt.Println()
	for _, sp := range []string{"dev", "check", "all"} {
		if m, ok := macro[sp]; ok {
			fmt.Printf("macro %-5s repositories %2.0f  recall %.3f  precision %.3f\n", sp, m[2], m[0]/m[2], m[1]/m[2])
		}
	}
	if skipped > 0 {
		fmt.Printf("(%d repositories skipped: not in the mirror)\n", skipped)
	}
	for _, r := range rows {
		if !(*details && r.f.split == "dev") && !*detailsCheck {
			continue
		}
		if len(r.s.misses)+len(r.s.extras) == 0 {
			continue
		}
		fmt.Printf("\n== %s (%s)\n", r.f.Repo, r.f.split)
		for _, m := range r.s.misses {
			fmt.Printf("  missed  %s\n", m)
		}
		for _, e := range r.s.extras {
			fmt.Printf("  extra   %s\n", e)
		}
	}
}

// cell prints a ratio for the table, or "-" when there is nothing to count.
func cell(a, b int) string {
	if b == 0 {
		return "-"
	}
	return fmt.Sprintf("%.3f", float64(a)/float64(b))
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "score:", err)
	os.Exit(2)
}
