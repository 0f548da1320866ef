package index

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/document"
	bleveindex "github.com/blevesearch/bleve_index_api"
	"github.com/cespare/xxhash/v2"

	"github.com/newsdesk/newsdesk/index/actors"
)

// version changes whenever the stored form of a report or the actor
// extraction changes, so that an update re-indexes everything.
const version = "2"

// manifestKey is where the manifest lives in Bleve's internal storage,
// written in the same batch as the last documents.
var manifestKey = []byte("newsdesk.manifest")

// manifest records what each source file contributed, so that an update
// can skip unchanged files and reports and remove vanished ones.
type manifest struct {
	Version string                `json:"version"`
	Files   map[string]*fileEntry `json:"files"`
}

type fileEntry struct {
	Hash    string                  `json:"hash"`
	Reports map[string]*reportEntry `json:"reports"` // by report ID
}

// reportEntry is a report's content hash and the analysed lengths of its
// title and body, summed for BM25's average field length (scoring.go).
type reportEntry struct {
	Hash  string `json:"h"`
	Title int    `json:"t"`
	Body  int    `json:"b"`
}

// Options tune an update.
type Options struct {
	// BatchSize is the number of reports per Bleve batch (default 500).
	BatchSize int
	// Progress, when set, is called with running totals now and then.
	Progress func(Stats)
	// Problem, when set, is called for every report skipped or read with
	// a caveat.
	Problem func(Problem)
	// NoActors skips actor extraction: reports are indexed without
	// people, countries and organisations (faster; facets stay empty).
	NoActors bool
}

// Stats describe an update.
type Stats struct {
	Read      int            // reports read from changed files
	Indexed   int            // reports added or changed
	Unchanged int            // reports skipped because they did not change
	Deleted   int            // reports removed because their source changed or vanished
	Skipped   map[string]int // reports or files skipped, by reason
	Warnings  map[string]int // reports indexed with a caveat, by reason
	Bytes     int64          // bytes of source read
	Elapsed   time.Duration
}

// SkippedTotal is the number of reports or files skipped.
func (s Stats) SkippedTotal() int {
	n := 0
	for _, v := range s.Skipped {
		n += v
	}
	return n
}

// Update brings the index up to date with sources: new and changed
// reports are indexed, unchanged ones skipped, and reports whose file (or
// line) disappeared from a source are deleted. Files of other sources are
// not touched.
func (ix *Index) Update(sources []Source, opts Options) (Stats, error) {
	start := time.Now()
	if opts.BatchSize <= 0 {
		opts.BatchSize = 500
	}
	u := &updater{ix: ix, opts: opts, stats: Stats{Skipped: map[string]int{}, Warnings: map[string]int{}},
		done: map[string]bool{}}
	m, err := ix.manifest()
	if err != nil {
		return u.stats, err
	}
	u.manifest = m
	err = u.run(sources)
	u.stats.Elapsed = time.Since(start)
	return u.stats, err
}

func (ix *Index) manifest() (*manifest, error) {
	raw, err := ix.bleve.GetInternal(manifestKey)
	if err != nil {
		return nil, fmt.Errorf("read index manifest: %w", err)
	}
	m := &manifest{Version: version, Files: map[string]*fileEntry{}}
	if len(raw) == 0 {
		return m, nil
	}
	var head struct {
		Version string `json:"version"`
	}
	if err := json.Unmarshal(raw, &head); err != nil {
		return nil, fmt.Errorf("read index manifest: %w", err)
	}
	if head.Version != version {
		return nil, fmt.Errorf("index %q was built by another version of newsdesk (format %q, this one writes %q): "+
			"rebuild it with \"newsdesk index --rebuild\"", ix.path, head.Version, version)
	}
	if err := json.Unmarshal(raw, m); err != nil {
		return nil, fmt.Errorf("read index manifest: %w", err)
	}
	return m, nil
}

// updater is the state of one Update.
type updater struct {
	ix       *Index
	opts     Options
	manifest *manifest
	stats    Stats
	done     map[string]bool // report IDs indexed in this run
	deletes  []string
	mu       sync.Mutex // guards stats while the pipeline runs
}

func (u *updater) run(sources []Source) error {
	work := make(chan Report, 4096)
	extracted := make(chan Report, 4096)
	var wg sync.WaitGroup
	for range max(1, runtime.NumCPU()) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := range work {
				if !u.opts.NoActors {
					r.Actors = actors.Extract(r.Title, r.Body)
				}
				extracted <- r
			}
		}()
	}
	go func() { wg.Wait(); close(extracted) }()

	writeErr := make(chan error, 1)
	go func() { writeErr <- u.write(extracted) }()

	readErr := u.read(sources, work)
	close(work)
	if err := <-writeErr; err != nil {
		return err
	}
	return readErr
}

// read walks the sources and sends new and changed reports to work.
func (u *updater) read(sources []Source, work chan<- Report) error {
	for _, src := range sources {
		files, err := src.files()
		if err != nil {
			return err
		}
		seen := map[string]bool{}
		for _, f := range files {
			seen[f.key] = true
			u.readFile(f, work)
		}
		u.dropVanished(src, seen)
	}
	return nil
}

