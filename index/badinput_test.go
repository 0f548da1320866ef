package index

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// TestBadInput indexes a folder holding every kind of bad input next to a
// good report: each bad one is reported (file, line, reason) and skipped or
// kept as documented, and the rest of the run completes.
func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "good.txt"), "Good report\n\nAbout Russia.")
	write(t, filepath.Join(dir, "latin1.txt"), "Caf\xe9 news\n\nA report in Latin-1 \xe9t\xe9.")
	write(t, filepath.Join(dir, "binary.txt"), "\x00\x01\x02PNG\x00\x00 not text")
	write(t, filepath.Join(dir, "empty.txt"), "   \n")
	write(t, filepath.Join(dir, "huge.txt"), "Huge\n\n"+strings.Repeat("word ", 3<<20/5))
	write(t, filepath.Join(dir, "feed.jsonl"), strings.Join([]string{
		`{"id":"f1","title":"First","body":"ok"}`,
		`this is not JSON`,
		`{"id":"f3","title":"","body":""}`,
		`{"id":"f4","title":"Odd date","body":"x","date":"the day after"}`,
		strings.Repeat("[", 20000) + strings.Repeat("]", 20000),
		`{"id":"f6","title":"` + strings.Repeat("x", 3<<20) + `"}`,
		`{"id":"dup","title":"Earlier","body":"first copy"}`,
	}, "\n")+"\n")
	write(t, filepath.Join(dir, "later.jsonl"), `{"id":"dup","title":"Later","body":"second copy"}`+"\n")
	write(t, filepath.Join(dir, "items.json"), `[{"id":"j1","title":"Item","body":"x"}, {"id":"j2"}]`)
	if err := os.Symlink(filepath.Join(dir, "loop2.txt"), filepath.Join(dir, "loop1.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "loop1.txt"), filepath.Join(dir, "loop2.txt")); err != nil {
		t.Fatal(err)
	}

	ix, err := NewMemory()
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	src, err := DiskSource(dir)
	if err != nil {
		t.Fatal(err)
	}
	var problems []Problem
	stats, err := ix.Update([]Source{src}, Options{MaxReportBytes: 2 << 20, Problem: func(p Problem) { problems = append(problems, p) }})
	if err != nil {
		t.Fatal(err)
	}

	type key struct {
		file   string
		line   int
		reason string
		kept   bool
	}
	got := map[key]bool{}
	for _, p := range problems {
		got[key{filepath.Base(p.File), p.Line, p.Reason, p.Kept}] = true
		if !strings.Contains(p.Error(), filepath.Base(p.File)) {
			t.Errorf("message %q does not name the file", p.Error())
		}
	}
	for _, want := range []key{
		{"latin1.txt", 0, ReasonRepaired, true},
		{"binary.txt", 0, ReasonBinary, false},
		{"empty.txt", 0, ReasonEmpty, false},
		{"huge.txt", 0, ReasonTooLarge, false},
		{"feed.jsonl", 2, ReasonInvalidJSON, false},
		{"feed.jsonl", 3, ReasonNoText, false},
		{"feed.jsonl", 4, ReasonBadDate, true},
		{"feed.jsonl", 5, ReasonInvalidJSON, false},
		{"feed.jsonl", 6, ReasonTooLarge, false},
		{"later.jsonl", 0, ReasonDuplicateID, true},
		{"items.json", 0, ReasonNoText, false},
		{"loop1.txt", 0, ReasonUnreadable, false},
		{"loop2.txt", 0, ReasonUnreadable, false},
	} {
		if !got[want] {
			t.Errorf("no problem %+v; got %+v", want, got)
		}
	}
	// good, latin1, f1, f4, dup (twice read, once indexed), j1
	if n, _ := ix.Count(); n != 6 {
		t.Errorf("index holds %d reports, want 6", n)
	}
	if title := titleOf(t, ix, "dup"); title != "Later" {
		t.Errorf("duplicate id holds %q, want the last one read", title)
	}
	if title := titleOf(t, ix, "latin1"); !strings.Contains(title, "\ufffd") {
		t.Errorf("repaired title %q", title)
	}
	if stats.SkippedTotal() != 10 || stats.Warnings[ReasonRepaired] != 1 {
		t.Errorf("stats %+v", stats)
	}
}

// failingFS fails to open or list the paths it is told to.
type failingFS struct {
	fstest.MapFS
	fail map[string]bool
}

