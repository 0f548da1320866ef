package index

import (
	"container/heap"
	"context"
	binenc "encoding/binary"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/numeric"
	blevesearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// Counting facets is most of a search's time with Bleve's own facets: for
// every match it decodes the match's doc values (snappy-compressed
// chunks) and counts the values in a map. The actor table holds, for one
// snapshot of the index, every report's actor values as small numbers,
// and its date, by Bleve's internal document number, read once; a search
// then counts its facets with array lookups while it walks its matches.

// ValueCount is a facet value and how many matching reports have it.
type ValueCount struct {
	Value string
	Count int
}

// ActorCounts are the actor facets of the reports matching a query.
type ActorCounts struct {
	Matches                          uint64
	People, Countries, Organizations []ValueCount
}

// actorFields are the fields the table holds, in the order of its kinds.
var actorFields = [3]string{FieldPeople, FieldCountries, FieldOrganizations}

// kindBits is where a value's field sits in its packed number while
// the table is read.
const kindBits = 30

// actorTable is the actor values of one snapshot of the index.
type actorTable struct {
	layout []uint64    // the segments of the snapshot its document numbers belong to
	dates  []int64     // by document number: the date (Unix ns), noDate when none
	values [3][]string // by kind, by value number
	start  []uint32    // by document number: where its values start in vals
	vals   []uint32    // the values' places in a count array: base[kind] + value number
	base   [4]uint32   // where each kind's values start in a count array; base[3] is its length
	pool   sync.Pool   // of *[]uint32 count arrays
}

// noDate marks a report without a date.
const noDate = math.MinInt64

// errNoTable means the table cannot be built for this index (its
// document numbers are not Bleve's usual 8-byte ones).
var errNoTable = errors.New("actor table: unexpected internal document IDs")

// docNumber reads Bleve's internal document ID (scorch: a big-endian
// 64-bit number).
func docNumber(id bleveindex.IndexInternalID) (uint64, bool) {
	if len(id) != 8 {
		return 0, false
	}
	return binenc.BigEndian.Uint64(id), true
}

// buildActorTable reads the actor values of every report of the index's
// current snapshot.
func (ix *Index) buildActorTable(ctx context.Context) (*actorTable, error) {
	r, layout, err := ix.snapshot()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	t, err := readActorTable(ctx, r, ix)
	if err != nil {
		return nil, err
	}
	t.layout = layout
	return t, nil
}

// snapshot opens a reader on the index's current snapshot and returns
// the segments it is made of: Bleve's document numbers hold only for
// that set of segments (a merge renumbers). An index that is not a
// scorch index on disk has no table.
func (ix *Index) snapshot() (bleveindex.IndexReader, []uint64, error) {
	adv, err := ix.bleve.Advanced()
	if err != nil {
		return nil, nil, err
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, nil, err
	}
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		r.Close()
		return nil, nil, errNoTable
	}
	var layout []uint64
	for _, seg := range snap.Segments() {
		layout = append(layout, seg.Id())
	}
	return r, layout, nil
}

