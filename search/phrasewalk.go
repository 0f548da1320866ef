package search

import (
	"cmp"
	"context"
	binenc "encoding/binary"
	"slices"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	blevesearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bleveindex "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	"golang.org/x/sys/cpu"

	"github.com/newsdesk/newsdesk/index"
)

// segmentPhrase finds a phrase on the field holding its words' positions
// (_all, most phrases) segment by segment, straight from the segments'
// postings: in each segment it walks the reports holding all the words,
// reads their positions there and keeps the reports where the words stand
// in a row in one field. Only those are scored, as Bleve's conjunction of
// the words' term searchers scores them (the term searchers themselves
// score, fed the frequency and norm read here: see pushReader). Through
// Bleve's term readers, term searchers and conjunction, every candidate
// made a match per word and was scored before its check: a quarter of a
// common phrase's search at 108k reports. Report numbers are scorch's:
// a segment's reports follow those of the segments before it.
type segmentPhrase struct {
	segs    []*scorch.SegmentSnapshot
	offsets []uint64 // each segment's first document number in the index
	field   string
	words   []string // "" for a word left out (a stop word)
	fields  []string // where the phrase may stand: title or body
	// scoring: the words' term searchers in the order Bleve's conjunction
	// sums them, each with the reader that hands it a report's frequency
	// and norm; conj sets their query norms.
	conj    blevesearch.Searcher
	scoring []scoringTerm
	scored  bool

	seg   int    // the segment walked now; len(segs) when done
	next  uint64 // the first report number in the segment still to look at
	ready bool   // the words' postings are open for segment seg
	// A segment on disk is read with index.Positions (raw): its
	// candidates are the reports all the words' postings hold, and only
	// the locations' fields and positions are read.
	raw      bool
	pos      []index.Positions // by word
	cands    roaring.IntPeekable
	fieldIDs []uint64   // the segment's numbers of fields
	starts   []fieldPos // scratch of inARowRaw
	// Other segments are read with zap's iterators.
	its  []segment.PostingsIterator
	at   []segment.Posting // by word: the report each word's postings are at (nil: not started)
	lead int               // the word with the fewest reports in the segment
	// The other walk's phrase, made just after this one, must not share
	// a cache line with the fields above, which each walk writes for
	// every candidate: when it did, "Inc said" took 12 % longer.
	_ cpu.CacheLinePad
}

type scoringTerm struct {
	word   int
	s      blevesearch.Searcher
	reader *pushReader
}

// newSegmentPhrase returns nil when r is not a scorch snapshot.
func newSegmentPhrase(ctx context.Context, r bleveindex.IndexReader, words []string, field string, boost float64,
	fields []string, o blevesearch.SearcherOptions) (_ *segmentPhrase, err error) {
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return nil, nil
	}
	s := &segmentPhrase{field: field, words: words, fields: fields, scored: o.Score != "none"}
	s.segs, s.offsets = index.SegmentsOf(snap)
	var terms []blevesearch.Searcher
	defer func() {
		if err != nil {
			closeAll(terms)
		}
	}()
	push := &pushIndex{IndexReader: r}
	for i, w := range words {
		if w == "" {
			continue
		}
		t, err := searcher.NewTermSearcher(ctx, push, w, field, boost, o)
		if err != nil {
			return nil, err
		}
		terms = append(terms, t)
		s.scoring = append(s.scoring, scoringTerm{word: i, s: t, reader: push.last})
	}
	// Bleve's conjunction sums its parts' scores in the order of their
	// counts (a stable sort for so few).
	slices.SortStableFunc(s.scoring, func(a, b scoringTerm) int { return cmp.Compare(a.s.Count(), b.s.Count()) })
	if s.conj, err = searcher.NewConjunctionSearcher(ctx, r, terms, o); err != nil {
		return nil, err
	}
	normedAlone(s.conj) // as Bleve's PhraseSearcher does
	s.its = make([]segment.PostingsIterator, len(words))
	s.at = make([]segment.Posting, len(words))
	s.pos = make([]index.Positions, len(words))
	return s, nil
}