func (f failingFS) Open(name string) (fs.File, error) {
	if f.fail[name] {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return f.MapFS.Open(name)
}

func (f failingFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if f.fail[name] {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrPermission}
	}
	return f.MapFS.ReadDir(name)
}

// TestUnreadableKeepsWhatWasIndexed: a folder or file that cannot be read
// this time is reported, and the reports indexed from it earlier stay.
func TestUnreadableKeepsWhatWasIndexed(t *testing.T) {
	files := fstest.MapFS{
		"r/a.txt":     {Data: []byte("A\n\ntext")},
		"r/sub/b.txt": {Data: []byte("B\n\ntext")},
		"r/c.txt":     {Data: []byte("C\n\ntext")},
	}
	ix, err := NewMemory()
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	src := Source{FS: files, Root: "r", Name: "r"}
	if _, err := ix.Update([]Source{src}, Options{}); err != nil {
		t.Fatal(err)
	}
	src.FS = failingFS{files, map[string]bool{"r/sub": true, "r/c.txt": true}}
	var problems []Problem
	stats, err := ix.Update([]Source{src}, Options{Problem: func(p Problem) { problems = append(problems, p) }})
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) != 2 || stats.Skipped[ReasonUnreadable] != 2 {
		t.Errorf("problems %v, want r/sub and r/c.txt unreadable", problems)
	}
	if n, _ := ix.Count(); n != 3 || stats.Deleted != 0 {
		t.Errorf("count %d, deleted %d: unreadable files must not count as deleted", n, stats.Deleted)
	}
}

func TestStrictStopsAtFirstSkip(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "a.jsonl"), `{"id":"a1","title":"A","body":"x"}`+"\nnot json\n"+`{"id":"a3","title":"A3","body":"x"}`+"\n")
	ix, err := NewMemory()
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	src, _ := DiskSource(dir)
	if _, err := ix.Update([]Source{src}, Options{Strict: true}); err == nil {
		t.Fatal("strict update with a bad line succeeded")
	}
	m, _ := ix.manifest()
	if len(m.Files) != 0 {
		t.Errorf("strict failure wrote the manifest: %v", m.Files)
	}
}

// bigFeed is an fs.FS whose one file is a JSONL feed of n bytes, made up
// as it is read.
type bigFeed struct{ size int64 }

func (b bigFeed) Open(name string) (fs.File, error) {
	if name != "feed.jsonl" {
		return nil, fs.ErrNotExist
	}
	line := `{"id":"r","title":"A report","body":"` + strings.Repeat("Text of the report. ", 40) + `"}` + "\n"
	return &feedFile{r: io.LimitReader(repeatReader(line), b.size), size: b.size}, nil
}

type feedFile struct {
	r    io.Reader
	size int64
}

func (f *feedFile) Read(p []byte) (int, error) { return f.r.Read(p) }
func (f *feedFile) Close() error               { return nil }
func (f *feedFile) Stat() (fs.FileInfo, error) { return feedInfo{f.size}, nil }

type feedInfo struct{ size int64 }

func (i feedInfo) Name() string       { return "feed.jsonl" }
func (i feedInfo) Size() int64        { return i.size }
func (i feedInfo) Mode() fs.FileMode  { return 0o444 }
func (i feedInfo) ModTime() time.Time { return time.Time{} }
func (i feedInfo) IsDir() bool        { return false }
func (i feedInfo) Sys() any           { return nil }

type repeatReader string

func (r repeatReader) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		n += copy(p[n:], r)
	}
	return n, nil
}

// TestStreamingKeepsMemoryFlat reads a 256 MB JSON Lines feed: the heap
// stays far below the size of the file.
func TestStreamingKeepsMemoryFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 256 MB")
	}
	src := Source{FS: bigFeed{256 << 20}, Root: "feed.jsonl", Name: "feed"}
	var peak uint64
	n := 0
	err := src.Reports(func(Report) error {
		n++
		if n%20000 == 0 {
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			peak = max(peak, m.HeapInuse)
		}
		return nil
	}, func(p Problem) {
		if !errors.Is(p.Err, io.ErrUnexpectedEOF) && p.Reason != ReasonInvalidJSON {
			t.Errorf("problem %v", p)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 200000 || peak > 64<<20 {
		t.Errorf("read %d reports with a peak heap of %d MB, want over 200,000 under 64 MB", n, peak>>20)
	}
}
