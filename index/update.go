package index

import (
	"errors"
	"fmt"
	"io"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/cespare/xxhash/v2"

	"github.com/newsdesk/newsdesk/index/actors"
)

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
	// MaxReportBytes bounds one report (default DefaultMaxReportBytes).
	MaxReportBytes int
	// Strict stops at the first report skipped; the manifest is not
	// written, so the next run reads every changed file again.
	Strict bool
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
	if opts.MaxReportBytes <= 0 {
		opts.MaxReportBytes = DefaultMaxReportBytes
	}
	u := &updater{ix: ix, opts: opts, stats: Stats{Skipped: map[string]int{}, Warnings: map[string]int{}},
		done: map[string]bool{}, claimed: map[string]claim{}}
	m, err := ix.manifest()
	if err != nil {
		return u.stats, err
	}
	u.manifest = m
	if u.texts, err = textAnalyses(ix.bleve.Mapping()); err != nil {
		return u.stats, err
	}
	// Searches count facets the usual way while reports change, and from
	// a fresh actor table after.
	ix.refreshActors(false)
	defer ix.refreshActors(true)
	err = u.run(sources)
	u.flushProblems()
	u.stats.Elapsed = time.Since(start)
	return u.stats, err
}

// updater is the state of one Update.
type updater struct {
	ix       *Index
	opts     Options
	manifest *manifest
	stats    Stats
	done     map[string]bool // report IDs indexed in this run
	deletes  []string
	claimed  map[string]claim // report IDs read in this run
	seq      int
	// texts is how each of TextFields is analysed (read-only while the
	// pipeline runs).
	texts []textAnalysis
	// pendingProblems are noted under mu and reported outside it.
	pendingProblems []Problem
	mu              sync.Mutex // guards the fields above while the pipeline runs
}