func readActorTable(ctx context.Context, r bleveindex.IndexReader, ix *Index) (*actorTable, error) {
	dvr, err := r.DocValueReader(append(actorFields[:], FieldDate))
	if err != nil {
		return nil, err
	}
	t := &actorTable{}
	numbers := [3]map[string]uint32{{}, {}, {}}
	err = walk(ctx, r, query.NewMatchAllQuery(), ix, 256, func(id bleveindex.IndexInternalID, n uint64) error {
		if n >= 1<<31 {
			return errNoTable
		}
		for uint64(len(t.start)) <= n {
			t.start = append(t.start, uint32(len(t.vals))) // reports deleted in between have none
			t.dates = append(t.dates, noDate)
		}
		return dvr.VisitDocValues(id, func(field string, term []byte) {
			if field == FieldDate {
				// Dates are indexed at several precisions; shift 0 is the
				// date itself.
				if pc := numeric.PrefixCoded(term); pc != nil {
					if shift, err := pc.Shift(); err == nil && shift == 0 {
						if v, err := pc.Int64(); err == nil {
							t.dates[n] = v
						}
					}
				}
				return
			}
			k := slices.Index(actorFields[:], field)
			num, ok := numbers[k][string(term)]
			if !ok {
				num = uint32(len(t.values[k]))
				numbers[k][string(term)] = num
				t.values[k] = append(t.values[k], string(term))
			}
			t.vals = append(t.vals, uint32(k)<<kindBits|num)
		})
	})
	if err != nil {
		return nil, err
	}
	t.start = append(t.start, uint32(len(t.vals)))
	if len(t.values[0]) >= 1<<kindBits || len(t.values[2]) >= 1<<kindBits ||
		len(t.values[0])+len(t.values[1])+len(t.values[2]) >= 1<<32-1 {
		return nil, errNoTable
	}
	// One count array for all kinds: a count is one lookup.
	for k := range t.values {
		t.base[k+1] = t.base[k] + uint32(len(t.values[k]))
	}
	for i, v := range t.vals {
		t.vals[i] = t.base[v>>kindBits] + v&(1<<kindBits-1)
	}
	return t, nil
}

// walk calls fn with the internal ID and document number of every report
// matching q on reader r, unscored, checking every so many reports
// whether ctx is done.
func walk(ctx context.Context, r bleveindex.IndexReader, q query.Query, ix *Index, every int,
	fn func(id bleveindex.IndexInternalID, n uint64) error) error {
	s, err := walkSearcher(ctx, r, q, ix, blevesearch.SearcherOptions{Score: "none"})
	if err != nil {
		return err
	}
	defer s.Close()
	return walkWith(ctx, s, every, 0, math.MaxUint64,
		func(dm *blevesearch.DocumentMatch, n uint64) error { return fn(dm.IndexInternalID, n) })
}

func walkSearcher(ctx context.Context, r bleveindex.IndexReader, q query.Query, ix *Index,
	opts blevesearch.SearcherOptions) (blevesearch.Searcher, error) {
	return q.Searcher(blevesearch.ContextWithTermSearchersCounter(ctx), r, ix.bleve.Mapping(), opts)
}

// walkWith walks a searcher's matches numbered from lo up to hi,
// checking every so many matches whether ctx is done.
func walkWith(ctx context.Context, s blevesearch.Searcher, every int, lo, hi uint64,
	fn func(dm *blevesearch.DocumentMatch, n uint64) error) error {
	var err error
	sctx := &blevesearch.SearchContext{DocumentMatchPool: blevesearch.NewDocumentMatchPool(s.DocumentMatchPoolSize(), 0)}
	var dm *blevesearch.DocumentMatch
	if lo > 0 {
		var start [8]byte
		binenc.BigEndian.PutUint64(start[:], lo)
		dm, err = s.Advance(sctx, start[:])
	} else {
		dm, err = s.Next(sctx)
	}
	for i := 1; ; i++ {
		if err != nil || dm == nil {
			return err
		}
		n, ok := docNumber(dm.IndexInternalID)
		if !ok {
			return fmt.Errorf("%w: %x", errNoTable, dm.IndexInternalID)
		}
		if n >= hi {
			return nil
		}
		if err := fn(dm, n); err != nil {
			return err
		}
		sctx.DocumentMatchPool.Put(dm)
		if i%every == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		dm, err = s.Next(sctx)
	}
}

// A MatchWalker walks a query's matches in the order of their document
// numbers (the actor table's).
type MatchWalker interface {
	// Count is how many matches to expect (an estimate).
	Count() uint64
	// Walk calls fn with each match numbered from lo up to hi, checking
	// every so many matches whether ctx is done.
	Walk(ctx context.Context, every int, lo, hi uint64, fn func(n uint64, score float64) error) error
	Close() error
}

