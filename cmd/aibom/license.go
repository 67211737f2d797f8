package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/aibom/aibom/licenses"
	"github.com/aibom/aibom/sbom"
)

// licenseCmd identifies license files and prints their terms.
func (a *app) licenseCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "license FILE...",
		Short: "Identify license texts and extract their terms, with the clause behind each",
		Long: `License identifies each FILE against aibom's catalog of model and OSS licenses
(by text, so versions are told apart), reports the matched spans and confidence,
and prints the terms that decide whether a product may ship. A text aibom does
not know gets a stable LicenseRef and terms from the clause extractor. A PDF is
read through its text.

For each term the output gives its value, how sure the reading is (stated: a
clause says it; inferred: derived from a clause, such as commercial use from a
broad grant; unresolved: the text is silent or contradicts itself; catalog: the
curated terms of a known license) and the clause behind it, with its byte
offsets in the file (in the extracted text for a PDF).

A file that cannot be read is reported on stderr and the others are still
identified; the exit code is then 2.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			format, _ := c.Flags().GetString("format")
			if format == "" {
				format = "json"
				if isTerminal(a.stdout) {
					format = "table"
				}
			}
			if format != "json" && format != "table" {
				return usagef("--format %q: license prints json or table", format)
			}
			ids, errs := licenses.IdentifyFiles(args)
			for _, err := range errs {
				fmt.Fprintf(a.stderr, "aibom: %s\n", sbom.Clean(err.Error(), 500))
			}
			var err error
			if format == "json" {
				err = licenses.WriteIdentificationsJSON(a.stdout, ids)
			} else {
				err = writeLicenseTable(a.stdout, ids)
			}
			if err != nil {
				return scanError{err}
			}
			if len(errs) > 0 {
				return usagef("%d of %d file(s) could not be read", len(errs), len(args))
			}
			return nil
		},
	}
	c.Flags().StringP("format", "f", "", "json or table (default table on a terminal, else json)")
	return c
}

// writeLicenseTable writes the one-line summary of every file, then for
// each file its terms: value, certainty and the clause behind each. Quotes
// come from the file, so they are cleaned of terminal escapes and cut.
func writeLicenseTable(w io.Writer, ids []licenses.Identification) error {
	if err := licenses.WriteIdentificationsTable(w, ids); err != nil {
		return err
	}
	for _, id := range ids {
		fmt.Fprintf(w, "\n%s\n", sbom.Clean(id.File, 300))
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "  TERM\tVALUE\tCERTAINTY\tCLAUSE")
		for _, r := range id.Terms.Rows(id.Key != "") {
			clause := "-"
			if q := strings.Join(strings.Fields(r.Clause.Quote), " "); q != "" {
				clause = fmt.Sprintf("%q", sbom.Clean(q, 160))
				if r.Clause.End > 0 {
					clause += fmt.Sprintf(" [%d-%d]", r.Clause.Start, r.Clause.End)
				}
				if r.Clause.Source != "" && r.Clause.Source != id.Key {
					clause += " (" + r.Clause.Source + ")"
				}
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", r.Field, sbom.Clean(r.Value, 80), orDash(r.Certainty), clause)
		}
		if err := tw.Flush(); err != nil {
			return fmt.Errorf("write license terms: %w", err)
		}
	}
	return nil
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
