package index

import (
	"context"

	"github.com/blevesearch/bleve/v2/index/scorch"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// SegmentsOf returns a snapshot's segments and the number of each one's
// first report in the index: a segment's reports follow those of the
// segments before it (scorch's document numbers, the actor table's).
func SegmentsOf(snap *scorch.IndexSnapshot) (segs []*scorch.SegmentSnapshot, offsets []uint64) {
	segs = snap.Segments()
	var running uint64
	for _, seg := range segs {
		offsets = append(offsets, running)
		running += seg.Segment().Count()
	}
	return segs, offsets
}

// bitmapWalker walks the reports holding one term, unscored (an actor
// filter alone), straight from each segment's bitmap of them, deleted
// reports taken out: Bleve's term reader makes a term document of each,
// which was two fifths of the walk of an organisation named in most
// reports.
type bitmapWalker struct {
	segs    []*scorch.SegmentSnapshot
	offsets []uint64
	field   string
	term    []byte
	count   uint64
}

func newBitmapWalker(snap *scorch.IndexSnapshot, field string, term []byte) (*bitmapWalker, error) {
	w := &bitmapWalker{field: field, term: term}
	w.segs, w.offsets = SegmentsOf(snap)
	for _, ss := range w.segs {
		pl, err := w.postings(ss)
		if err != nil {
			return nil, err
		}
		if pl != nil {
			w.count += pl.Count()
		}
	}
	return w, nil
}

// postings is the term's postings list in segment ss, deleted reports
// left out (nil when the term is not there).
func (w *bitmapWalker) postings(ss *scorch.SegmentSnapshot) (segment.PostingsList, error) {
	dict, err := ss.Segment().Dictionary(w.field)
	if err != nil || dict == nil {
		return nil, err
	}
	return dict.PostingsList(w.term, ss.Deleted(), nil)
}

func (w *bitmapWalker) Count() uint64 { return w.count }
func (w *bitmapWalker) Close() error  { return nil }

// Walk calls fn with each report numbered from lo up to hi that holds the
// term (its score 0).
func (w *bitmapWalker) Walk(ctx context.Context, every int, lo, hi uint64,
	fn func(n uint64, score float64) error) error {
	walked := 0
	each := func(n uint64) error {
		if err := fn(n, 0); err != nil {
			return err
		}
		if walked++; walked%every == 0 {
			return ctx.Err()
		}
		return nil
	}
	for si, ss := range w.segs {
		base, size := w.offsets[si], ss.Segment().Count()
		if base+size <= lo {
			continue
		}
		if base >= hi {
			break
		}
		from, to := uint64(0), min(size, hi-base)
		if lo > base {
			from = lo - base
		}
		pl, err := w.postings(ss)
		if err != nil {
			return err
		}
		if pl == nil {
			continue
		}
		it := pl.Iterator(false, false, false, nil)
		if o, ok := it.(segment.OptimizablePostingsIterator); ok {
			if n, one := o.DocNum1Hit(); one {
				if n >= from && n < to {
					if err := each(base + n); err != nil {
						return err
					}
				}
				continue
			}
			if bm := o.ActualBitmap(); bm != nil {
				bits := bm.Iterator()
				bits.AdvanceIfNeeded(uint32(from))
				for bits.HasNext() {
					n := uint64(bits.Next())
					if n >= to {
						break
					}
					if err := each(base + n); err != nil {
						return err
					}
				}
				continue
			}
		}
		// Postings held another way (or none): walk them.
		var p segment.Posting
		if from == 0 {
			p, err = it.Next()
		} else {
			p, err = it.Advance(from)
		}
		for ; p != nil && err == nil && p.Number() < to; p, err = it.Next() {
			if err := each(base + p.Number()); err != nil {
				return err
			}
		}
		if err != nil {
			return err
		}
	}
	return nil
}
