// Command score measures aibom's license terms on real model license texts
// that were labelled by hand (bench/terms-real/labels.yaml, in the schema of
// the shared corpus labels). Each text is read from the fetch mirror at its
// pinned commit (never committed here), written to a scratch directory under
// its own file name and given to `aibom license -f json`, the command a user
// runs; the terms it prints are compared with the labels field by field.
//
// The split between the development and check halves is fixed by a rule set
// before the extractor was changed: entries sorted by the SHA-256 of their
// id, every third is check. Per-field disagreements are printed for the
// development half only unless -details-check is given. aibom runs once over
// all the texts (it takes them as arguments), not once per text.
package main

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// entry is one labelled text. Fields are pointers so that a field the
// labeller did not write is told apart from one labelled false or null.
type entry struct {
	ID     string `yaml:"id"`
	Split  string `yaml:"split"` // dev | check, recorded when the text was labelled
	Kind   string `yaml:"kind"`
	Lang   string `yaml:"language"`
	Format string `yaml:"format"`
	Source struct {
		Repo   string `yaml:"repo"`
		Commit string `yaml:"commit"`
		Path   string `yaml:"path"`
	} `yaml:"source"`
	Terms struct {
		CommercialUse *struct {
			Value string `yaml:"value"`
		} `yaml:"commercial_use"`
		UserThreshold *struct {
			Value any    `yaml:"value"`
			Unit  string `yaml:"unit"`
		} `yaml:"user_threshold"`
		RevenueThreshold *struct {
			Value    any    `yaml:"value"`
			Currency string `yaml:"currency"`
			Period   string `yaml:"period"`
		} `yaml:"revenue_threshold"`
		ResearchOnly         *boolField `yaml:"research_only"`
		RegistrationRequired *boolField `yaml:"registration_required"`
		Attribution          *struct {
			NoticeFileText any `yaml:"notice_file_text"`
			DisplayText    any `yaml:"display_text"`
			NamingRule     any `yaml:"naming_rule"`
		} `yaml:"attribution"`
		OutputRestriction *struct {
			Value any `yaml:"value"`
		} `yaml:"output_restriction"`
		UseRestrictions *struct {
			Present any `yaml:"present"`
		} `yaml:"use_restrictions"`
		Copyleft *struct {
			Value any `yaml:"value"`
		} `yaml:"copyleft_or_sharealike"`
		Geographic *struct {
			Value any `yaml:"value"`
		} `yaml:"geographic"`
		GoverningLaw *struct {
			Law any `yaml:"law"`
		} `yaml:"governing_law"`
	} `yaml:"terms"`
	split string
}

type boolField struct {
	Value any `yaml:"value"`
}

// terms is the part of `aibom license -f json` output the scorer reads.
type terms struct {
	CommercialUse string `json:"commercial_use"`
	UserLimit     *struct {
		Count int64  `json:"count"`
		Unit  string `json:"unit"`
	} `json:"user_limit"`
	RevenueLimit *struct {
		Amount   int64  `json:"amount"`
		Currency string `json:"currency"`
		Period   string `json:"period"`
	} `json:"revenue_limit"`
	ResearchOnly         bool     `json:"research_only"`
	EvaluationOnly       bool     `json:"evaluation_only"`
	RegistrationRequired bool     `json:"registration_required"`
	AttributionRequired  bool     `json:"attribution_required"`
	AttributionText      *string  `json:"attribution_text"`
	NamingRule           *string  `json:"naming_rule"`
	OutputRestriction    bool     `json:"output_restriction"`
	OutputUse            string   `json:"output_use"`
	UseRestrictions      bool     `json:"use_restrictions"`
	ShareAlike           bool     `json:"share_alike"`
	Territory            []string `json:"territory_excluded"`
	GoverningLaw         *string  `json:"governing_law"`
}

type identified struct {
	File  string `json:"file"`
	Key   string `json:"key"`
	Terms *terms `json:"terms"`
}

// isAny reports a value the labeller marked as not scorable.
func isAny(v any) bool { s, ok := v.(string); return ok && s == "any" }

// present reports whether a labelled value says "there is one".
func present(v any) bool {
	switch x := v.(type) {
	case nil:
		return false
	case bool:
		return x
	case string:
		return x != "" && x != "false" && x != "none"
	default:
		return true
	}
}

