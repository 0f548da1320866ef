package index

import (
	"context"
	binenc "encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
	"sync"

	"github.com/blevesearch/bleve/v2/index/scorch"
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

// kindBits is where a value's field sits in its packed number.
const kindBits = 30

// actorTable is the actor values of one snapshot of the index.
type actorTable struct {
	layout []uint64    // the segments of the snapshot its document numbers belong to
	dates  []int64     // by document number: the date (Unix ns), noDate when none
	values [3][]string // by kind, by value number
	start  []uint32    // by document number: where its values start in vals
	vals   []uint32    // kind<<kindBits | value number
	pool   sync.Pool   // of *[3][]uint32 count arrays
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
	s, err := query.NewMatchAllQuery().Searcher(ctx, r, ix.bleve.Mapping(), blevesearch.SearcherOptions{Score: "none"})
	if err != nil {
		return nil, err
	}
	defer s.Close()
	dvr, err := r.DocValueReader(append(actorFields[:], FieldDate))
	if err != nil {
		return nil, err
	}
	t := &actorTable{}
	numbers := [3]map[string]uint32{{}, {}, {}}
	kinds := map[string]int{FieldPeople: 0, FieldCountries: 1, FieldOrganizations: 2}
	sctx := &blevesearch.SearchContext{DocumentMatchPool: blevesearch.NewDocumentMatchPool(s.DocumentMatchPoolSize(), 0)}
	for i := 0; ; i++ {
		if i%256 == 0 && ctx.Err() != nil { // a build an index closing or changing no longer needs stops soon
			return nil, ctx.Err()
		}
		dm, err := s.Next(sctx)
		if err != nil {
			return nil, err
		}
		if dm == nil {
			break
		}
		n, ok := docNumber(dm.IndexInternalID)
		if !ok || n >= 1<<31 {
			return nil, fmt.Errorf("%w: %x", errNoTable, dm.IndexInternalID)
		}
		for uint64(len(t.start)) <= n {
			t.start = append(t.start, uint32(len(t.vals))) // reports deleted in between have none
			t.dates = append(t.dates, noDate)
		}
		err = dvr.VisitDocValues(dm.IndexInternalID, func(field string, term []byte) {
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
			k := kinds[field]
			num, ok := numbers[k][string(term)]
			if !ok {
				num = uint32(len(t.values[k]))
				numbers[k][string(term)] = num
				t.values[k] = append(t.values[k], string(term))
			}
			t.vals = append(t.vals, uint32(k)<<kindBits|num)
		})
		if err != nil {
			return nil, err
		}
		sctx.DocumentMatchPool.Put(dm)
	}
	t.start = append(t.start, uint32(len(t.vals)))
	if len(t.values[0]) >= 1<<kindBits || len(t.values[2]) >= 1<<kindBits {
		return nil, errNoTable
	}
	return t, nil
}

// countLatest walks the reports matching q (on reader r, the snapshot the
// table was read from) and counts their actor values, keeping size
// values of each kind, most frequent first (ties by value); it also
// returns the document numbers of the latest reports, at most n, newest
// first (undated last, ties in index order, as Bleve sorts by date).
func (t *actorTable) countLatest(ctx context.Context, r bleveindex.IndexReader, q query.Query, ix *Index, size, n int) (
	ActorCounts, []uint32, error) {
	ctx = blevesearch.ContextWithTermSearchersCounter(ctx)
	s, err := q.Searcher(ctx, r, ix.bleve.Mapping(), blevesearch.SearcherOptions{Score: "none"})
	if err != nil {
		return ActorCounts{}, nil, err
	}
	defer s.Close()
	counts := t.counts()
	latest := make([]uint32, 0, n) // document numbers
	newer := func(a, b uint32) bool { return t.dates[a] > t.dates[b] || t.dates[a] == t.dates[b] && a < b }
	sctx := &blevesearch.SearchContext{DocumentMatchPool: blevesearch.NewDocumentMatchPool(s.DocumentMatchPoolSize(), 0)}
	var out ActorCounts
	for i := 0; ; i++ {
		if i%1024 == 0 && ctx.Err() != nil {
			return ActorCounts{}, nil, ctx.Err()
		}
		dm, err := s.Next(sctx)
		if err != nil {
			return ActorCounts{}, nil, err
		}
		if dm == nil {
			break
		}
		out.Matches++
		num, ok := docNumber(dm.IndexInternalID)
		if !ok || num+1 >= uint64(len(t.start)) {
			return ActorCounts{}, nil, fmt.Errorf("actor table: document %x not in the table", dm.IndexInternalID)
		}
		for _, v := range t.vals[t.start[num]:t.start[num+1]] {
			counts[v>>kindBits][v&(1<<kindBits-1)]++
		}
		if n > 0 {
			// latest is a heap whose root is the oldest report kept.
			if d := uint32(num); len(latest) < n {
				latest = append(latest, d)
				for k := len(latest) - 1; k > 0 && newer(latest[(k-1)/2], latest[k]); k = (k - 1) / 2 {
					latest[k], latest[(k-1)/2] = latest[(k-1)/2], latest[k]
				}
			} else if newer(d, latest[0]) {
				latest[0] = d
				for k := 0; ; {
					m := k
					for _, c := range []int{2*k + 1, 2*k + 2} {
						if c < len(latest) && newer(latest[m], latest[c]) {
							m = c
						}
					}
					if m == k {
						break
					}
					latest[k], latest[m] = latest[m], latest[k]
					k = m
				}
			}
		}
		sctx.DocumentMatchPool.Put(dm)
	}
	out.People = t.top(0, counts[0], size)
	out.Countries = t.top(1, counts[1], size)
	out.Organizations = t.top(2, counts[2], size)
	t.pool.Put(counts) // zeroed by top; an abandoned count's arrays are dropped
	slices.SortFunc(latest, func(a, b uint32) int {
		if newer(a, b) {
			return -1
		}
		return 1
	})
	return out, latest, nil
}

// counts returns zeroed count arrays, one per kind.
func (t *actorTable) counts() *[3][]uint32 {
	if c, ok := t.pool.Get().(*[3][]uint32); ok {
		return c
	}
	var c [3][]uint32
	for k := range c {
		c[k] = make([]uint32, len(t.values[k]))
	}
	return &c
}

// top returns the size most frequent values of one kind, most frequent
// first, ties by value; it zeroes the counts for the next search.
func (t *actorTable) top(kind int, counts []uint32, size int) []ValueCount {
	below := func(a, b ValueCount) bool { // a ranks below b
		return a.Count < b.Count || a.Count == b.Count && a.Value > b.Value
	}
	var out []ValueCount
	if size > 64 {
		// Many values wanted (a facet's value list): sort them all.
		for num, c := range counts {
			if c != 0 {
				out = append(out, ValueCount{Value: t.values[kind][num], Count: int(c)})
				counts[num] = 0
			}
		}
		slices.SortFunc(out, func(a, b ValueCount) int {
			switch {
			case below(b, a):
				return -1
			case below(a, b):
				return 1
			}
			return 0
		})
		return out[:min(size, len(out))]
	}
	out = make([]ValueCount, 0, size)
	for num, c := range counts {
		if c == 0 {
			continue
		}
		counts[num] = 0
		v := ValueCount{Value: t.values[kind][num], Count: int(c)}
		if len(out) == size {
			if size == 0 || !below(out[size-1], v) {
				continue
			}
			out = out[:size-1]
		}
		// Insertion keeps the few values a page shows in order.
		i := len(out)
		out = append(out, v)
		for i > 0 && below(out[i-1], v) {
			out[i] = out[i-1]
			i--
		}
		out[i] = v
	}
	return out
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

// LatestActors is CountActors that also returns the IDs of the newest
// reports matching q from the from-th on, n in all, newest first
// (undated last; ties in index order, as Bleve's sort by date gives
// them): a filter-only search lists its reports from the actor table
// without Bleve sorting every match by date.
func (ix *Index) LatestActors(ctx context.Context, q query.Query, size, from, n int) (counts ActorCounts,
	ids []string, ok bool, err error) {
	t, r, ok, err := ix.tableReader()
	if !ok || err != nil {
		return ActorCounts{}, nil, false, err
	}
	defer r.Close()
	counts, latest, err := t.countLatest(ctx, r, q, ix, size, from+n)
	if err != nil {
		return ActorCounts{}, nil, false, err
	}
	var id [8]byte
	for _, d := range latest[min(from, len(latest)):] {
		binenc.BigEndian.PutUint64(id[:], uint64(d))
		ext, err := r.ExternalID(id[:])
		if err != nil {
			return ActorCounts{}, nil, false, err
		}
		ids = append(ids, ext)
	}
	return counts, ids, true, nil
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
	counts, _, ok, err = ix.LatestActors(ctx, q, size, 0, 0)
	return counts, ok, err
}
