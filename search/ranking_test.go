package search

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/index"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// rankingQueries are fixed searches over the seed corpus whose top hits are
// pinned in testdata/ranking.golden: a ranking change shows as a diff.
// Regenerate with: go test ./search -run TestRankingGolden -update
var rankingQueries = []string{
	"q=Taliban",
	"q=Russia+Taliban",
	"q=%22peace+talks%22",
	"q=election+fraud",
	"q=earthquake+tsunami",
	"q=vaccine",
	"q=climate+protest",
	"q=football+world+cup",
	"q=title:explosion",
	"q=president&country=US",
	"country=RU&sort=date",
}

func TestRankingGolden(t *testing.T) {
	ix, err := index.Create(filepath.Join(t.TempDir(), "idx"))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	src, err := index.DiskSource("../seeds")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Update([]index.Source{src}, index.Options{}); err != nil {
		t.Fatal(err)
	}
	s := New(ix, Config{})
	var b strings.Builder
	for _, q := range rankingQueries {
		// Reports that tie (same score; by date, same date too) come in the index's
		// own order, which depends on how its segments were merged: the
		// golden file lists them by ID, from enough hits to hold the ties.
		res := mustSearch(t, s, q+"&size=50")
		hits := res.Hits
		byDate := strings.Contains(q, "sort=date")
		tie := func(a, b Hit) bool {
			return a.Score == b.Score && (!byDate || (a.Date == nil) == (b.Date == nil) && (a.Date == nil || a.Date.Equal(*b.Date)))
		}
		for i := 0; i < len(hits); {
			j := i + 1
			for j < len(hits) && tie(hits[i], hits[j]) {
				j++
			}
			slices.SortFunc(hits[i:j], func(a, b Hit) int { return strings.Compare(a.ID, b.ID) })
			i = j
		}
		fmt.Fprintf(&b, "%s\ttotal %d\n", q, res.Total)
		for i, h := range hits[:min(5, len(hits))] {
			fmt.Fprintf(&b, "  %d. %s\t%s\n", i+1, h.ID, h.Title)
		}
	}
	golden := filepath.Join("testdata", "ranking.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if b.String() != string(want) {
		t.Errorf("ranking changed; if intended, run go test ./search -run TestRankingGolden -update\n got:\n%s\nwant:\n%s", b.String(), want)
	}
}