// open opens the words' postings in segment seg; false when a word is not
// there (no match in the segment).
func (s *segmentPhrase) open() (bool, error) {
	if readRaw(s.segs[s.seg]) {
		ok, err := s.openRaw()
		if err != index.ErrUnread {
			return ok, err
		}
	}
	s.raw = false
	fewest := uint64(0)
	for i, w := range s.words {
		s.at[i] = nil
		if w == "" {
			continue
		}
		pl, err := index.TermPostings(s.segs[s.seg], s.field, []byte(w))
		if err != nil {
			return false, err
		}
		if pl == nil || pl.Count() == 0 {
			return false, nil
		}
		s.its[i] = pl.Iterator(s.scored, s.scored, true, s.its[i])
		if n := pl.Count(); fewest == 0 || n < fewest {
			fewest, s.lead = n, i
		}
	}
	return true, nil
}

// readRaw tells which segments are read with index.Positions (tests
// read them all with zap's iterators too).
var readRaw = index.Readable

// openRaw opens the words' postings in segment seg with index.Positions.
func (s *segmentPhrase) openRaw() (bool, error) {
	ss := s.segs[s.seg]
	var all []*roaring.Bitmap
	for i, w := range s.words {
		if w == "" {
			continue
		}
		found, err := s.pos[i].Open(ss, s.field, []byte(w))
		if !found || err != nil {
			return false, err
		}
		all = append(all, s.pos[i].Postings())
	}
	cands := roaring.FastAnd(all...)
	if del := ss.Deleted(); del != nil {
		cands.AndNot(del)
	}
	s.cands = cands.Iterator()
	s.fieldIDs = s.fieldIDs[:0]
	for i, f := range ss.Segment().Fields() {
		if slices.Contains(s.fields, f) {
			s.fieldIDs = append(s.fieldIDs, uint64(i))
		}
	}
	s.raw = true
	return true, nil
}

// seek moves to the first report numbered n or more (in the index).
func (s *segmentPhrase) seek(n uint64) {
	for s.seg < len(s.segs) && s.offsets[s.seg]+s.segs[s.seg].Segment().Count() <= n {
		s.nextSegment()
	}
	if s.seg < len(s.segs) && n > s.offsets[s.seg] {
		s.next = max(s.next, n-s.offsets[s.seg])
	}
}

// nextSegment moves to the start of the next segment.
func (s *segmentPhrase) nextSegment() {
	s.seg++
	s.next, s.ready = 0, false
}

// moveTo moves word i's postings to the first report numbered n or more
// in the segment; false when they end first.
func (s *segmentPhrase) moveTo(i int, n uint64) (bool, error) {
	p := s.at[i]
	if p != nil && p.Number() >= n {
		return true, nil
	}
	var err error
	if p == nil && n == 0 {
		p, err = s.its[i].Next()
	} else {
		p, err = s.its[i].Advance(n)
	}
	s.at[i] = p
	return p != nil, err
}

func (s *segmentPhrase) Next(ctx *blevesearch.SearchContext) (*blevesearch.DocumentMatch, error) {
	for s.seg < len(s.segs) {
		if !s.ready {
			ok, err := s.open()
			if err != nil {
				return nil, err
			}
			if !ok {
				s.nextSegment()
				continue
			}
			s.ready = true
		}
		n, found, err := s.candidate()
		if err != nil {
			return nil, err
		}
		if !found {
			s.nextSegment()
			continue
		}
		s.next = n + 1
		if s.raw && !s.inARowRaw() || !s.raw && !s.inARow() {
			continue
		}
		return s.match(ctx, s.offsets[s.seg]+n)
	}
	return nil, nil
}

// candidate finds the next report in the segment, numbered s.next or
// more, that holds every word.
func (s *segmentPhrase) candidate() (uint64, bool, error) {
	if s.raw {
		s.cands.AdvanceIfNeeded(uint32(s.next))
		if !s.cands.HasNext() {
			return 0, false, nil
		}
		n := s.cands.Next()
		for i, w := range s.words {
			if w == "" {
				continue
			}
			if err := s.pos[i].Seek(n); err != nil {
				return 0, false, err
			}
		}
		return uint64(n), true, nil
	}
	n := s.next
	for {
		if ok, err := s.moveTo(s.lead, n); !ok || err != nil {
			return 0, false, err
		}
		n = s.at[s.lead].Number()
		agreed := true
		for i, w := range s.words {
			if w == "" || i == s.lead {
				continue
			}
			if ok, err := s.moveTo(i, n); !ok || err != nil {
				return 0, false, err
			}
			if m := s.at[i].Number(); m > n {
				n, agreed = m, false
				break
			}
		}
		if agreed {
			return n, true, nil
		}
	}
}

