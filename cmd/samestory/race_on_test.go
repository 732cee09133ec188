//go:build race

package main

// raceEnabled tells tests that the race detector is on: the big generated
// inputs are then skipped (they would take minutes).
const raceEnabled = true
