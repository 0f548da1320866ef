package index

import (
	"path/filepath"
	"testing"

	"github.com/newsdesk/newsdesk/index/testneed"
)

// sharedCorpus returns ../shared/corpus, the evaluation corpora that live
// beside the clone. The test needs it: it skips when it is absent (a
// user's clone) but fails in CI, where it must be present.
func sharedCorpus(t *testing.T) string {
	t.Helper()
	return testneed.Path(t, filepath.Join("..", "..", "shared", "corpus"), "the shared evaluation corpora beside the clone")
}

// TestSharedCorporaIndex indexes every corpus under ../shared/corpus.
func TestSharedCorporaIndex(t *testing.T) {
	if testing.Short() {
		t.Skip("indexes 31,000 reports")
	}
	dir := sharedCorpus(t)
	want := map[string]int{ // reports per file (the corpus README's counts)
		"reuters21578.jsonl": 21577, // 21,578 less one record with neither title nor body
		"bbc.jsonl":          2225,
		"agnews_test.jsonl":  7600,
		"wikinews.jsonl":     291,
	}
	// On disk: Bleve's scorch index builds about ten times faster than
	// its in-memory one at this size.
	ix, err := Create(filepath.Join(t.TempDir(), "idx"))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	total := 0
	for name, n := range want {
		src, err := DiskSource(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		var problems []Problem
		stats, err := ix.Update([]Source{src}, Options{Problem: func(p Problem) { problems = append(problems, p) }})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if stats.Indexed != n {
			t.Errorf("%s: indexed %d, want %d", name, stats.Indexed, n)
		}
		for _, p := range problems {
			if p.Reason != ReasonNoText {
				t.Errorf("%s: unexpected problem %v", name, p)
			}
		}
		total += n
	}
	if got, _ := ix.Count(); int(got) != total {
		t.Errorf("index holds %d reports, want %d", got, total)
	}
}
