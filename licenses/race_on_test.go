//go:build race

package licenses

// raceDetector is true under -race, which slows identification about
// tenfold; the widest test matrices then take a deterministic sample and
// the plain `go test ./...` run covers them whole.
const raceDetector = true