// A bulkWalker is a MatchWalker whose matches all score 0, which it
// walks a batch at a time (see bitmapWalker.walkBulk).
type bulkWalker interface {
	MatchWalker
	walkBulk(ctx context.Context, lo, hi uint64, fn func(base uint64, nums []uint32) error) error
}

// A WalkerQuery is a query that can walk its own matches on a reader,
// with the scores its searcher gives them, for less than its searcher.
// Walker returns nil, and no error, where it cannot: the searcher walks
// them then.
type WalkerQuery interface {
	query.Query
	Walker(ctx context.Context, r bleveindex.IndexReader, m mapping.IndexMapping,
		opts blevesearch.SearcherOptions) (MatchWalker, error)
}

// newMatchWalker walks q's matches with q's own walker (WalkerQuery, also
// within actor filters: filteredWalker), with Bleve's searcher for q, or,
// for an unscored filter on one term (an actor
// filter alone), straight from the term's postings (on segments, from
// their bitmaps: bitmapWalker): a searcher would make and score a
// document match for each, a third of such a walk.
func newMatchWalker(ctx context.Context, r bleveindex.IndexReader, q query.Query, ix *Index,
	opts blevesearch.SearcherOptions) (MatchWalker, error) {
	if wq, ok := q.(WalkerQuery); ok {
		w, err := wq.Walker(blevesearch.ContextWithTermSearchersCounter(ctx), r, ix.bleve.Mapping(), opts)
		if err != nil || w != nil {
			return w, err
		}
	}
	if c, ok := q.(*query.ConjunctionQuery); ok {
		if opts.Score == "none" {
			// Unscored, a conjunction of one part (and of parts matching
			// every report: filters alone, once dateFilter took their
			// dates out) matches what that part does.
			parts := slices.DeleteFunc(slices.Clone(c.Conjuncts), func(q query.Query) bool {
				_, all := q.(*query.MatchAllQuery)
				return all
			})
			if len(parts) == 1 {
				return newMatchWalker(ctx, r, parts[0], ix, opts)
			}
		}
		w, err := newFilteredWalker(ctx, r, c, ix, opts)
		if err != nil || w != nil {
			return w, err
		}
	}
	if tq, ok := q.(*query.TermQuery); ok && opts.Score == "none" {
		field := tq.FieldVal
		if field == "" {
			field = ix.bleve.Mapping().DefaultSearchField()
		}
		if snap, ok := r.(*scorch.IndexSnapshot); ok {
			return newBitmapWalker(snap, field, []byte(tq.Term))
		}
		tfr, err := r.TermFieldReader(ctx, []byte(tq.Term), field, false, false, false)
		if err != nil {
			return nil, err
		}
		return postingsWalker{tfr}, nil
	}
	s, err := walkSearcher(ctx, r, q, ix, opts)
	if err != nil {
		return nil, err
	}
	return searcherWalker{s}, nil
}

type searcherWalker struct{ blevesearch.Searcher }

func (w searcherWalker) Count() uint64 { return w.Searcher.Count() }

func (w searcherWalker) Walk(ctx context.Context, every int, lo, hi uint64, fn func(n uint64, score float64) error) error {
	return walkWith(ctx, w.Searcher, every, lo, hi, func(dm *blevesearch.DocumentMatch, n uint64) error {
		return fn(n, dm.Score)
	})
}

type postingsWalker struct{ bleveindex.TermFieldReader }

func (w postingsWalker) Walk(ctx context.Context, every int, lo, hi uint64, fn func(n uint64, score float64) error) error {
	d, err := &bleveindex.TermFieldDoc{}, error(nil)
	if lo > 0 {
		var start [8]byte
		binenc.BigEndian.PutUint64(start[:], lo)
		d, err = w.Advance(start[:], d)
	} else {
		d, err = w.Next(d)
	}
	for i := 1; ; i++ {
		if err != nil || d == nil {
			return err
		}
		n, ok := docNumber(d.ID)
		if !ok {
			return fmt.Errorf("%w: %x", errNoTable, d.ID)
		}
		if n >= hi {
			return nil
		}
		if err := fn(n, 0); err != nil {
			return err
		}
		if i%every == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		d, err = w.Next(d)
	}
}

