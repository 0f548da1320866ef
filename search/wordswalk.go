package search

import (
	"cmp"
	"context"
	"math"
	"slices"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	blevesearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bleveindex "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"

	"github.com/newsdesk/newsdesk/index"
)

// wordsQuery is a query string of words alone ("said barges", "putin",
// "title:putin talks^2"; a phrase that analysis leaves one word, "said
// it", is that word): Bleve parses it as a Boolean query whose only part
// is a disjunction of the words, and searches it with a disjunction
// searcher over each word's term searcher. On a common word every report
// holding it is a match, and each makes a document match per word, is
// scored by a scorer per word and merged by the disjunction: at 108k
// reports "said barges" spent two thirds of its search there. Its walker
// (index.WalkerQuery, the actor table's scored walk) reads the words'
// postings straight from the segments and scores each report as Bleve
// does, to the bit (see wordsWalker). Its searcher, for Bleve's own
// searches, is the query's.
type wordsQuery struct {
	query.Query               // the query as Bleve's searchers search it
	words       []query.Query // the disjunction's words (matchQuery, phraseQuery), in its order
}

// wordsOf returns the words of a query string of words alone, a Boolean
// query with no part but the disjunction of should; ok is false for
// other queries, and for more words than Bleve's disjunction searcher
// handles as a slice (its heap sums scores in another order).
func wordsOf(q *query.BooleanQuery) ([]query.Query, bool) {
	d, ok := q.Should.(*query.DisjunctionQuery)
	if !ok || q.Must != nil || q.MustNot != nil || q.Filter != nil || d.Min > 1 ||
		len(d.Disjuncts) == 0 || len(d.Disjuncts) > searcher.DisjunctionHeapTakeover {
		return nil, false
	}
	for _, c := range d.Disjuncts {
		switch c.(type) {
		case matchQuery, phraseQuery:
		default:
			return nil, false
		}
	}
	return d.Disjuncts, true
}

// termOf returns the term a word or phrase of a query string searches,
// "" for stop words alone (which a query string's disjunction leaves
// out); ok is false when it searches anything else.
func termOf(q query.Query, m mapping.IndexMapping) (field, term string, boost float64, ok bool) {
	switch q := q.(type) {
	case matchQuery:
		field, tokens, ok := q.analyse(m)
		if !ok || len(tokens) > 1 {
			return "", "", 0, false
		}
		if len(tokens) == 1 {
			term = string(tokens[0].Term)
		}
		return field, term, q.BoostVal.Value(), true
	case phraseQuery:
		field, words, ok := q.analyse(m)
		if !ok || len(words) > 1 {
			return "", "", 0, false
		}
		if len(words) == 1 {
			term = words[0]
		}
		return field, term, q.BoostVal.Value(), true
	}
	return "", "", 0, false
}

// Walker walks the matches from the segments' postings (nil where it
// cannot: unscored, explained or with term vectors; an index not in
// segments; a word that analysis splits in two, a phrase of two words or
// more, a fuzzy word).
func (q wordsQuery) Walker(ctx context.Context, r bleveindex.IndexReader, m mapping.IndexMapping,
	o blevesearch.SearcherOptions) (_ index.MatchWalker, err error) {
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok || o.Score == "none" || o.Explain || o.IncludeTermVectors {
		return nil, nil
	}
	push := &pushIndex{IndexReader: r}
	var terms []blevesearch.Searcher
	w := &wordsWalker{}
	defer func() {
		if w.disj == nil {
			closeAll(terms) // no walker: its term searchers go
		}
	}()
	w.segs, w.offsets = index.SegmentsOf(snap)
	for _, word := range q.words {
		field, term, boost, ok := termOf(word, m)
		if !ok {
			return nil, nil
		}
		if term == "" {
			continue // stop words: Bleve leaves them out of a query string's disjunction
		}
		t, err := searcher.NewTermSearcher(ctx, push, term, field, boost, o)
		if err != nil {
			return nil, err
		}
		terms = append(terms, t)
		w.terms = append(w.terms, &walkedTerm{field: field, term: []byte(term), s: t, reader: push.last})
	}
	if len(terms) == 0 {
		return nil, nil // Bleve's search matches nothing
	}
	// Bleve's disjunction sums its parts' scores in the order of their
	// counts (a stable sort for so few) and sets their query norms.
	slices.SortStableFunc(w.terms, func(a, b *walkedTerm) int { return cmp.Compare(a.s.Count(), b.s.Count()) })
	if w.disj, err = searcher.NewDisjunctionSearcher(ctx, push, terms, 0, o); err != nil {
		return nil, err
	}
	w.sctx = &blevesearch.SearchContext{DocumentMatchPool: blevesearch.NewDocumentMatchPool(1, 0)}
	return w, nil
}

