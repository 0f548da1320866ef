package index

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/newsdesk/newsdesk/index/actors"
)

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func mustUpdate(t *testing.T, ix *Index, dir string) Stats {
	t.Helper()
	src, err := DiskSource(dir)
	if err != nil {
		t.Fatal(err)
	}
	stats, err := ix.Update([]Source{src}, Options{BatchSize: 2})
	if err != nil {
		t.Fatal(err)
	}
	return stats
}

func titleOf(t *testing.T, ix *Index, id string) string {
	t.Helper()
	doc, err := ix.bleve.Document(id)
	if err != nil {
		t.Fatal(err)
	}
	if doc == nil {
		return ""
	}
	r := ""
	doc.VisitFields(func(f bleveindex.Field) {
		if f.Name() == FieldTitle {
			r = string(f.Value())
		}
	})
	return r
}

func TestUpdateIsIncremental(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "a.txt"), "Report A\n\nAbout Russia.")
	write(t, filepath.Join(dir, "b.txt"), "Report B\n\nAbout Pakistan.")
	write(t, filepath.Join(dir, "feed.jsonl"), `{"id":"f1","title":"F one","body":"x"}`+"\n"+`{"id":"f2","title":"F two","body":"y"}`+"\n")
	ix, err := Create(filepath.Join(t.TempDir(), "idx"))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()

	s := mustUpdate(t, ix, dir)
	if s.Indexed != 4 || s.Unchanged != 0 || s.Deleted != 0 {
		t.Fatalf("first run: %+v, want 4 indexed", s)
	}

	s = mustUpdate(t, ix, dir)
	if s.Indexed != 0 || s.Unchanged != 4 {
		t.Fatalf("second run: %+v, want all 4 unchanged", s)
	}

	// Change one file, add one, delete one; in the feed change one line and drop the other.
	write(t, filepath.Join(dir, "a.txt"), "Report A, revised\n\nAbout Russia.")
	write(t, filepath.Join(dir, "c.txt"), "Report C\n\nNew.")
	if err := os.Remove(filepath.Join(dir, "b.txt")); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "feed.jsonl"), `{"id":"f1","title":"F one","body":"x"}`+"\n")
	s = mustUpdate(t, ix, dir)
	if s.Indexed != 2 || s.Unchanged != 1 || s.Deleted != 2 {
		t.Fatalf("third run: %+v, want 2 indexed (a, c), 1 unchanged (f1), 2 deleted (b, f2)", s)
	}
	if n, _ := ix.Count(); n != 3 {
		t.Errorf("count = %d, want 3 (a, c, f1)", n)
	}
	if got := titleOf(t, ix, "a"); got != "Report A, revised" {
		t.Errorf("a title = %q, want the revised one", got)
	}
	if got := titleOf(t, ix, "b"); got != "" {
		t.Errorf("b still indexed with title %q", got)
	}
}

func TestUpdateLeavesOtherSourcesAlone(t *testing.T) {
	one, two := t.TempDir(), t.TempDir()
	write(t, filepath.Join(one, "a.txt"), "A\n\ntext")
	write(t, filepath.Join(two, "b.txt"), "B\n\ntext")
	ix, err := NewMemory()
	if err != nil {
		t.Fatal(err)
	}
	mustUpdate(t, ix, one)
	mustUpdate(t, ix, two)
	if n, _ := ix.Count(); n != 2 {
		t.Errorf("count = %d, want 2: indexing one source must not delete another's reports", n)
	}
}