// scoredDoc is a match: its document number and, when scored, its score.
type scoredDoc struct {
	num   uint32
	score float64
}

// countTop walks the reports matching q (on reader r, the snapshot the
// table was read from) and counts their actor values, keeping size
// values of each kind, most frequent first (ties by value). It also keeps
// the first n matches in Bleve's order: by score, or, byDate, newest
// first (undated last) and then by score; ties in index order. Scores
// are computed only when scored (ctx then carries the scoring model and
// statistics, as Bleve's search sets them).
func (t *actorTable) countTop(ctx context.Context, r bleveindex.IndexReader, q query.Query, ix *Index, size, n int,
	scored, byDate bool) (ActorCounts, []scoredDoc, float64, error) {
	opts := blevesearch.SearcherOptions{Score: "none"}
	if scored {
		opts.Score = ""
	}
	q, window := dateFilter(q)
	// The first part's walker says how many matches to expect.
	first, err := newMatchWalker(ctx, r, q, ix, opts)
	if err != nil {
		return ActorCounts{}, nil, 0, err
	}
	defer first.Close()
	parts := []*tally{t.newTally(n, byDate)}
	if runtime.NumCPU() > 1 && first.Count() >= parallelWalkAt {
		parts = append(parts, t.newTally(n, byDate))
	}
	// Each part walks its share of the document numbers.
	share := (uint64(len(t.start)) + uint64(len(parts)) - 1) / uint64(len(parts))
	errs := make([]error, len(parts))
	var wg sync.WaitGroup
	for i, p := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			count := func(num uint64, score float64) error {
				if num+1 >= uint64(len(t.start)) {
					return fmt.Errorf("actor table: document %d not in the table", num)
				}
				if d := t.dates[num]; d < window.from || d > window.to {
					return nil
				}
				p.matches++
				counts := *p.counts
				for _, v := range t.vals[t.start[num]:t.start[num+1]] {
					counts[v]++
				}
				p.maxScore = max(p.maxScore, score)
				if x := (scoredDoc{uint32(num), score}); len(p.top.items) < n || n > 0 && t.before(x, p.top.items[0], byDate) {
					p.top.add(x)
				}
				return nil
			}
			// Matches that all score 0, walked in batches: a loop per
			// batch. It repeats count's body: as one method both called
			// (not inlined), organization=Reuters took 3 % and q=said
			// 5 % longer at 108k.
			countMany := func(base uint64, nums []uint32) error {
				counts := *p.counts
				for _, m := range nums {
					num := base + uint64(m)
					if num+1 >= uint64(len(t.start)) {
						return fmt.Errorf("actor table: document %d not in the table", num)
					}
					d := t.dates[num]
					if d < window.from || d > window.to {
						continue
					}
					p.matches++
					for _, v := range t.vals[t.start[num]:t.start[num+1]] {
						counts[v]++
					}
					if x := (scoredDoc{uint32(num), 0}); len(p.top.items) < n || n > 0 && t.before(x, p.top.items[0], byDate) {
						p.top.add(x)
					}
				}
				return nil
			}
			lo, hi := uint64(i)*share, uint64(i+1)*share
			w := first
			if i > 0 {
				if w, errs[i] = newMatchWalker(ctx, r, q, ix, opts); errs[i] != nil {
					return
				}
				defer w.Close()
			}
			if bw, ok := w.(bulkWalker); ok {
				errs[i] = bw.walkBulk(ctx, lo, hi, countMany)
				return
			}
			errs[i] = w.Walk(ctx, 1024, lo, hi, count)
		}()
	}
	wg.Wait()
	all := parts[0]
	for _, p := range parts[1:] {
		all.matches += p.matches
		all.maxScore = max(all.maxScore, p.maxScore)
		into := *all.counts
		for i, c := range *p.counts {
			into[i] += c
		}
		clear(*p.counts)
		t.pool.Put(p.counts)
		for _, d := range p.top.items {
			all.top.add(d)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return ActorCounts{}, nil, 0, err // the count arrays, not zeroed, are dropped
	}
	out := ActorCounts{Matches: all.matches}
	out.People = t.top(0, *all.counts, size)
	out.Countries = t.top(1, *all.counts, size)
	out.Organizations = t.top(2, *all.counts, size)
	t.pool.Put(all.counts) // zeroed by top
	return out, all.top.sorted(), all.maxScore, nil
}