func closeAll(ss []blevesearch.Searcher) {
	for _, s := range ss {
		s.Close()
	}
}

// wordsWalker walks the reports holding any of a disjunction's terms,
// segment by segment, from the terms' postings there, and scores each as
// Bleve's disjunction does: the sum of the scores of the terms it holds,
// in the disjunction's order, times the share of the terms it holds. A
// term's score depends on the report only through the term's frequency
// and the field's norm there; it is the term searcher's own (fed them
// through a pushReader), kept for the next report with the same pair.
type wordsWalker struct {
	segs    []*scorch.SegmentSnapshot
	offsets []uint64
	terms   []*walkedTerm // in the order the disjunction sums them
	disj    blevesearch.Searcher
	sctx    *blevesearch.SearchContext
}

type walkedTerm struct {
	field  string
	term   []byte
	s      blevesearch.Searcher
	reader *pushReader
	cur    uint64 // the report the term's postings are at in the segment walked (math.MaxUint64: ended)
	// A segment on disk is read with index.Positions (raw, see
	// segmentPhrase), its deleted reports skipped here; others with
	// zap's iterator.
	raw bool
	pos index.Positions
	del *roaring.Bitmap
	it  segment.PostingsIterator
	at  segment.Posting
}

// next moves the term's postings to their first report numbered n or
// more in the segment; first is true for their first move in it.
func (t *walkedTerm) next(n uint64, first bool) error {
	if t.raw {
		for {
			m, ok, err := t.pos.Advance(uint32(n))
			if err != nil || !ok {
				t.cur = math.MaxUint64
				return err
			}
			if t.del == nil || !t.del.Contains(m) {
				t.cur = uint64(m)
				return nil
			}
			n = uint64(m) + 1
		}
	}
	var err error
	if first && n == 0 || !first && t.at != nil && n == t.at.Number()+1 {
		t.at, err = t.it.Next()
	} else {
		t.at, err = t.it.Advance(n)
	}
	t.cur = math.MaxUint64
	if t.at != nil {
		t.cur = t.at.Number()
	}
	return err
}

// score is the term's score in the report its postings are at.
func (t *walkedTerm) score(sctx *blevesearch.SearchContext) (float64, error) {
	if t.raw {
		return t.reader.score(t.s, sctx, t.pos.Freq, t.pos.NormBits)
	}
	return t.reader.postingScore(t.s, sctx, t.at)
}

func (w *wordsWalker) Count() uint64 { return w.disj.Count() }
func (w *wordsWalker) Close() error {
	return w.disj.Close()
}

// Walk calls fn with each report numbered from lo up to hi that holds any
// of the terms, with its score.
func (w *wordsWalker) Walk(ctx context.Context, every int, lo, hi uint64,
	fn func(n uint64, score float64) error) error {
	coord := make([]float64, len(w.terms)+1) // by how many terms a report holds
	for i := range coord {
		coord[i] = float64(i) / float64(len(w.terms))
	}
	walked := 0
	for _, part := range index.SegmentsIn(w.segs, w.offsets, lo, hi) {
		if err := w.open(part.Seg, part.From); err != nil {
			return err
		}
		for {
			n := uint64(math.MaxUint64)
			for _, t := range w.terms {
				n = min(n, t.cur)
			}
			if n >= part.To {
				break
			}
			var sum float64
			held := 0
			for _, t := range w.terms {
				if t.cur != n {
					continue
				}
				s, err := t.score(w.sctx)
				if err != nil {
					return err
				}
				sum += s
				held++
				if err := t.next(n+1, false); err != nil {
					return err
				}
			}
			if err := fn(part.Base+n, sum*coord[held]); err != nil {
				return err
			}
			if walked++; walked%every == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
		}
	}
	return nil
}

// open opens the terms' postings in segment ss, at the first report
// numbered from or more there.
func (w *wordsWalker) open(ss *scorch.SegmentSnapshot, from uint64) error {
	raw := readRaw(ss)
	del := ss.Deleted()
	if del != nil && del.IsEmpty() {
		del = nil
	}
	for _, t := range w.terms {
		t.cur, t.at, t.raw, t.del = math.MaxUint64, nil, false, del
		if raw {
			found, err := t.pos.OpenFreqs(ss, t.field, t.term)
			if err == nil && !found {
				continue
			}
			if err != index.ErrUnread {
				if err != nil {
					return err
				}
				t.raw = true
				if err := t.next(from, true); err != nil {
					return err
				}
				continue
			}
		}
		pl, err := index.TermPostings(ss, t.field, t.term)
		if err != nil {
			return err
		}
		if pl == nil || pl.Count() == 0 {
			continue
		}
		t.it = pl.Iterator(true, true, false, t.it)
		if err := t.next(from, true); err != nil {
			return err
		}
	}
	return nil
}
