package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/aibom/aibom/internal/settings"
	"github.com/aibom/aibom/sbom"
	"github.com/aibom/aibom/sbom/formats"
	"github.com/aibom/aibom/scanner"
	"github.com/aibom/aibom/scanner/discover"
	"github.com/aibom/aibom/scanner/httpx"
)

// addScanFlags declares the flags shared by scan, config and notice
// (config prints what scan would use).
func addScanFlags(fs *pflag.FlagSet) {
	addSettingsFlags(fs, scopeScan)
}

func (a *app) scanCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "scan [PATH]",
		Short: "Scan a project for the AI models it depends on and judge them against a policy",
		Long: `Scan walks PATH (default .), finds every model the project names — in code,
notebooks, configs, Dockerfiles, Modelfiles, URLs, local weight files and the
.aibom.yaml manifest — resolves each on its hub with its ancestry, identifies
its license and terms, applies the policy and writes the AI bill of materials.

Exit codes: 0 clean; 1 findings at or above --fail-on; 2 usage or
configuration error; 3 the scan itself failed.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			root := "."
			if len(args) == 1 {
				root = args[0]
			}
			return a.scan(c.Context(), c.Flags(), root)
		},
	}
	addScanFlags(c.Flags())
	return c
}

// output is one requested rendering: a format of the registry and where
// it goes.
type output struct {
	f     formats.Format
	file  string // "" for stdout
	color bool   // stdout is a terminal that takes colour
}

// parseOutputs resolves -f (stdout; terminal when unset and stdout is a
// terminal, else json) and each -o FORMAT=FILE against the one format
// registry, for documents of kind k. FILE - is stdout, in place of the
// default stdout format; stdout gets one format only. tree is the scanned
// tree ("" when the command scans none): a file inside it must not reach
// outside it through a symlinked directory.
func (a *app) parseOutputs(k formats.Kind, stdoutFormat, terminal string, extra []string, tree string) ([]output, error) {
	toStdout := stdoutOutputs(extra)
	switch {
	case toStdout > 1:
		return nil, usagef("-o: %d outputs name - (stdout); stdout takes one format", toStdout)
	case toStdout == 1 && stdoutFormat != "":
		return nil, usagef("-f %s and -o FORMAT=- both write to stdout; give one of them", stdoutFormat)
	}
	var outs []output
	if toStdout == 0 {
		if stdoutFormat == "" {
			stdoutFormat = "json"
			if isTerminal(a.stdout) {
				stdoutFormat = terminal
			}
		}
		f, err := formats.Find(stdoutFormat, k)
		if err != nil {
			return nil, usagef("--format: %v", err)
		}
		outs = append(outs, output{f: f, color: a.color(a.stdout)})
	}
	targets := map[string]string{}
	for _, o := range extra {
		name, file, ok := strings.Cut(o, "=")
		if !ok || name == "" || file == "" {
			return nil, usagef("-o %q: expected FORMAT=FILE, e.g. -o %s=out (FILE - is stdout)", o, formats.Names(k)[0])
		}
		f, err := formats.Find(name, k)
		if err != nil {
			return nil, usagef("-o %s: %v", o, err)
		}
		out := output{f: f, file: file}
		if file == "-" {
			out = output{f: f, color: a.color(a.stdout)}
		} else {
			abs, err := filepath.Abs(file)
			if err != nil {
				return nil, usagef("-o %s: %v", o, err)
			}
			if prev, dup := targets[abs]; dup {
				return nil, usagef("-o %s: %s is already the target of -o %s; each output needs its own file", o, file, prev)
			}
			targets[abs] = o
			if err := checkOutputDir(file, tree); err != nil {
				return nil, usagef("-o %s: %v", o, err)
			}
		}
		outs = append(outs, out)
	}
	return outs, nil
}

// checkOutputDir finds before the scan what would make writing file fail
// after it: a directory that does not exist, is not one, or refuses a new
// file (the output is written to a temporary file there, then renamed).
// A file named inside the scanned tree whose directory is a symlink that
// leaves the tree is refused: the pull request wrote that symlink, and it
// must not choose where aibom writes (`-o json=reports/x.json` with
// reports -> ~/.config). The file itself may be a symlink: the rename
// replaces the link, it does not write through it.
func checkOutputDir(file, tree string) error {
	dir := filepath.Dir(file)
	if err := insideTree(dir, tree); err != nil {
		return fmt.Errorf("cannot write %s: %v", file, err)
	}
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("cannot write %s: directory %s does not exist", file, dir)
	case err != nil:
		return fmt.Errorf("cannot write %s: %v", file, err)
	case !st.IsDir():
		return fmt.Errorf("cannot write %s: %s is not a directory", file, dir)
	}
	if st, err := os.Stat(file); err == nil && st.IsDir() {
		return fmt.Errorf("cannot write %s: it is a directory", file)
	}
	probe, err := os.CreateTemp(dir, ".aibom-check-*")
	if err != nil {
		return fmt.Errorf("cannot write %s: directory %s is not writable", file, dir)
	}
	probe.Close()
	return os.Remove(probe.Name())
}

// insideTree refuses a directory named inside tree's checkout (the git
// repository holding it, the pull request's whole work tree) that resolves
// outside it. A directory named outside is the caller's own choice.
func insideTree(dir, tree string) error {
	if tree == "" {
		return nil
	}
	absTree, err1 := filepath.Abs(tree)
	absDir, err2 := filepath.Abs(dir)
	if err := errors.Join(err1, err2); err != nil {
		return err
	}
	absTree = repoRoot(absTree)
	if !within(absDir, absTree) {
		return nil
	}
	realTree, err := filepath.EvalSymlinks(absTree)
	if err != nil {
		return err
	}
	realDir, err := filepath.EvalSymlinks(absDir)
	if err != nil {
		return nil // a missing directory is reported by the caller
	}
	if !within(realDir, realTree) {
		return fmt.Errorf("directory %s is inside the scanned checkout but a symlink takes it to %s, outside it; write the report outside the tree or through a real directory", dir, realDir)
	}
	return nil
}

// within says whether path is dir or below it (both absolute and clean).
func within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// write renders one document to every output: stdout (with colour when it
// is a terminal) or a file, written atomically.
func (a *app) write(outs []output, render func(f formats.Format, w io.Writer, o formats.Options) error) error {
	for _, o := range outs {
		if o.file == "" {
			if err := render(o.f, a.stdout, formats.Options{Color: o.color, Verbose: a.verbose > 0}); err != nil {
				return fmt.Errorf("writing %s to stdout: %w", o.f.ID, err)
			}
			continue
		}
		if err := writeFileAtomic(o.file, func(w io.Writer) error { return render(o.f, w, formats.Options{Verbose: a.verbose > 0}) }); err != nil {
			return fmt.Errorf("writing %s to %s: %w", o.f.ID, o.file, err)
		}
	}
	return nil
}

// outputs are the report outputs the format and outputs settings ask for.
func (a *app) outputs(cfg Config) ([]output, error) {
	return a.parseOutputs(formats.Report, cfg.Format, "table", cfg.Outputs, cfg.tree)
}

func (a *app) scan(ctx context.Context, flags *pflag.FlagSet, root string) error {
	rep, cfg, err := a.judgedScan(ctx, flags, root, scopeScan)
	if err != nil {
		return err
	}
	outs, err := a.outputs(cfg)
	if err != nil {
		return err
	}
	if err := a.writeOutputs(rep, outs); err != nil {
		return scanError{err}
	}
	return verdictError(rep)
}

// judgedScan loads the configuration for root, scans it and applies the
// policy; the judged report carries the verdict (verdictError).
// Every setting is validated before the scan starts, so a typo in a flag or
// policy never costs a scan.
func (a *app) judgedScan(ctx context.Context, flags *pflag.FlagSet, root string, scope settings.Scope) (*sbom.Report, Config, error) {
	if err := checkRootArg(root); err != nil {
		return nil, Config{}, err
	}
	cfg, err := a.loadConfig(flags, scope, root)
	if err != nil {
		return nil, cfg, err
	}
	if _, err := a.outputs(cfg); err != nil {
		return nil, cfg, err
	}
	judge, err := a.newJudge(cfg, flags)
	if err != nil {
		return nil, cfg, err
	}
	ts, err := a.timestamp()
	if err != nil {
		return nil, cfg, err
	}
	clients, err := a.hubClients(cfg, nil, 0)
	if err != nil {
		return nil, cfg, err
	}
	prog := newProgress(a.stderr, !a.quiet && isTerminal(a.stderr))
	rep, err := scanner.Scan(ctx, scanner.Options{
		Root: root,
		Discover: discover.Options{
			MaxFileSize:  cfg.MaxFileSize,
			IncludeDocs:  cfg.IncludeDocs,
			ExcludeTests: !cfg.IncludeTests,
			Exclude:      cfg.Exclude,
			OwnDirs:      []string{httpx.CacheRoot(cfg.CacheDir)},
			BaseRoot:     cfg.baseRoot,
		},
		Offline:      cfg.Offline,
		MaxDepth:     maxDepth(cfg.MaxDepth),
		Concurrency:  cfg.Concurrency,
		Timeout:      cfg.Timeout,
		ModelTimeout: cfg.ModelTimeout,
		Sanitizer:    a.sanitizer(),
		Progress:     prog.update,
		Clients:      clients,
		Logger:       a.logger(),
	})
	prog.close()
	if errors.Is(err, scanner.ErrTimedOut) && rep != nil {
		// A deadline is not a failed scan: the report lists every model,
		// the unanswered ones as timeout, and is judged like any other.
		err = nil
	}
	if err != nil {
		if errors.Is(err, scanner.ErrRoot) {
			return nil, cfg, usageError{err}
		}
		return nil, cfg, scanError{fmt.Errorf("scanning %s: %w", root, err)}
	}
	rep.Tool = sbom.Tool{Name: "aibom", Version: a.version()}
	rep.Timestamp = ts.Format("2006-01-02T15:04:05Z")
	rep.Config = cfg.audit(judge)
	// Warnings go to stderr, where a person sees them whatever the stdout
	// format; the reports carry them too.
	a.printWarnings(rep)
	if err := judge.apply(rep, ts); err != nil {
		return nil, cfg, err
	}
	return rep, cfg, nil
}

// printWarnings tells the person running the scan what went wrong and what
// was not read. A big tree can have thousands of bad files of one kind
// (JSON that is not JSON, files over the size limit): by default each kind
// of file warning with more than warnEach occurrences is one line with a
// count and the first file, and skipped files are one line of counts by
// reason. -v prints every one, -q none; the JSON report lists them all.
func (a *app) printWarnings(rep *sbom.Report) {
	if a.quiet {
		return
	}
	san := a.sanitizer()
	const warnEach = 3
	line := func(subject, msg string) {
		if subject == "" {
			fmt.Fprintf(a.stderr, "aibom: warning: %s\n", san.Line(msg, 400))
			return
		}
		fmt.Fprintf(a.stderr, "aibom: warning: %s: %s\n", san.Line(subject, 200), san.Line(msg, 300))
	}
	kinds := map[string][]sbom.Warning{}
	var order []string
	for _, w := range rep.Warnings {
		if w.Path == "" || a.verbose > 0 {
			continue
		}
		k := warningKind(w.Message)
		if kinds[k] == nil {
			order = append(order, k)
		}
		kinds[k] = append(kinds[k], w)
	}
	for _, w := range rep.Warnings {
		subject := w.Path
		if subject == "" {
			subject = w.Model
		}
		if w.Path != "" && a.verbose == 0 && len(kinds[warningKind(w.Message)]) > warnEach {
			continue
		}
		line(subject, w.Message)
	}
	for _, k := range order {
		if ws := kinds[k]; len(ws) > warnEach {
			line(fmt.Sprintf("%d files", len(ws)), fmt.Sprintf("%s (first: %s: %s); the JSON report lists them all, -v prints them", k, ws[0].Path, ws[0].Message))
		}
	}
	if len(rep.Skipped) == 0 {
		return
	}
	if a.verbose > 0 {
		for _, s := range rep.Skipped {
			fmt.Fprintf(a.stderr, "aibom: skipped: %s: %s (%s)\n", san.Line(s.Path, 200), s.Reason, san.Line(s.Detail, 200))
		}
		return
	}
	counts := sbom.SkipCounts(rep.Skipped)
	reasons := slices.Sorted(maps.Keys(counts))
	parts := make([]string, len(reasons))
	for i, r := range reasons {
		parts[i] = fmt.Sprintf("%d %s", counts[r], r)
	}
	noun := "files"
	if len(rep.Skipped) == 1 {
		noun = "file"
	}
	fmt.Fprintf(a.stderr, "aibom: skipped %d %s not read: %s; the JSON report lists them, -v prints them\n", len(rep.Skipped), noun, strings.Join(parts, ", "))
}

// warningKind is what file warnings of one kind share: the extractor and
// what failed ("config: parse json", "notebook: parse notebook"), or "read"
// for a file that could not be read; the rest (the path, the parser's
// detail) differs from file to file.
func warningKind(msg string) string {
	parts := strings.SplitN(msg, ": ", 3)
	switch {
	case strings.HasPrefix(parts[0], "read "):
		return "read"
	case len(parts) >= 2:
		return parts[0] + ": " + parts[1]
	}
	return parts[0]
}

func (a *app) writeOutputs(rep *sbom.Report, outs []output) error {
	return a.write(outs, func(f formats.Format, w io.Writer, o formats.Options) error { return f.WriteReport(w, rep, o) })
}

// writeFileAtomic writes through a temporary file in the same directory and
// renames it, so a killed run never leaves half a report.
func writeFileAtomic(path string, write func(io.Writer) error) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, ".aibom-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	// CreateTemp makes the file owner-only; a report is meant to be read.
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

func checkRootArg(root string) error {
	st, err := os.Stat(root)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return usagef("%s does not exist: give the project directory to scan", root)
	case err != nil:
		return usagef("cannot read %s: %v", root, err)
	case !st.IsDir():
		return usagef("%s is a file: give the project directory to scan", root)
	}
	f, err := os.Open(root)
	if err != nil {
		return usagef("cannot read %s: %v", root, err)
	}
	defer f.Close()
	if _, err := f.ReadDir(1); err != nil && !errors.Is(err, io.EOF) {
		return usagef("cannot read %s: %v", root, err)
	}
	return nil
}

func (a *app) configCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "config [PATH]",
		Short: "Print the effective configuration for scanning PATH, and where each value came from",
		Long: `Config prints the configuration a scan of PATH (default .) would use, after