func TestRebuildSwapsInCompleteIndex(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "a.txt"), "A\n\ntext")
	path := filepath.Join(t.TempDir(), "idx")
	src, err := DiskSource(dir)
	if err != nil {
		t.Fatal(err)
	}
	ix, _, err := Rebuild(path, []Source{src}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()

	write(t, filepath.Join(dir, "b.txt"), "B\n\ntext")
	ix, stats, err := Rebuild(path, []Source{src}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if stats.Indexed != 2 {
		t.Errorf("rebuild indexed %d, want 2 (a fresh index re-reads everything)", stats.Indexed)
	}
	if n, _ := ix.Count(); n != 2 {
		t.Errorf("count = %d, want 2", n)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("index folder holds %d entries, want only the swapped-in index", len(entries))
	}
}

func TestOpenReportsIndexInUse(t *testing.T) {
	path := filepath.Join(t.TempDir(), "idx")
	ix, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	// A second open in the same process stands in for a second process:
	// bolt's file lock is per open file.
	if other, err := Open(path); !errors.Is(err, ErrInUse) {
		if other != nil {
			other.Close()
		}
		t.Fatalf("second Open: %v, want ErrInUse", err)
	}
}

// TestExtractionPanicIsAnError: a defect in the extractor (here a nil
// session) costs the report its actors, not the run.
func TestExtractionPanicIsAnError(t *testing.T) {
	r := Report{ID: "r1", Title: "Vladimir Putin", Body: "Putin met Xi in Moscow."}
	err := ExtractActors(nil, &r)
	if err == nil || !strings.Contains(err.Error(), `"r1"`) {
		t.Fatalf("err = %v, want an error naming the report", err)
	}
	if r.People == nil || len(r.People) != 0 || r.Countries == nil || r.Organizations == nil {
		t.Errorf("actors after a failed extraction = %+v, want empty lists", r.Actors)
	}
}

// TestDatelineNamesACountry: a report filed from a place is about the
// place's country even when its text never names it (US company news
// under "LOS ANGELES, March 3"); a dateline naming no known place adds
// nothing.
func TestDatelineNamesACountry(t *testing.T) {
	s := actors.Default().NewSession()
	for _, tt := range []struct {
		place, body string
		want        []string
	}{
		{"Los Angeles", "Acme Inc said its fourth quarter net rose to five mln dlrs.", []string{"US"}},
		{"Ottawa", "The finance minister said the budget would be balanced.", []string{"CA"}},
		{"Tokyo", "Japan's exports rose in March.", []string{"JP"}},
		{"Springfield Heights", "The board met on Monday.", nil},
		{"Homestead, Fla.", "Kevin Harvick held off Jamie McMurray.", []string{"US"}},
		{"Aurora, Ont.", "Magna International unveiled bids.", []string{"CA"}}, // not Aurora, Colorado
		{"Abidjan, Ivory Coast", "France defended itself on Friday.", []string{"FR", "CI"}},
	} {
		r := Report{ID: "r", Title: "Results", Body: tt.body, Place: tt.place}
		if err := ExtractActors(s, &r); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, c := range r.Countries {
			got = append(got, c.Code)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("dateline %q: countries %v, want %v", tt.place, got, tt.want)
		}
	}
}

// TestManifestStoredGzipped: the manifest is stored gzipped (Bleve keeps
// it in memory while the index is open), and one stored as plain JSON, as
// earlier builds wrote it, still makes the next update incremental.
func TestManifestStoredGzipped(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "a.txt"), "Report A\n\nAbout Russia.")
	write(t, filepath.Join(dir, "feed.jsonl"), `{"id":"f1","title":"F one","body":"x"}`+"\n")
	path := filepath.Join(t.TempDir(), "idx")
	ix, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	mustUpdate(t, ix, dir)
	raw, err := ix.bleve.GetInternal(manifestKey)
	if err != nil || !bytes.HasPrefix(raw, []byte{0x1f, 0x8b}) {
		t.Fatalf("stored manifest is not gzipped: %.20q, %v", raw, err)
	}
	m, err := ix.manifest()
	if err != nil || len(m.Files) != 2 {
		t.Fatalf("manifest read back: %+v, %v", m, err)
	}
	plain, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.bleve.SetInternal(manifestKey, plain); err != nil {
		t.Fatal(err)
	}
	ix.Close()

	if ix, err = Open(path); err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if s := mustUpdate(t, ix, dir); s.Indexed != 0 || s.Unchanged != 2 {
		t.Errorf("update over a plain JSON manifest: %+v, want both unchanged", s)
	}
}