// inARow reports whether the words stand in a row in one field of the
// report all their postings are at.
func (s *segmentPhrase) inARow() bool {
starts:
	for _, start := range s.at[0].Locations() {
		if !slices.Contains(s.fields, start.Field()) {
			continue
		}
		for i := 1; i < len(s.words); i++ {
			if s.words[i] != "" && !locatedAt(s.at[i].Locations(), start.Field(), start.Pos()+uint64(i)) {
				continue starts
			}
		}
		return true
	}
	return false
}

type fieldPos struct{ field, pos uint64 }

// inARowRaw is inARow on a segment read raw.
func (s *segmentPhrase) inARowRaw() bool {
	starts := s.starts[:0]
	for b := s.pos[0].Locs; len(b) > 0; {
		f, p, rest, ok := index.NextLocation(b)
		if !ok {
			break
		}
		if slices.Contains(s.fieldIDs, f) {
			starts = append(starts, fieldPos{f, p})
		}
		b = rest
	}
	last := len(s.words) - 1
	for last > 0 && s.words[last] == "" {
		last--
	}
	for i := 1; i <= last && len(starts) > 0; i++ {
		if s.words[i] == "" {
			continue
		}
		// Keep the starts the word stands i after; at the last word,
		// one is enough.
		kept := starts[:0]
	locs:
		for b := s.pos[i].Locs; len(b) > 0; {
			f, p, rest, ok := index.NextLocation(b)
			if !ok {
				break
			}
			b = rest
			for _, st := range starts {
				if st.field == f && st.pos+uint64(i) == p {
					if i == last {
						s.starts = starts
						return true
					}
					kept = append(kept, st)
					continue locs
				}
			}
		}
		starts = kept
	}
	s.starts = starts
	return len(starts) > 0 && last == 0
}

func locatedAt(ls []segment.Location, field string, pos uint64) bool {
	for _, l := range ls {
		if l.Pos() == pos && l.Field() == field {
			return true
		}
	}
	return false
}

// match is the match of report n (in the index), scored as Bleve's
// conjunction scores it.
func (s *segmentPhrase) match(ctx *blevesearch.SearchContext, n uint64) (*blevesearch.DocumentMatch, error) {
	var id [8]byte
	binenc.BigEndian.PutUint64(id[:], n)
	var sum float64
	if s.scored {
		for _, t := range s.scoring {
			var score float64
			var err error
			if s.raw {
				score, err = t.reader.score(t.s, ctx, s.pos[t.word].Freq, s.pos[t.word].NormBits)
			} else {
				score, err = t.reader.postingScore(t.s, ctx, s.at[t.word])
			}
			if err != nil {
				return nil, err
			}
			sum += score
		}
	}
	dm := ctx.DocumentMatchPool.Get()
	dm.IndexInternalID = append(dm.IndexInternalID[:0], id[:]...)
	dm.Score = sum
	return dm, nil
}

func (s *segmentPhrase) Advance(ctx *blevesearch.SearchContext, id bleveindex.IndexInternalID) (*blevesearch.DocumentMatch, error) {
	if len(id) == 8 {
		s.seek(binenc.BigEndian.Uint64(id))
	}
	return s.Next(ctx)
}

func (s *segmentPhrase) Weight() float64           { return s.conj.Weight() }
func (s *segmentPhrase) SetQueryNorm(norm float64) { s.conj.SetQueryNorm(norm) }
func (s *segmentPhrase) Count() uint64             { return s.conj.Count() }
func (s *segmentPhrase) Close() error              { return s.conj.Close() }
func (s *segmentPhrase) Min() int                  { return 0 }
func (s *segmentPhrase) DocumentMatchPoolSize() int {
	return len(s.scoring) + 2
}
func (s *segmentPhrase) Size() int { return s.conj.Size() + 64 }

// pushReader is a term reader that reads nothing itself: it hands its
// term searcher the report put in doc, once. Its count is the term's, so
// that the searcher scores as Bleve's own term searcher does. A term's
// score depends on the report only through the term's frequency and the
// field's norm there: the reader keeps its searcher's scores by those.
type pushReader struct {
	bleveindex.TermFieldReader // the term's own reader: its count, its closing
	doc                        *bleveindex.TermFieldDoc
	tfd                        bleveindex.TermFieldDoc // what score hands over
	cache                      *scoreCache             // made at the first score
}

