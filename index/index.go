package index

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	bbolt "go.etcd.io/bbolt/errors"

	"github.com/newsdesk/newsdesk/index/actors"
)

// ErrNotFound is returned when an index or a report does not exist.
var ErrNotFound = errors.New("not found")

// ErrDamaged is returned when an index exists but cannot be read.
var ErrDamaged = errors.New("index is damaged; rebuild it with \"newsdesk index --rebuild\"")

// ErrInUse is returned when another process holds the index open for
// writing (a running "serve" or "index").
var ErrInUse = errors.New("index is in use by another newsdesk process; stop it first")

// lockWait is how long Open waits for another process to let go of the
// index before giving up with ErrInUse.
const lockWait = 3 * time.Second

// Index is an open newsdesk index.
type Index struct {
	bleve   bleve.Index
	path    string      // "" for an in-memory index
	dir     os.FileInfo // the index folder when opened, to notice replacement
	scoring scoring
	actors  actorState
}

// Open opens an existing index at path. A damaged index is an error,
// never a panic.
func Open(path string) (ix *Index, err error) {
	defer func() {
		if r := recover(); r != nil {
			ix, err = nil, fmt.Errorf("open index %q: %w: %v", path, ErrDamaged, r)
		}
	}()
	dir, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("open index %q: %w", path, ErrNotFound)
	}
	b, err := bleve.OpenUsing(path, map[string]any{"bolt_timeout": lockWait.String()})
	if errors.Is(err, bleve.ErrorIndexPathDoesNotExist) || errors.Is(err, bleve.ErrorIndexMetaMissing) {
		return nil, fmt.Errorf("open index %q: %w", path, ErrNotFound)
	}
	if errors.Is(err, bbolt.ErrTimeout) || err != nil && strings.Contains(err.Error(), bbolt.ErrTimeout.Error()) {
		return nil, fmt.Errorf("open index %q: %w", path, ErrInUse)
	}
	if err != nil {
		return nil, fmt.Errorf("open index %q: %w: %v", path, ErrDamaged, err)
	}
	ix = &Index{bleve: b, path: path, dir: dir}
	m, err := ix.manifest()
	if err != nil {
		b.Close()
		return nil, err
	}
	ix.setScoring(m)
	ix.refreshActors(true)
	return ix, nil
}

// Replaced reports whether another index has taken this one's place on
// disk since it was opened (a rebuild by another process).
func (ix *Index) Replaced() bool {
	if ix.path == "" || ix.dir == nil {
		return false
	}
	now, err := os.Stat(ix.path)
	return err == nil && !os.SameFile(now, ix.dir)
}

// Create makes a new, empty index at path; its parent folder is created.
func Create(path string) (*Index, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("create index %q: %w", path, err)
	}
	b, err := bleve.New(path, Mapping())
	if err != nil {
		return nil, fmt.Errorf("create index %q: %w", path, err)
	}
	return &Index{bleve: b, path: path}, nil
}

// NewMemory makes an empty in-memory index, for tests and trials.
func NewMemory() (*Index, error) {
	b, err := bleve.NewMemOnly(Mapping())
	if err != nil {
		return nil, fmt.Errorf("create in-memory index: %w", err)
	}
	return &Index{bleve: b}, nil
}

// NewMemoryFrom makes an in-memory index of the reports in the files and
// folders at paths, for tests and trials.
func NewMemoryFrom(paths ...string) (*Index, error) {
	var srcs []Source
	for _, p := range paths {
		s, err := DiskSource(p)
		if err != nil {
			return nil, err
		}
		srcs = append(srcs, s)
	}
	ix, err := NewMemory()
	if err != nil {
		return nil, err
	}
	if _, err := ix.Update(srcs, Options{}); err != nil {
		ix.Close()
		return nil, err
	}
	return ix, nil
}

// Exists reports whether an index is present at path.
func Exists(path string) bool {
	_, err := os.Stat(filepath.Join(path, "index_meta.json"))
	return err == nil
}

// Bleve returns the underlying Bleve index, for package search.
func (ix *Index) Bleve() bleve.Index { return ix.bleve }

// Path returns where the index lives on disk ("" in memory).
func (ix *Index) Path() string { return ix.path }

// Count returns the number of reports in the index.
func (ix *Index) Count() (uint64, error) { return ix.bleve.DocCount() }

// Close closes the index.
func (ix *Index) Close() error {
	ix.closeActors()
	return ix.bleve.Close()
}

// Rebuild builds a fresh index from sources beside the one at path and
// swaps it in only when it is complete; the old index stays untouched if
// anything fails. The returned index is open.
func Rebuild(path string, sources []Source, opts Options) (*Index, Stats, error) {
	stats, err := Build(path, sources, opts)
	if err != nil {
		return nil, stats, err
	}
	ix, err := Open(path)
	return ix, stats, err
}

// Build is Rebuild for a caller that does not search the index after: it
// leaves the new index closed. (Opening it again would also race a
// server that moves to it at once, and find it in use.)
func Build(path string, sources []Source, opts Options) (Stats, error) {
	if !opts.NoActors {
		go actors.Default() // load the tagger while the index is made
	}
	removeLeftovers(path)
	fresh := fmt.Sprintf("%s.new-%d", path, time.Now().UnixNano())
	ix, err := Create(fresh)
	if err != nil {
		return Stats{}, err
	}
	stats, err := ix.Update(sources, opts)
	if cerr := ix.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.RemoveAll(fresh)
		return stats, err
	}
	old := fmt.Sprintf("%s.old-%d", path, time.Now().UnixNano())
	// Whatever is at path (an index, or what a killed first build left)
	// goes aside.
	if _, err := os.Stat(path); err == nil {
		if err := os.Rename(path, old); err != nil {
			os.RemoveAll(fresh)
			return stats, fmt.Errorf("rebuild: move old index aside: %w", err)
		}
	}
	if err := os.Rename(fresh, path); err != nil {
		os.Rename(old, path) // put the old one back
		return stats, fmt.Errorf("rebuild: swap in new index: %w", err)
	}
	os.RemoveAll(old)
	return stats, nil
}

// removeLeftovers deletes the half-built and set-aside indexes a killed
// rebuild left beside path.
func removeLeftovers(path string) {
	for _, pattern := range []string{path + ".new-*", path + ".old-*"} {
		matches, _ := filepath.Glob(pattern)
		for _, m := range matches {
			os.RemoveAll(m)
		}
	}
}