func (u *updater) run(sources []Source) error {
	// Workers extract actors and do Bleve's analysis on all cores but one;
	// one writer hands batches to Bleve, which builds each batch's
	// segment on the writer's goroutine: the writer, the slowest stage,
	// keeps a core (with a worker per core it ran ~15 % slower).
	// (Two writers built two segments at once, ~10 % faster, but Bleve
	// then closed a segment still in use when a write failed, as on a
	// full disk, and the process crashed.)
	work := make(chan Report, 4096)
	extracted := make(chan Report, 2*u.opts.BatchSize) // analysed reports are ~10x their text
	var wg sync.WaitGroup
	for range max(1, runtime.NumCPU()-1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var session *actors.Session
			words := make(textBufs, len(TextFields))
			for r := range work {
				if !u.opts.NoActors {
					if session == nil {
						session = actors.Default().NewSession()
					}
					if err := ExtractActors(session, &r); err != nil {
						// The report is indexed without actors, and the
						// session, which may be half-way through it, goes.
						session = nil
						u.problem(Problem{File: r.file, Reason: ReasonNoActors, Kept: true, Err: err})
					}
				}
				u.prepare(&r, words)
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
	if readErr != nil {
		// What was written stays (a rerun completes it); without the
		// manifest the next run reads every changed file again.
		return readErr
	}
	return u.finish()
}

// ExtractActors finds a report's actors, as indexing does; a panic in the
// extractor (a defect, which the fuzz tests hunt) becomes an error rather
// than the end of the run.
func ExtractActors(s *actors.Session, r *Report) (err error) {
	defer func() {
		if p := recover(); p != nil {
			r.Actors = actors.Actors{People: []string{}, Countries: []actors.Country{}, Organizations: []string{}}
			err = fmt.Errorf("report %q: actor extraction failed: %v", r.ID, p)
		}
	}()
	r.Actors = s.Extract(r.Title, r.Body)
	r.Actors.Countries = withPlace(r.Actors.Countries, r.Place)
	return nil
}

// read walks the sources and sends new and changed reports to work.
func (u *updater) read(sources []Source, work chan<- Report) error {
	for _, src := range sources {
		files, err := src.files(func(p Problem) { u.problem(p) })
		if err != nil {
			return err
		}
		seen := map[string]bool{}
		var unreadable []string
		for _, f := range files {
			seen[f.key] = true
			if f.unreadable {
				unreadable = append(unreadable, f.key)
				continue
			}
			if err := u.readFile(f, work); err != nil {
				return err
			}
		}
		u.dropVanished(src, seen, unreadable)
	}
	return nil
}

// errStrict stops a strict run at its first skipped report.
var errStrict = errors.New("stopped at the first skipped report (strict)")

func (u *updater) readFile(f file, work chan<- Report) error {
	hash, err := f.digest()
	if err != nil {
		u.problem(Problem{File: f.key, Reason: ReasonUnreadable, Err: err})
		return u.strictError()
	}
	u.mu.Lock()
	old := u.manifest.Files[f.key]
	u.mu.Unlock()
	if old != nil && old.Hash == hash {
		u.count(func(s *Stats) { s.Unchanged += len(old.Reports) })
		return nil
	}
	entry := &fileEntry{Hash: hash, Reports: map[string]*reportEntry{}}
	var sent []Report
	stopped := false
	err = f.read(u.opts.MaxReportBytes, func(r Report) {
		if stopped {
			return
		}
		h := r.hash()
		u.count(func(s *Stats) { s.Read++; s.Bytes += int64(len(r.Title) + len(r.Body)) })
		r.seq = u.claim(r.ID, f.key)
		r.file = f.key
		if prev := old.report(r.ID); prev != nil && prev.Hash == h {
			entry.Reports[r.ID] = prev
			u.count(func(s *Stats) { s.Unchanged++ })
			return
		}
		// The writer fills in the lengths once Bleve has analysed it.
		r.entry = &reportEntry{Hash: h}
		entry.Reports[r.ID] = r.entry
		sent = append(sent, r)
		if len(sent) == 64 {
			u.send(f.key, entry, sent, work)
			sent = sent[:0]
		}
	}, func(p Problem) {
		u.problem(p)
		stopped = stopped || u.opts.Strict && !p.Kept
	})
	if err != nil {
		// The file could not be read to its end: keep what the index
		// holds from it, and try again next run.
		u.problem(Problem{File: f.key, Reason: ReasonUnreadable, Err: err})
		if old != nil {
			u.mu.Lock()
			u.manifest.Files[f.key] = old
			u.mu.Unlock()
		}
		return u.strictError()
	}
	u.send(f.key, entry, sent, work)
	if stopped {
		return errStrict
	}
	if old != nil {
		for id := range old.Reports {
			if _, ok := entry.Reports[id]; !ok {
				u.delete(id)
			}
		}
	}
	return nil
}

// send publishes the file's manifest entry, then hands reports to the
// extraction workers.
func (u *updater) send(key string, entry *fileEntry, reports []Report, work chan<- Report) {
	u.mu.Lock()
	u.manifest.Files[key] = entry
	u.mu.Unlock()
	for _, r := range reports {
		work <- r
	}
}

func (u *updater) strictError() error {
	if u.opts.Strict {
		return errStrict
	}
	return nil
}

// claim records that this run read report id from file key, and returns
// its sequence number: when two files (or lines) give the same ID, the
// last one read wins, whatever order the workers finish in.
func (u *updater) claim(id, key string) int {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.seq++
	if prev, ok := u.claimed[id]; ok {
		u.pendingProblems = append(u.pendingProblems, Problem{File: key, Reason: ReasonDuplicateID, Kept: true,
			Err: fmt.Errorf("id %q was also read from %s; the last one read wins", id, prev.key)})
	}
	u.claimed[id] = claim{key: key, seq: u.seq}
	return u.seq
}

// claim is the file a report ID was last read from in this run.
type claim struct {
	key string
	seq int
}

// digest hashes a file's contents, streaming.
func (f file) digest() (string, error) {
	rc, err := f.src.FS.Open(f.path)
	if err != nil {
		return "", err
	}
	defer rc.Close()
	h := xxhash.New()
	if _, err := io.Copy(h, rc); err != nil {
		return "", err
	}
	return fmt.Sprintf("%016x", h.Sum64()), nil
}

// dropVanished deletes the reports of files of src that no longer exist;
// files under a folder that could not be read are kept.
func (u *updater) dropVanished(src Source, seen map[string]bool, unreadable []string) {
	u.mu.Lock()
	var gone []string
	for key := range u.manifest.Files {
		if (key == src.Name || strings.HasPrefix(key, src.Name+"/")) && !seen[key] && !under(key, unreadable) {
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

func under(key string, folders []string) bool {
	for _, f := range folders {
		if strings.HasPrefix(key, f+"/") {
			return true
		}
	}
	return false
}

func (u *updater) delete(id string) {
	u.mu.Lock()
	u.deletes = append(u.deletes, id)
	u.mu.Unlock()
}

func (u *updater) problem(p Problem) {
	u.mu.Lock()
	pending := u.pendingProblems
	u.pendingProblems = nil
	u.mu.Unlock()
	for _, q := range append(pending, p) {
		u.count(func(s *Stats) {
			if q.Kept {
				s.Warnings[q.Reason]++
			} else {
				s.Skipped[q.Reason]++
			}
		})
		if u.opts.Problem != nil {
			u.opts.Problem(q)
		}
	}
}

// flushProblems reports problems noted under the lock (duplicate IDs).
func (u *updater) flushProblems() {
	u.mu.Lock()
	pending := u.pendingProblems
	u.pendingProblems = nil
	u.mu.Unlock()
	for _, q := range pending {
		u.count(func(s *Stats) { s.Warnings[q.Reason]++ })
		if u.opts.Problem != nil {
			u.opts.Problem(q)
		}
	}
}

func (u *updater) count(fn func(*Stats)) {
	u.mu.Lock()
	fn(&u.stats)
	u.mu.Unlock()
}