func asInt(v any) (int64, bool) {
	switch x := v.(type) {
	case int:
		return int64(x), true
	case int64:
		return x, true
	case float64:
		return int64(x), true
	}
	return 0, false
}

// field is one scored comparison.
type field struct {
	name      string
	want, got string
}

func (f field) ok() bool { return f.want == f.got }

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// compare turns one entry and aibom's terms into the scored fields. A field
// the label leaves out or marks `any` is not scored.
func compare(e *entry, t *terms) (fs []field, dangerous bool) {
	lt := e.Terms
	if c := lt.CommercialUse; c != nil && c.Value != "" && c.Value != "any" {
		fs = append(fs, field{"commercial_use", c.Value, t.CommercialUse})
		if (c.Value == "conditional" || c.Value == "prohibited") && t.CommercialUse == "allowed" {
			dangerous = true
		}
	}
	if u := lt.UserThreshold; u != nil && !isAny(u.Value) {
		want := "none"
		if n, ok := asInt(u.Value); ok {
			want = fmt.Sprintf("%d %s", n, u.Unit)
		}
		got := "none"
		if t.UserLimit != nil {
			got = fmt.Sprintf("%d %s", t.UserLimit.Count, t.UserLimit.Unit)
		}
		fs = append(fs, field{"user_threshold", want, got})
	}
	if r := lt.RevenueThreshold; r != nil && !isAny(r.Value) {
		// The period is compared only where the label gives one.
		want := "none"
		if n, ok := asInt(r.Value); ok {
			want = strings.TrimSpace(fmt.Sprintf("%d %s %s", n, r.Currency, r.Period))
		}
		got := "none"
		if t.RevenueLimit != nil {
			period := t.RevenueLimit.Period
			if r.Period == "" {
				period = ""
			}
			got = strings.TrimSpace(fmt.Sprintf("%d %s %s", t.RevenueLimit.Amount, t.RevenueLimit.Currency, period))
		}
		fs = append(fs, field{"revenue_threshold", want, got})
	}
	if r := lt.ResearchOnly; r != nil && !isAny(r.Value) {
		fs = append(fs, field{"research_only", yesNo(present(r.Value)), yesNo(t.ResearchOnly || t.EvaluationOnly)})
	}
	if r := lt.RegistrationRequired; r != nil && !isAny(r.Value) {
		fs = append(fs, field{"registration_required", yesNo(present(r.Value)), yesNo(t.RegistrationRequired)})
	}
	if a := lt.Attribution; a != nil {
		if !isAny(a.NoticeFileText) && !isAny(a.DisplayText) {
			want := present(a.NoticeFileText) || present(a.DisplayText)
			fs = append(fs, field{"attribution", yesNo(want), yesNo(t.AttributionRequired || t.AttributionText != nil)})
		}
		if !isAny(a.NamingRule) {
			fs = append(fs, field{"naming_rule", yesNo(present(a.NamingRule)), yesNo(t.NamingRule != nil)})
		}
	}
	if o := lt.OutputRestriction; o != nil && !isAny(o.Value) {
		// The labels' output_restriction is a limit on using outputs (a ban
		// on training other models, outputs that may not contravene the
		// license, outputs for research only). A definition under which a
		// model distilled from outputs is a derivative is not one: the
		// labels say so (as the corpus labels do for Skywork) and aibom
		// reports it as output_use "derivative" beside output_restriction
		// false, a flow-down its policies warn about, not a bar.
		got := t.OutputRestriction || t.OutputUse == "ban"
		fs = append(fs, field{"output_restriction", yesNo(present(o.Value)), yesNo(got)})
	}
	if u := lt.UseRestrictions; u != nil && !isAny(u.Present) {
		fs = append(fs, field{"use_restrictions", yesNo(present(u.Present)), yesNo(t.UseRestrictions)})
	}
	if c := lt.Copyleft; c != nil && !isAny(c.Value) {
		fs = append(fs, field{"share_alike", yesNo(present(c.Value)), yesNo(t.ShareAlike)})
	}
	if g := lt.Geographic; g != nil && !isAny(g.Value) {
		fs = append(fs, field{"territory", yesNo(present(g.Value)), yesNo(len(t.Territory) > 0)})
	}
	if g := lt.GoverningLaw; g != nil && !isAny(g.Law) {
		fs = append(fs, field{"governing_law", yesNo(present(g.Law)), yesNo(t.GoverningLaw != nil)})
	}
	return fs, dangerous
}

