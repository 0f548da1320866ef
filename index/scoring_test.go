package index

import (
	"path/filepath"
	"testing"
)

func TestBM25StatsAreAverageLengths(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "a.txt"), "One two three\n\nAlpha beta gamma delta epsilon.")           // 3 + 5 tokens
	write(t, filepath.Join(dir, "b.txt"), "Four\n\nZeta eta theta iota kappa lambda mu nu xi omicron.") // 1 + 10
	ix, err := Create(filepath.Join(t.TempDir(), "idx"))
	if err != nil {
		t.Fatal(err)
	}
	mustUpdate(t, ix, dir)
	check := func(ix *Index) {
		t.Helper()
		s := ix.BM25Stats()
		if s == nil {
			t.Fatal("no BM25 statistics")
		}
		if s.DocCount != 2 || s.FieldCardinality[FieldTitle] != 4 || s.FieldCardinality[FieldBody] != 15 ||
			s.FieldCardinality["_all"] != 19 {
			t.Errorf("stats = %+v, want 2 docs, 4 title tokens, 15 body tokens, 19 in all", s)
		}
	}
	check(ix)
	path := ix.Path()
	ix.Close()
	ix, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	check(ix) // kept in the manifest across restarts
}
