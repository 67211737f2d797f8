//go:build !race

package licenses

const raceDetector = false
