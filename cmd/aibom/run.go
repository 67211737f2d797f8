package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/aibom/aibom/internal/buildinfo"
	"github.com/aibom/aibom/internal/settings"
)

// version is set at link time (-ldflags "-X main.version=…"); otherwise
// buildinfo.Version reads the module version or VCS revision of the build.
var version = ""

// app carries what every command needs from the process: where to write and
// how to read the environment and the clock. Tests build one per run.
type app struct {
	stdout, stderr io.Writer
	getenv         func(string) string
	// environ lists the environment (os.Environ) for the check of unknown
	// AIBOM_* names; nil skips it.
	environ func() []string
	now     func() time.Time
	// quiet and verbose are the -q and -v settings, read before any
	// command runs.
	quiet   bool
	verbose int
}

func (a *app) version() string { return buildinfo.Version(version) }

// timestamp is the report time: SOURCE_DATE_EPOCH when set (reproducible
// builds), else the clock.
func (a *app) timestamp() (time.Time, error) {
	if s := a.getenv("SOURCE_DATE_EPOCH"); s != "" {
		sec, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return time.Time{}, usagef("SOURCE_DATE_EPOCH %q: expected seconds since 1970", s)
		}
		return time.Unix(sec, 0).UTC(), nil
	}
	return a.now().UTC().Truncate(time.Second), nil
}

// isTerminal reports whether w is a terminal (for the default format and colour).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// color reports whether terminal colour may be used on w.
func (a *app) color(w io.Writer) bool {
	if _, set := os.LookupEnv("NO_COLOR"); set || a.getenv("NO_COLOR") != "" {
		return false
	}
	if a.getenv("TERM") == "dumb" {
		return false
	}
	return isTerminal(w)
}

// Run runs aibom with args (without the program name) and returns the exit
// code. It is the whole CLI, callable in-process from tests.
func Run(args []string, stdout, stderr io.Writer) int {
	a := &app{stdout: stdout, stderr: stderr, getenv: os.Getenv, environ: os.Environ, now: time.Now}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	return a.run(ctx, args)
}

func (a *app) run(ctx context.Context, args []string) int {
	root := a.rootCmd()
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err != nil && !isTyped(err) {
		// cobra's own errors (unknown command, bad flag) are usage errors.
		err = usageError{err}
	}
	var ie incompleteError
	if a.quiet && errors.As(err, &ie) {
		return exitFindings // -q: the exit code says it; the report has the why
	}
	return exitCode(err, a.stderr)
}

// otherEnv are AIBOM_* variables that are not settings: the Action's and
// the test suite's.
var otherEnv = []string{"AIBOM_ACTION_BIN_DIR", "AIBOM_SHARED"}

func isTyped(err error) bool {
	var ue usageError
	var fe findingsError
	var se scanError
	var ie incompleteError
	return errors.As(err, &ue) || errors.As(err, &fe) || errors.As(err, &se) || errors.As(err, &ie)
}

// scanError is a failure of the scan itself (exit 3).
type scanError struct{ err error }

func (e scanError) Error() string { return e.err.Error() }
func (e scanError) Unwrap() error { return e.err }

func (a *app) rootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:           "aibom",
		Short:         "Find the AI models a project depends on, their licenses and terms, and whether it may ship",
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       a.version(),
	}
	root.SetOut(a.stdout)
	root.SetErr(a.stderr)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usagef("%v (see 'aibom %s --help')", err, c.Name())
	})
	root.SetVersionTemplate("aibom {{.Version}}\n")
	addSettingsFlags(root.PersistentFlags(), scopeGlobal)
	root.PersistentPreRunE = func(c *cobra.Command, _ []string) error {
		var g Config
		if _, err := settingsTable.Load(&g, settings.Input{Scope: scopeGlobal, Getenv: a.getenv, Flags: c.Flags()}); err != nil {
			return usageError{err}
		}
		a.quiet, a.verbose = g.Quiet, g.Verbose
		if a.environ != nil && !a.quiet {
			for _, w := range settingsTable.UnknownEnv(a.environ(), "AIBOM_", otherEnv...) {
				fmt.Fprintf(a.stderr, "aibom: warning: %s\n", w)
			}
		}
		return nil
	}
	for _, mk := range []func() *cobra.Command{
		a.scanCmd,
		a.versionCmd,
		a.configCmd,
		a.checkCmd,
		a.convertCmd,
		a.catalogCmd,
		a.noticeCmd,
		a.licenseCmd,
		a.explainCmd,
		a.diffCmd,
		a.auditCmd, a.mergeCmd,
	} {
		root.AddCommand(mk())
	}
	return root
}

func (a *app) versionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print aibom's version",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			_, err := io.WriteString(a.stdout, "aibom "+a.version()+"\n")
			return err
		},
	}
}