// dateWindow is the dates a search keeps, both ends included; undated
// reports (noDate) are outside every window, as with a range query.
type dateWindow struct{ from, to int64 }

// dateFilter takes a date range that does not count towards the score
// (the filter a search's from and to make) out of a conjunction, for the
// walk to apply from the table's dates: a range query is a disjunction
// of up to hundreds of date terms, which the walk would otherwise advance
// through beside the query's own searchers. The query is not changed.
func dateFilter(q query.Query) (query.Query, dateWindow) {
	all := dateWindow{noDate, math.MaxInt64}
	switch b := q.(type) {
	case *query.BooleanQuery:
		must, w := dateFilter(b.Must)
		if must == b.Must {
			return q, all
		}
		nb := *b
		nb.Must = must
		return &nb, w
	case *query.ConjunctionQuery:
		for i, c := range b.Conjuncts {
			dq, ok := c.(*DateRangeQuery)
			if !ok || dq.Boost != 0 {
				continue
			}
			w, ok := dq.window()
			if !ok {
				break // an empty range: the query itself matches nothing
			}
			rest := slices.Concat(b.Conjuncts[:i], b.Conjuncts[i+1:])
			if len(rest) == 0 {
				rest = []query.Query{query.NewMatchAllQuery()}
			}
			nc := *b
			nc.Conjuncts = rest
			return &nc, w
		}
	}
	return q, all
}

// WithoutDateFilter is q without the date range a search's from and to
// make (one that does not count towards the score), for work on reports
// already known to be dated within it, such as loading a page's term
// locations: the range's terms are not read again. q is not changed.
func WithoutDateFilter(q query.Query) query.Query {
	q, _ = dateFilter(q)
	return q
}

// parallelWalkAt is how many matches (as Bleve's searcher estimates them)
// a count must expect before it walks them in two halves of the document
// numbers at once: a tenth of a millisecond of walking and scoring, above
// the cost of a second searcher and goroutine. (At 16,384, queries of a
// few thousand matches took a third longer at the median, on one core.)
var parallelWalkAt uint64 = 2048

// tally is what a count has found so far: matches, values counted, the
// first matches and the highest score.
type tally struct {
	matches  uint64
	counts   *[]uint32
	top      best[scoredDoc]
	maxScore float64
}

func (t *actorTable) newTally(n int, byDate bool) *tally {
	before := func(a, b scoredDoc) bool { return t.before(a, b, false) }
	if byDate {
		before = func(a, b scoredDoc) bool { return t.before(a, b, true) }
	}
	return &tally{counts: t.counts(), top: best[scoredDoc]{k: n, before: before}}
}

// before reports whether match a comes before b in a search's order:
// Bleve's by score (higher, then earlier), or byDate newer first, then
// by score. A count asks it before it asks the top (a call through a
// func value) to keep a match: once the top is full, most do not come in.
func (t *actorTable) before(a, b scoredDoc, byDate bool) bool {
	if byDate {
		if da, db := t.dates[a.num], t.dates[b.num]; da != db {
			return da > db
		}
	}
	return a.score > b.score || a.score == b.score && a.num < b.num
}

