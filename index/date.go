package index

import (
	"context"
	"errors"
	"math"
	"time"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/numeric"
	blevesearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// A report's date is indexed as Bleve indexes a date-time field, as
// prefix-coded terms of its Unix time in nanoseconds, each term the time
// with its lowest bits shifted off, but at five precisions where Bleve
// uses sixteen (every 4 bits). Those terms were the largest cost of
// indexing after the text: a ninth of the time on Reuters. A range is
// covered by the coarsest terms that fit inside it and finer ones at its
// edges; with these precisions an edge needs at most 255 terms of a
// level, and the index's dictionary gives only the terms that exist.
// Shift 0 is the time itself, from which sorting and the actor table read
// the date (doc values), as with Bleve's own field.
//
// Shifts in time: 0 exact, 32 about 4 seconds, 40 about 18 minutes, 48
// about 3 days, 56 about 2 years.
var dateShifts = [...]uint{0, 32, 40, 48, 56}

// dateField is a date field indexed at dateShifts.
type dateField struct {
	*document.DateTimeField
	length int
	freqs  bleveindex.TokenFrequencies
}

// Analyze makes the field's terms.
func (f *dateField) Analyze() {
	t, _, err := f.DateTime()
	if err != nil {
		// Not a time (it always is, as the mapping makes it): Bleve's terms.
		f.DateTimeField.Analyze()
		f.length, f.freqs = f.DateTimeField.AnalyzedLength(), f.DateTimeField.AnalyzedTokenFrequencies()
		return
	}
	tokens := make(analysis.TokenStream, 0, len(dateShifts))
	for _, shift := range dateShifts {
		term := numeric.MustNewPrefixCodedInt64(t.UnixNano(), shift)
		tokens = append(tokens, &analysis.Token{Term: term, End: len(term), Position: 1, Type: analysis.DateTime})
	}
	f.length = len(tokens)
	f.freqs = analysis.TokenFrequency(tokens, f.ArrayPositions(), f.Options())
}

func (f *dateField) AnalyzedLength() int                                   { return f.length }
func (f *dateField) AnalyzedTokenFrequencies() bleveindex.TokenFrequencies { return f.freqs }

// withDateField replaces the date-time field Bleve's mapping made for the
// date by a dateField.
func withDateField(doc *document.Document) {
	for i, f := range doc.Fields {
		if dt, ok := f.(*document.DateTimeField); ok && dt.Name() == FieldDate {
			doc.Fields[i] = &dateField{DateTimeField: dt}
		}
	}
}

// shiftRange is a run of terms of one precision: the times from lo to hi
// (sortable, see sortable), both multiples of 1<<shift (hi+1 is).
type shiftRange struct {
	shift  uint
	lo, hi uint64
}

// sortable maps a time to an unsigned number in the same order, as
// prefix coding does (the sign bit flipped).
func sortable(ns int64) uint64 { return uint64(ns) ^ 1<<63 }

// dateTermRanges covers the sortable times from lo to hi, both included,
// with runs of terms at the dateShifts precisions: whole coarser buckets
// in the middle, finer runs at the edges.
func dateTermRanges(lo, hi uint64) []shiftRange {
	var out []shiftRange
	for k, shift := range dateShifts {
		if k == len(dateShifts)-1 {
			return append(out, shiftRange{shift, lo, hi})
		}
		bucket := uint64(1) << dateShifts[k+1]
		// The whole coarser buckets inside run from up (the first
		// multiple of bucket at or after lo) to before down (after the
		// last multiple that ends by hi).
		up, upOK := lo, true
		if rem := lo & (bucket - 1); rem != 0 {
			up = lo - rem + bucket
			upOK = up > lo // false: past the largest time
		}
		down, downOK := (hi+1)&^(bucket-1), hi != math.MaxUint64 // !downOK: down is 1<<64
		if !upOK || downOK && up >= down {
			// Within one coarser bucket, or across one boundary: this
			// precision covers it all.
			if upOK && lo < up && up <= hi {
				return append(out, shiftRange{shift, lo, up - 1}, shiftRange{shift, up, hi})
			}
			return append(out, shiftRange{shift, lo, hi})
		}
		if lo < up {
			out = append(out, shiftRange{shift, lo, up - 1})
		}
		if downOK && down <= hi {
			out = append(out, shiftRange{shift, down, hi})
			hi = down - 1
		}
		lo = up
	}
	return out
}

// DateRangeQuery matches reports dated between Start and End (a zero time
// leaves that end open). It is the only range query the date field
// answers correctly: Bleve's own looks for the sixteen precisions of its
// date-time fields.
type DateRangeQuery struct {
	Start, End                   time.Time
	InclusiveStart, InclusiveEnd bool
	Boost                        float64
}

// Searcher finds the range's terms in the index's dictionary and matches
// any of them.
func (q *DateRangeQuery) Searcher(ctx context.Context, r bleveindex.IndexReader, _ mapping.IndexMapping,
	o blevesearch.SearcherOptions) (blevesearch.Searcher, error) {
	lo, hi := uint64(0), uint64(math.MaxUint64)
	if !q.Start.IsZero() {
		lo = sortable(q.Start.UnixNano())
		if !q.InclusiveStart {
			if lo == math.MaxUint64 {
				return searcher.NewMatchNoneSearcher(r)
			}
			lo++
		}
	}
	if !q.End.IsZero() {
		hi = sortable(q.End.UnixNano())
		if !q.InclusiveEnd {
			if hi == 0 {
				return searcher.NewMatchNoneSearcher(r)
			}
			hi--
		}
	}
	if lo > hi {
		return searcher.NewMatchNoneSearcher(r)
	}
	var terms [][]byte
	for _, rg := range dateTermRanges(lo, hi) {
		dict, err := r.FieldDictRange(FieldDate, dateTerm(rg.lo, rg.shift), dateTerm(rg.hi, rg.shift))
		if err != nil {
			return nil, err
		}
		for {
			e, err := dict.Next()
			if err != nil {
				dict.Close()
				return nil, err
			}
			if e == nil {
				break
			}
			terms = append(terms, []byte(e.Term))
		}
		if err := dict.Close(); err != nil {
			return nil, err
		}
	}
	return searcher.NewMultiTermSearcherBytes(ctx, r, terms, FieldDate, q.Boost, o, true)
}

// window is the range as the dates a search keeps, both ends included;
// ok is false when no date is in it.
func (q *DateRangeQuery) window() (w dateWindow, ok bool) {
	w = dateWindow{noDate + 1, math.MaxInt64}
	if !q.Start.IsZero() {
		w.from = q.Start.UnixNano()
		if !q.InclusiveStart {
			if w.from == math.MaxInt64 {
				return w, false
			}
			w.from++
		}
	}
	if !q.End.IsZero() {
		w.to = q.End.UnixNano()
		if !q.InclusiveEnd {
			if w.to == math.MinInt64 {
				return w, false
			}
			w.to--
		}
	}
	return w, w.from <= w.to && w.to > noDate
}

// dateTerm is the term of precision shift for the sortable time v.
func dateTerm(v uint64, shift uint) []byte {
	return numeric.MustNewPrefixCodedInt64(int64(v^1<<63), shift)
}

// ErrNumericDateRange is returned for a range of numbers on the date
// field ("date:>5"): dates are compared as dates.
var ErrNumericDateRange = errors.New(`a date range takes dates in quotes, as date:>="2024-01-31"`)

// RewriteDateRanges replaces the date ranges Bleve's query-string parser
// makes on the date field (date:>"2024-01-31") by DateRangeQuery, in a
// query made of Boolean, conjunction and disjunction queries.
func RewriteDateRanges(q query.Query) (query.Query, error) {
	var err error
	switch q := q.(type) {
	case *query.DateRangeQuery:
		// Dates Bleve cannot represent are a bad query, whatever the field.
		if err := q.Validate(); err != nil {
			return nil, err
		}
		if q.FieldVal != FieldDate {
			return q, nil
		}
		// Bleve's defaults: the start is included, the end is not.
		return &DateRangeQuery{Start: q.Start.Time, End: q.End.Time,
			InclusiveStart: q.InclusiveStart == nil || *q.InclusiveStart,
			InclusiveEnd:   q.InclusiveEnd != nil && *q.InclusiveEnd, Boost: q.BoostVal.Value()}, nil
	case *query.NumericRangeQuery:
		if q.FieldVal == FieldDate {
			return nil, ErrNumericDateRange
		}
	case *query.BooleanQuery:
		for _, part := range []*query.Query{&q.Must, &q.Should, &q.MustNot, &q.Filter} {
			if *part != nil {
				if *part, err = RewriteDateRanges(*part); err != nil {
					return nil, err
				}
			}
		}
	case *query.ConjunctionQuery:
		for i := range q.Conjuncts {
			if q.Conjuncts[i], err = RewriteDateRanges(q.Conjuncts[i]); err != nil {
				return nil, err
			}
		}
	case *query.DisjunctionQuery:
		for i := range q.Disjuncts {
			if q.Disjuncts[i], err = RewriteDateRanges(q.Disjuncts[i]); err != nil {
				return nil, err
			}
		}
	}
	return q, nil
}
