package main

import (
	"fmt"

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
not know gets a stable LicenseRef and terms from the clause extractor.

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
				err = licenses.WriteIdentificationsTable(a.stdout, ids)
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