func (u *updater) readFile(f file, work chan<- Report) {
	data, err := fs.ReadFile(f.src.FS, f.path)
	if err != nil {
		u.problem(Problem{File: f.key, Reason: ReasonUnreadable, Err: err}, true)
		return
	}
	hash := fmt.Sprintf("%016x", xxhash.Sum64(data))
	old := u.manifest.Files[f.key]
	if old != nil && old.Hash == hash {
		u.count(func(s *Stats) { s.Unchanged += len(old.Reports) })
		return
	}
	reports, problems := f.parse(data)
	for _, p := range problems {
		u.problem(p, p.Reason != ReasonBadDate)
	}
	entry := &fileEntry{Hash: hash, Reports: map[string]*reportEntry{}}
	u.mu.Lock()
	u.manifest.Files[f.key] = entry
	u.mu.Unlock()
	for _, r := range reports {
		h := r.hash()
		u.count(func(s *Stats) { s.Read++; s.Bytes += int64(len(r.Title) + len(r.Body)) })
		if prev := old.report(r.ID); prev != nil && prev.Hash == h {
			u.setReport(f.key, r.ID, prev)
			u.count(func(s *Stats) { s.Unchanged++ })
			continue
		}
		// The writer fills in the lengths once Bleve has analysed it.
		u.setReport(f.key, r.ID, &reportEntry{Hash: h})
		r.origin = f.key
		work <- r
	}
	if old != nil {
		for id := range old.Reports {
			if _, ok := entry.Reports[id]; !ok {
				u.delete(id)
			}
		}
	}
}

func (e *fileEntry) report(id string) *reportEntry {
	if e == nil {
		return nil
	}
	return e.Reports[id]
}

func (u *updater) setReport(key, id string, e *reportEntry) {
	u.mu.Lock()
	u.manifest.Files[key].Reports[id] = e
	u.mu.Unlock()
}

// dropVanished deletes the reports of files of src that no longer exist.
func (u *updater) dropVanished(src Source, seen map[string]bool) {
	u.mu.Lock()
	var gone []string
	for key := range u.manifest.Files {
		if (key == src.Name || strings.HasPrefix(key, src.Name+"/")) && !seen[key] {
			gone = append(gone, key)
		}
	}
	sort.Strings(gone)
	u.mu.Unlock()
	for _, key := range gone {
		u.mu.Lock()
		entry := u.manifest.Files[key]
		delete(u.manifest.Files, key)
		u.mu.Unlock()
		for id := range entry.Reports {
			u.delete(id)
		}
	}
}

func (u *updater) delete(id string) {
	u.mu.Lock()
	u.deletes = append(u.deletes, id)
	u.mu.Unlock()
}

func (u *updater) problem(p Problem, skipped bool) {
	u.count(func(s *Stats) {
		if skipped {
			s.Skipped[p.Reason]++
		} else {
			s.Warnings[p.Reason]++
		}
	})
	if u.opts.Problem != nil {
		u.opts.Problem(p)
	}
}

func (u *updater) count(fn func(*Stats)) {
	u.mu.Lock()
	fn(&u.stats)
	u.mu.Unlock()
}

// write indexes extracted reports in batches, then applies deletions and
// stores the manifest.
func (u *updater) write(extracted <-chan Report) error {
	b := u.ix.bleve
	batch := b.NewBatch()
	var pending []analysed
	var failed error
	for r := range extracted {
		if failed != nil {
			continue // drain so the workers finish
		}
		doc := document.NewDocument(r.ID)
		if err := b.Mapping().MapDocument(doc, fields(&r)); err != nil {
			failed = fmt.Errorf("index report %q: %w", r.ID, err)
			continue
		}
		if err := batch.IndexAdvanced(doc); err != nil {
			failed = fmt.Errorf("index report %q: %w", r.ID, err)
			continue
		}
		u.mu.Lock()
		u.stats.Indexed++
		u.done[r.ID] = true
		pending = append(pending, analysed{doc, u.manifest.Files[r.origin].report(r.ID)})
		u.mu.Unlock()
		if batch.Size() >= u.opts.BatchSize {
			failed = u.flush(batch, pending)
			batch.Reset()
			pending = pending[:0]
			u.progress()
		}
	}
	if failed == nil {
		failed = u.flush(batch, pending)
	}
	if failed != nil {
		return failed
	}
	return u.finish()
}

// analysed pairs a document handed to Bleve with its manifest entry.
type analysed struct {
	doc   *document.Document
	entry *reportEntry
}

// flush writes a batch, then records the title and body lengths Bleve's
// analysis found (for BM25, see scoring.go): Bleve analyses the documents
// in place, so counting them again would double the analysis work.
func (u *updater) flush(batch *bleve.Batch, pending []analysed) error {
	if batch.Size() == 0 {
		return nil
	}
	if err := u.ix.bleve.Batch(batch); err != nil {
		return fmt.Errorf("write batch: %w", err)
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	for _, p := range pending {
		if p.entry == nil {
			continue
		}
		p.doc.VisitFields(func(f bleveindex.Field) {
			switch f.Name() {
			case FieldTitle:
				p.entry.Title = f.AnalyzedLength()
			case FieldBody:
				p.entry.Body = f.AnalyzedLength()
			}
		})
	}
	return nil
}

// finish applies deletions and stores the manifest in one last batch.
func (u *updater) finish() error {
	u.mu.Lock()
	defer u.mu.Unlock()
	batch := u.ix.bleve.NewBatch()
	for _, id := range u.deletes {
		// A report that moved to another file was indexed again this run.
		if !u.done[id] {
			batch.Delete(id)
			u.stats.Deleted++
		}
	}
	raw, err := json.Marshal(u.manifest)
	if err != nil {
		return fmt.Errorf("write index manifest: %w", err)
	}
	batch.SetInternal(manifestKey, raw)
	if err := u.ix.bleve.Batch(batch); err != nil {
		return fmt.Errorf("write batch: %w", err)
	}
	u.ix.setScoring(u.manifest)
	return nil
}

func (u *updater) progress() {
	if u.opts.Progress == nil {
		return
	}
	u.mu.Lock()
	s := u.stats
	u.mu.Unlock()
	u.opts.Progress(s)
}