// score is the score term searcher s, made on p, gives a report where the
// term has frequency freq and a norm stored as normBits (zap's float32
// bits of the field's length).
func (p *pushReader) score(s blevesearch.Searcher, sctx *blevesearch.SearchContext, freq, normBits uint64) (float64, error) {
	if freq == 0 || freq >= 1<<31 || normBits == 0 || normBits >= 1<<32 {
		return p.scoreOnce(s, sctx, freq, index.NormOf(normBits))
	}
	if p.cache == nil {
		p.cache = newScoreCache(p.Count())
	}
	key := freq<<32 | normBits
	slot := (normBits + freq*613) & uint64(len(p.cache.keys)-1)
	if p.cache.keys[slot] == key {
		return p.cache.vals[slot], nil
	}
	score, err := p.scoreOnce(s, sctx, freq, index.NormOf(normBits))
	if err == nil {
		p.cache.keys[slot], p.cache.vals[slot] = key, score
	}
	return score, err
}

// normBits is a posting's norm as stored, which Posting.Norm computes the
// norm from.
type normBits interface{ NormUint64() uint64 }

// postingScore is score for posting q.
func (p *pushReader) postingScore(s blevesearch.Searcher, sctx *blevesearch.SearchContext, q segment.Posting) (float64, error) {
	if nb, ok := q.(normBits); ok {
		return p.score(s, sctx, q.Frequency(), nb.NormUint64())
	}
	return p.scoreOnce(s, sctx, q.Frequency(), q.Norm())
}

// scoreOnce has term searcher s score a report where the term has
// frequency freq and norm norm.
func (p *pushReader) scoreOnce(s blevesearch.Searcher, sctx *blevesearch.SearchContext, freq uint64, norm float64) (float64, error) {
	p.tfd.Freq, p.tfd.Norm = freq, norm
	p.doc = &p.tfd
	dm, err := s.Next(sctx)
	if err != nil || dm == nil {
		return 0, err
	}
	score := dm.Score
	sctx.DocumentMatchPool.Put(dm)
	return score, nil
}

// Close gives the score cache back.
func (p *pushReader) Close() error {
	if p.cache != nil && len(p.cache.keys) == fullCache {
		scoreCaches.Put(p.cache)
	}
	p.cache = nil
	return p.TermFieldReader.Close()
}

// scoreCache keeps a term's scores by frequency and norm, one per slot
// (a later pair in a slot takes it over). Terms in many reports take a
// full-sized one from a pool; others one sized to their count, as
// clearing a full one costs more than a rare term's walk.
type scoreCache struct {
	keys []uint64
	vals []float64
}

const fullCache = 1 << 12

var scoreCaches = sync.Pool{New: func() any {
	return &scoreCache{make([]uint64, fullCache), make([]float64, fullCache)}
}}

func newScoreCache(count uint64) *scoreCache {
	slots := 64
	for slots < fullCache && uint64(slots)*4 < count {
		slots *= 2
	}
	if slots < fullCache {
		return &scoreCache{make([]uint64, slots), make([]float64, slots)}
	}
	c := scoreCaches.Get().(*scoreCache)
	clear(c.keys)
	return c
}

func (p *pushReader) Next(pre *bleveindex.TermFieldDoc) (*bleveindex.TermFieldDoc, error) {
	d := p.doc
	p.doc = nil
	return d, nil
}

func (p *pushReader) Advance(_ bleveindex.IndexInternalID, pre *bleveindex.TermFieldDoc) (*bleveindex.TermFieldDoc, error) {
	return p.Next(pre)
}

// pushIndex opens pushReaders (the last in last) for the term searchers
// made on it.
type pushIndex struct {
	bleveindex.IndexReader
	last *pushReader
}

func (r *pushIndex) TermFieldReader(ctx context.Context, term []byte, field string, _, _, _ bool) (
	bleveindex.TermFieldReader, error) {
	t, err := r.IndexReader.TermFieldReader(ctx, term, field, false, false, false)
	if err != nil {
		return nil, err
	}
	r.last = &pushReader{TermFieldReader: t}
	return r.last, nil
}

// FieldCardinality gives a term searcher the field statistics the index
// reader has for BM25, as the reader itself would.
func (r *pushIndex) FieldCardinality(field string) (int, error) {
	if b, ok := r.IndexReader.(bleveindex.BM25Reader); ok {
		return b.FieldCardinality(field)
	}
	return 0, nil
}
