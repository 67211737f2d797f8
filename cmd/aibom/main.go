// Command aibom tells a team which AI models its software depends on, under
// which terms, and whether it may ship. See README.md.
package main

import "os"

func main() {
	stop := startProfiles()
	code := Run(os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