// assignSplit takes each entry's recorded split. The first 48 were split
// when they were labelled, before the extractor was changed (sorted by the
// SHA-256 of the id, every third from the first is check), and the result was
// written into labels.yaml; an entry added later without a split gets one
// from its own hash alone (first byte mod 3 == 0 is check).
func assignSplit(es []*entry) {
	for _, e := range es {
		switch e.Split {
		case "dev", "check":
			e.split = e.Split
		default:
			sum := sha256.Sum256([]byte(strings.ToLower(e.ID)))
			e.split = "dev"
			if sum[0]%3 == 0 {
				e.split = "check"
			}
		}
	}
}

func gitDir(mirror, repo string) (string, error) {
	base := filepath.Join(mirror, strings.Replace(repo, "/", "+", 1))
	for _, cand := range []string{filepath.Join(base, "repo", ".git"), filepath.Join(base, "repo")} {
		if st, err := os.Stat(filepath.Join(cand, "HEAD")); err == nil && !st.IsDir() {
			return cand, nil
		}
	}
	return "", fmt.Errorf("%s is not in the fetch mirror %s", repo, mirror)
}

// materialise writes the labelled text into dir/<id>/<base name> and returns
// its path; the file keeps its own name so that aibom sees what a user has.
func materialise(mirror, dir string, e *entry) (string, error) {
	g, err := gitDir(mirror, e.Source.Repo)
	if err != nil {
		return "", err
	}
	var out, errb bytes.Buffer
	cmd := exec.Command("git", "--git-dir="+g, "show", e.Source.Commit+":"+e.Source.Path)
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("%s: git show %s:%s: %v: %s", e.ID, e.Source.Commit, e.Source.Path, err, strings.TrimSpace(errb.String()))
	}
	d := filepath.Join(dir, e.ID)
	if err := os.MkdirAll(d, 0o755); err != nil {
		return "", err
	}
	p := filepath.Join(d, path.Base(e.Source.Path))
	return p, os.WriteFile(p, out.Bytes(), 0o644)
}

