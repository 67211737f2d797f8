package report

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/aibom/aibom/sbom"
)

// The people-facing renderings (Markdown, HTML) put the signal first: the
// audit's headline, then each repository that does not pass with its
// errors, then the rest; models with findings before the others. The JSON
// keeps its contract order (by name, by ref).

// Attention is a repository that does not pass, with what to look at.
type Attention struct {
	Repository
	// Errors are the error findings of the repository, by model: rule,
	// model, the license the repository's report gives it, and the message.
	Errors []RepoError
}

// RepoError is one error finding of one repository.
type RepoError struct {
	Model, License, Rule, Message string
}

// needsAttention: fail, incomplete or could not be audited, enforced or
// not (an unenforced fail is still a fail to read).
func needsAttention(repo Repository) bool {
	return repo.Verdict != VerdictPass
}

// verdictRank orders verdicts by how much they need attention.
func verdictRank(v string) int {
	switch v {
	case VerdictFail:
		return 0
	case VerdictError:
		return 1
	case VerdictIncomplete:
		return 2
	}
	return 3
}

// Attention lists the repositories that do not pass, failing first, then
// those that could not be audited, then the incomplete ones, each by name,
// with their errors.
func (r *Report) Attention() []Attention {
	errs := map[string][]RepoError{}
	for _, m := range r.Models {
		lic := map[string]string{}
		for _, u := range m.Repositories {
			lic[u.Repository] = u.License
		}
		for _, f := range m.Findings {
			if f.Severity != sbom.SeverityError {
				continue
			}
			for _, repo := range f.Repositories {
				errs[repo] = append(errs[repo], RepoError{Model: m.Ref, License: lic[repo], Rule: f.Rule, Message: f.Message})
			}
		}
	}
	var out []Attention
	for _, repo := range r.Repositories {
		if !needsAttention(repo) {
			continue
		}
		e := errs[repo.Name]
		slices.SortFunc(e, func(a, b RepoError) int { return cmp.Or(cmp.Compare(a.Model, b.Model), cmp.Compare(a.Rule, b.Rule)) })
		out = append(out, Attention{Repository: repo, Errors: e})
	}
	slices.SortStableFunc(out, func(a, b Attention) int {
		return cmp.Or(cmp.Compare(verdictRank(a.Verdict), verdictRank(b.Verdict)), cmp.Compare(a.Name, b.Name))
	})
	return out
}

// RepositoriesByAttention returns the repositories, those that do not pass
// first (as in Attention), then the passing ones by name.
func (r *Report) RepositoriesByAttention() []Repository {
	out := slices.Clone(r.Repositories)
	slices.SortStableFunc(out, func(a, b Repository) int {
		return cmp.Or(cmp.Compare(verdictRank(a.Verdict), verdictRank(b.Verdict)), cmp.Compare(a.Name, b.Name))
	})
	return out
}

// ModelsBySeverity returns the models with their worst finding first
// (errors, warnings, notes, none), then by the number of repositories using
// them, then by ref.
func (r *Report) ModelsBySeverity() []Model {
	worst := func(m Model) int {
		w := 0
		for _, f := range m.Findings {
			w = max(w, sbom.SeverityRank(f.Severity))
		}
		return w
	}
	out := slices.Clone(r.Models)
	slices.SortStableFunc(out, func(a, b Model) int {
		return cmp.Or(-cmp.Compare(worst(a), worst(b)), -cmp.Compare(len(a.Repositories), len(b.Repositories)), cmp.Compare(a.Ref, b.Ref))
	})
	return out
}

// Headline says the audit's outcome in one line: how many repositories
// fail, are incomplete or could not be audited, or that all pass. Green
// reports whether it may be shown as a success: every repository passed,
// enforced, and no shard is missing.
func (r *Report) Headline() (text string, green bool) {
	t := r.Totals
	var parts []string
	if t.Failed > 0 {
		parts = append(parts, fmt.Sprintf("%d of %d repositories fail", t.Failed, t.Repositories))
	}
	if t.Errored > 0 {
		parts = append(parts, fmt.Sprintf("%d could not be audited", t.Errored))
	}
	if t.Incomplete > 0 {
		parts = append(parts, fmt.Sprintf("%d incomplete", t.Incomplete))
	}
	if r.Partial != nil {
		parts = append(parts, "incomplete: "+r.Partial.Text())
	}
	if len(parts) == 0 {
		text = fmt.Sprintf("all %d repositories pass", t.Repositories)
		if t.Repositories == 1 {
			text = "the repository passes"
		}
		if t.NotEnforced > 0 {
			return text + fmt.Sprintf(" (%d not enforced)", t.NotEnforced), false
		}
		return text, t.Repositories > 0
	}
	text = parts[0]
	for _, p := range parts[1:] {
		text += ", " + p
	}
	if t.NotEnforced > 0 {
		text += fmt.Sprintf(" (%d not enforced)", t.NotEnforced)
	}
	return text, false
}