layering defaults < PATH/.aibom.yaml < --config FILE < AIBOM_* environment
variables < flags, as YAML with a comment after each value naming its source:
default, file PATH:LINE, env VARIABLE or flag --name. With --base-tree it shows
the base revision's rules and lists the config changes a scan would report.

--keys prints every setting instead: its key, type, default, flag, variable
and who may set it (a repository's own .aibom.yaml may set only what a project
says about itself: models, context, exclude, policy and waivers).`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			if keys, _ := c.Flags().GetBool("keys"); keys {
				_, err := io.WriteString(a.stdout, settingsTable.Markdown(scopeScan|scopeGlobal))
				return err
			}
			root := "."
			if len(args) == 1 {
				root = args[0]
			}
			if err := checkRootArg(root); err != nil {
				return err
			}
			cfg, err := a.loadConfig(c.Flags(), scopeScan, root)
			if err != nil {
				return err
			}
			out, err := settingsTable.Describe(&cfg, cfg.sources, scopeScan)
			if err != nil {
				return err
			}
			// Values come from the scanned tree too: cleaned like every
			// other output (no terminal escapes, no bidi controls).
			out = append(out, describeChanges(cfg.policy.ConfigChanges)...)
			_, err = a.stdout.Write(a.sanitizer().Text(out))
			return err
		},
	}
	addScanFlags(c.Flags())
	c.Flags().Bool("keys", false, "list every setting (key, type, default, flag, variable, who may set it) instead")
	return c
}