func main() {
	labelsPath := flag.String("labels", "bench/terms-real/labels.yaml", "labels file")
	mirror := flag.String("mirror", envOr("AIBOM_MIRROR", "/work/.mirror"), "fetch mirror holding the repositories")
	bin := flag.String("aibom", "", "aibom binary to measure (required unless -list)")
	only := flag.String("split", "all", "score dev, check or all")
	details := flag.Bool("details", false, "print disagreements of the development half")
	detailsCheck := flag.Bool("details-check", false, "also print them for the check half (only when you are done changing the extractor)")
	list := flag.Bool("list", false, "print each entry's split and stop")
	flag.Parse()

	raw, err := os.ReadFile(*labelsPath)
	if err != nil {
		fail(err)
	}
	var doc struct {
		Licenses []*entry `yaml:"licenses"`
	}
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		fail(fmt.Errorf("%s: %v", *labelsPath, err))
	}
	es := doc.Licenses
	if len(es) == 0 {
		fail(fmt.Errorf("%s: no entries", *labelsPath))
	}
	assignSplit(es)
	slices.SortFunc(es, func(a, b *entry) int { return cmp.Or(cmp.Compare(a.split, b.split), cmp.Compare(a.ID, b.ID)) })
	if *list {
		for _, e := range es {
			fmt.Printf("%-5s %-40s %-5s %-8s %s:%s\n", e.split, e.ID, e.Lang, e.Format, e.Source.Repo, e.Source.Path)
		}
		return
	}
	if *bin == "" {
		fail(errors.New("-aibom BINARY is required"))
	}
	scratch, err := os.MkdirTemp("", "aibom-terms-real-")
	if err != nil {
		fail(err)
	}
	defer os.RemoveAll(scratch)

	type tally struct{ right, total, dangerous, texts int }
	sums := map[string]*tally{"dev": {}, "check": {}}
	perField := map[string]map[string][5]int{"dev": {}, "check": {}}
	var lines []string
	skipped := 0
	// Every text is written out first and aibom runs once over all of them:
	// its start-up (catalog, fingerprints) costs seconds, the terms of one
	// file do not depend on the others, and each result names its file.
	var todo []*entry
	paths := map[*entry]string{}
	for _, e := range es {
		if *only != "all" && e.split != *only {
			continue
		}
		p, err := materialise(*mirror, scratch, e)
		if err != nil {
			fmt.Fprintf(os.Stderr, "skip %s: %v\n", e.ID, err)
			skipped++
			continue
		}
		todo = append(todo, e)
		paths[e] = p
	}
	byFile := map[string]identified{}
	if len(todo) > 0 {
		args := []string{"license", "-f", "json"}
		for _, e := range todo {
			args = append(args, paths[e])
		}
		var out, errb bytes.Buffer
		cmd := exec.Command(*bin, args...)
		cmd.Stdout, cmd.Stderr = &out, &errb
		if err := cmd.Run(); err != nil {
			fmt.Fprintf(os.Stderr, "aibom license: %v: %s\n", err, strings.TrimSpace(errb.String()))
		}
		var ids []identified
		if err := json.Unmarshal(out.Bytes(), &ids); err != nil {
			fmt.Fprintf(os.Stderr, "aibom license: reading its JSON: %v\n", err)
		}
		for _, id := range ids {
			byFile[id.File] = id
		}
	}
	for _, e := range todo {
		t := &terms{CommercialUse: "unknown"}
		key := "?"
		if id, ok := byFile[paths[e]]; ok && id.Terms != nil {
			t, key = id.Terms, id.Key
		}
		fs, dangerous := compare(e, t)
		s := sums[e.split]
		s.texts++
		if dangerous {
			s.dangerous++
		}
		var wrong []string
		for _, f := range fs {
			s.total++
			pf := perField[e.split][f.name]
			pf[1]++
			if f.ok() {
				s.right++
				pf[0]++
			} else {
				wrong = append(wrong, fmt.Sprintf("%s: want %s, got %s", f.name, f.want, f.got))
			}
			switch {
			case f.ok():
			case f.want == "yes" && f.got == "no":
				pf[2]++
			case f.want == "no" && f.got == "yes":
				pf[3]++
			default:
				pf[4]++
			}
			perField[e.split][f.name] = pf
		}
		right := len(fs) - len(wrong)
		fmt.Printf("%-5s %-40s %-5s %-5s %2d/%2d  %s%s\n", e.split, e.ID, e.Lang, e.Format, right, len(fs), key, map[bool]string{true: "  DANGEROUS", false: ""}[dangerous])
		if len(wrong) > 0 && ((*details && e.split == "dev") || *detailsCheck) {
			lines = append(lines, fmt.Sprintf("== %s (%s)\n  %s", e.ID, e.split, strings.Join(wrong, "\n  ")))
		}
	}
	fmt.Println()
	for _, sp := range []string{"dev", "check"} {
		s := sums[sp]
		if s.texts == 0 {
			continue
		}
		fmt.Printf("%-5s texts %2d  fields %d/%d = %.3f  dangerous (commercial use allowed on a conditional/prohibited text): %d\n",
			sp, s.texts, s.right, s.total, ratio(s.right, s.total), s.dangerous)
		names := make([]string, 0, len(perField[sp]))
		for n := range perField[sp] {
			names = append(names, n)
		}
		slices.Sort(names)
		for _, n := range names {
			pf := perField[sp][n]
			fmt.Printf("        %-22s %2d/%2d", n, pf[0], pf[1])
			if pf[0] < pf[1] {
				// Which way the misses go, so the check half can be
				// read as a score without reading its texts.
				fmt.Printf("   missed %d, extra %d, other %d", pf[2], pf[3], pf[4])
			}
			fmt.Println()
		}
	}
	if skipped > 0 {
		fmt.Printf("(%d entries skipped: not in the mirror)\n", skipped)
	}
	for _, l := range lines {
		fmt.Println(l)
	}
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
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