// counts returns a zeroed count array (for all kinds, see base).
func (t *actorTable) counts() *[]uint32 {
	if c, ok := t.pool.Get().(*[]uint32); ok {
		return c
	}
	c := make([]uint32, t.base[3])
	return &c
}

// top returns the size most frequent values of one kind in a count
// array, most frequent first, ties by value; it zeroes the kind's counts
// for the next search.
func (t *actorTable) top(kind int, counts []uint32, size int) []ValueCount {
	b := best[ValueCount]{k: size, before: func(x, y ValueCount) bool {
		return x.Count > y.Count || x.Count == y.Count && x.Value < y.Value
	}}
	for num, c := range counts[t.base[kind]:t.base[kind+1]] {
		if c != 0 {
			counts[t.base[kind]+uint32(num)] = 0
			b.add(ValueCount{Value: t.values[kind][num], Count: int(c)})
		}
	}
	return b.sorted()
}

// best keeps the k items that come first by before: a heap (container/heap)
// with the last item kept on top, so that a newcomer is compared with it
// alone.
type best[T any] struct {
	k      int
	before func(a, b T) bool
	items  []T
}

func (b *best[T]) add(x T) {
	switch {
	case len(b.items) < b.k:
		heap.Push(b, x)
	case b.k > 0 && b.before(x, b.items[0]):
		b.items[0] = x
		heap.Fix(b, 0)
	}
}

// sorted returns the items kept, first first.
func (b *best[T]) sorted() []T {
	slices.SortFunc(b.items, func(x, y T) int {
		switch {
		case b.before(x, y):
			return -1
		case b.before(y, x):
			return 1
		}
		return 0
	})
	return b.items
}

func (b *best[T]) Len() int           { return len(b.items) }
func (b *best[T]) Less(i, j int) bool { return b.before(b.items[j], b.items[i]) }
func (b *best[T]) Swap(i, j int)      { b.items[i], b.items[j] = b.items[j], b.items[i] }
func (b *best[T]) Push(x any)         { b.items = append(b.items, x.(T)) }
func (b *best[T]) Pop() any {
	x := b.items[len(b.items)-1]
	b.items = b.items[:len(b.items)-1]
	return x
}

// actorState is an index's actor table, built in the background when the
// index is opened and again after every change; until it is ready,
// CountActors says so and searches count facets the usual way.
type actorState struct {
	mu       sync.RWMutex // guards the fields below; a count reads an immutable table outside it
	table    *actorTable  // nil while building, or when it cannot be built
	gen      uint64       // bumped by every change, so a late build is thrown away
	closed   bool
	cancel   context.CancelFunc // stops the build under way
	building sync.WaitGroup
}

// refreshActors drops the actor table and, unless rebuild is false or
// the index is closing, builds a new one in the background.
func (ix *Index) refreshActors(rebuild bool) {
	a := &ix.actors
	a.mu.Lock()
	defer a.mu.Unlock()
	a.table = nil
	if a.cancel != nil {
		a.cancel()
	}
	a.gen++
	if !rebuild || a.closed {
		return
	}
	gen := a.gen
	ctx, cancel := context.WithCancel(context.Background())
	a.cancel = cancel
	a.building.Add(1)
	go func() {
		defer a.building.Done()
		defer cancel()
		t, err := ix.buildActorTable(ctx)
		if err != nil {
			return // searches count facets the usual way
		}
		a.mu.Lock()
		defer a.mu.Unlock()
		if a.gen != gen || a.closed {
			return
		}
		a.table = t
	}()
}

// A ScoredHit is a report SearchActors found, with Bleve's score (0
// when unscored).
type ScoredHit struct {
	ID    string
	Score float64
}

