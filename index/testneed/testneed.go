// Package testneed lets a test require something from outside the
// repository (the shared evaluation data beside the clone, Debian's
// chromium): the test skips on a user's machine that lacks it and fails in
// CI, where it must be present (.ci/run sets CI=true).
package testneed

import (
	"os"
	"path/filepath"
	"testing"
)

// Path returns path made absolute, or ends the test when nothing is
// there: a skip outside CI, a failure in it. what says how to get it.
func Path(t testing.TB, path, what string) string {
	t.Helper()
	abs, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(abs); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI needs %s (%s): %v", abs, what, err)
		}
		t.Skipf("needs %s (%s)", abs, what)
	}
	return abs
}
