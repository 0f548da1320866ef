package search

import (
	"context"
	binenc "encoding/binary"
	"math"
	"testing"

	blevesearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/newsdesk/newsdesk/index"
)

// TestWordsWalkerAsBleve: a query string of words, walked from the
// segments' postings (wordsWalker, the actor table's scored walk), finds
// the reports the query's searcher finds, with the same scores
// to the bit, on an index in one piece and on one of several segments with
// reports deleted and changed; and a walk over part of the reports (one
// walk a core) finds the part of them.
func TestWordsWalkerAsBleve(t *testing.T) {
	bothReadings(t, func(t *testing.T) {
		// walked: whether the query has a walker; stop words alone match
		// nothing, and more words than Bleve's disjunction takes as a slice
		// are Bleve's.
		queries := []struct {
			q      string
			walked bool
		}{{"said", true}, {"said Taliban", true}, {"Putin talks sanctions", true}, {"Putin^3 said", true},
			{"said said", true}, {"title:Putin body:talks", true}, {"the president", true}, {"the", false},
			{"zzznothing said", true}, {"zzznothing", true}, {"Updated minister", true},
			{"oil prices rose sharply in early trading", true},
			{"said government minister president officials people country told year", true},
			{`"said it"`, true}, {`"said on" Taliban`, true}, {`"the" said`, true}, {`"prime minister" said`, false},
			{`"prime minister"`, false}, {`title:"Putin said"`, false}, {`"Putin"^2 body:"the talks"`, true}, {"a b c d e f g h i j k l", false}}
		for _, tc := range []struct {
			name string
			ix   *index.Index
		}{{"one piece", tableIndex(t, "../seeds", "testdata/reports.jsonl")}, {"updated", updatedIndex(t)}} {
			b := tc.ix.Bleve()
			r := readerOf(t, b)
			ctx := blevesearch.ContextWithTermSearchersCounter(context.Background())
			ctx = context.WithValue(ctx, blevesearch.GetScoringModelCallbackKey,
				blevesearch.GetScoringModelCallbackFn(func() string { return bleveindex.BM25Scoring }))
			ctx = context.WithValue(ctx, blevesearch.BM25StatsKey, tc.ix.BM25Stats())
			o := blevesearch.SearcherOptions{}
			type match struct {
				n     uint64
				score float64
			}
			walked, found := 0, 0
			for _, qc := range queries {
				q := qc.q
				parsed, err := query.NewQueryStringQuery(q).Parse()
				if err != nil {
					t.Fatal(err)
				}
				// The reference: the query's searcher, newsdesk's as Bleve
				// searches with it (each part is Bleve's to the bit, see
				// TestSoleClauseAsBleve; Bleve's own phrase on title or body
				// would find nothing here, as the index keeps their positions
				// in _all only).
				again, _ := query.NewQueryStringQuery(q).Parse()
				s, err := withFastSearchers(again).Searcher(ctx, r, b.Mapping(), o)
				if err != nil {
					t.Fatal(err)
				}
				var want []match
				sctx := &blevesearch.SearchContext{DocumentMatchPool: blevesearch.NewDocumentMatchPool(s.DocumentMatchPoolSize(), 0)}
				for dm, err := s.Next(sctx); dm != nil || err != nil; dm, err = s.Next(sctx) {
					if err != nil {
						t.Fatal(err)
					}
					want = append(want, match{binenc.BigEndian.Uint64(dm.IndexInternalID), dm.Score})
					sctx.DocumentMatchPool.Put(dm)
				}
				s.Close()
				found += len(want)

				wq, ok := withFastSearchers(parsed).(wordsQuery)
				if !ok {
					if qc.walked {
						t.Fatalf("%s: %T, want a wordsQuery", q, withFastSearchers(parsed))
					}
					continue
				}
				walk := func(lo, hi uint64) []match {
					w, err := wq.Walker(ctx, r, b.Mapping(), o)
					if err != nil {
						t.Fatal(err)
					}
					if w == nil {
						return nil
					}
					defer w.Close()
					var out []match
					if err := w.Walk(context.Background(), 3, lo, hi, func(n uint64, score float64) error {
						out = append(out, match{n, score})
						return nil
					}); err != nil {
						t.Fatal(err)
					}
					return out
				}
				if w, err := wq.Walker(ctx, r, b.Mapping(), o); err != nil || (w != nil) != qc.walked {
					t.Fatalf("%s: walker %v, %v", q, w, err)
				} else if w == nil {
					continue // Bleve's searcher walks it
				} else {
					walked++
					w.Close()
				}
				got := walk(0, math.MaxUint64)
				if len(got) != len(want) {
					t.Fatalf("%s (%s): %d matches, want Bleve's %d", q, tc.name, len(got), len(want))
				}
				for i := range got {
					if got[i] != want[i] {
						t.Fatalf("%s (%s): match %d is %+v, want Bleve's %+v", q, tc.name, i, got[i], want[i])
					}
				}
				for _, cut := range []uint64{0, 1, 57, 150, 233, 1 << 20} {
					var parts []match
					parts = append(parts, walk(0, cut)...)
					parts = append(parts, walk(cut, math.MaxUint64)...)
					if len(parts) != len(want) {
						t.Fatalf("%s (%s) cut at %d: %d matches, want %d", q, tc.name, cut, len(parts), len(want))
					}
					for i := range parts {
						if parts[i] != want[i] {
							t.Fatalf("%s (%s) cut at %d: match %d is %+v, want %+v", q, tc.name, cut, i, parts[i], want[i])
						}
					}
				}
			}
			if walked < 10 || found < 300 {
				t.Errorf("%s: %d queries walked, %d matches in all: the check says little", tc.name, walked, found)
			}
		}
	})
}