// SearchActors counts the actors of q's matches and keeps a page of
// them, from the from-th on, n in all, in Bleve's order: byDate newest
// first (undated last) and then by score, or by score alone; ties in
// index order. With scored, hits carry Bleve's scores (BM25 with the
// index's statistics) and maxScore is the highest; unscored (filters
// alone) they are all 0. One walk does it all: Bleve would evaluate the
// query once for the hits and the walk once more for the facets, and a
// filter-only search sorted by date would read every match's date.
func (ix *Index) SearchActors(ctx context.Context, q query.Query, size, from, n int, scored, byDate bool) (
	counts ActorCounts, hits []ScoredHit, maxScore float64, ok bool, err error) {
	t, r, ok, err := ix.tableReader()
	if !ok || err != nil {
		return ActorCounts{}, nil, 0, false, err
	}
	defer r.Close()
	if scored {
		ctx = context.WithValue(ctx, blevesearch.GetScoringModelCallbackKey,
			blevesearch.GetScoringModelCallbackFn(func() string { return bleveindex.BM25Scoring }))
		if stats := ix.BM25Stats(); stats != nil {
			ctx = context.WithValue(ctx, blevesearch.BM25StatsKey, stats)
		}
	}
	counts, top, maxScore, err := t.countTop(ctx, r, q, ix, size, from+n, scored, byDate)
	if err != nil {
		return ActorCounts{}, nil, 0, false, err
	}
	hits, err = externalIDs(r, top[min(from, len(top)):])
	if err != nil {
		return ActorCounts{}, nil, 0, false, err
	}
	return counts, hits, maxScore, true, nil
}

// externalIDs looks up the report IDs of matches.
func externalIDs(r bleveindex.IndexReader, docs []scoredDoc) ([]ScoredHit, error) {
	var id [8]byte
	out := make([]ScoredHit, 0, len(docs))
	for _, d := range docs {
		binenc.BigEndian.PutUint64(id[:], uint64(d.num))
		ext, err := r.ExternalID(id[:])
		if err != nil {
			return nil, err
		}
		out = append(out, ScoredHit{ext, d.score})
	}
	return out, nil
}

// tableReader returns the actor table and a reader on the snapshot its
// document numbers belong to (close it after). ok is false while there is
// no table, or when the index's segments have changed since it was read
// (a merge): a new one is then built in the background.
func (ix *Index) tableReader() (t *actorTable, r bleveindex.IndexReader, ok bool, err error) {
	ix.actors.mu.RLock()
	t = ix.actors.table
	ix.actors.mu.RUnlock()
	if t == nil {
		return nil, nil, false, nil
	}
	r, layout, err := ix.snapshot()
	if err != nil {
		return nil, nil, false, err
	}
	if !slices.Equal(layout, t.layout) {
		r.Close()
		ix.actors.mu.Lock()
		stale := ix.actors.table == t
		ix.actors.mu.Unlock()
		if stale {
			ix.refreshActors(true)
		}
		return nil, nil, false, nil
	}
	return t, r, true, nil
}

// closeActors drops the table and waits for a build under way, before
// the index closes.
func (ix *Index) closeActors() {
	a := &ix.actors
	a.mu.Lock()
	a.closed = true
	if a.cancel != nil {
		a.cancel()
	}
	a.table = nil
	a.mu.Unlock()
	a.building.Wait()
}

// ActorsReady reports whether CountActors can count now.
func (ix *Index) ActorsReady() bool {
	ix.actors.mu.RLock()
	defer ix.actors.mu.RUnlock()
	return ix.actors.table != nil
}

// CountActors counts the people, countries and organisations of the
// reports matching q, size values of each (most frequent first, ties by
// value, as Bleve's facets order them), from the actor table: much
// faster than Bleve's facets. ok is false when the table is not ready
// (just opened, changed or merged): count with Bleve's facets then.
func (ix *Index) CountActors(ctx context.Context, q query.Query, size int) (counts ActorCounts, ok bool, err error) {
	counts, _, _, ok, err = ix.SearchActors(ctx, q, size, 0, 0, false, true)
	return counts, ok, err
}
