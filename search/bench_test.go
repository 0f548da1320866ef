package search

import (
	"context"
	"math"
	"net/url"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	blevesearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/newsdesk/newsdesk/index/testneed"
)

// Micro-benchmarks of the hot paths of a search (go test -bench . ./search).

func BenchmarkParseAndBuild(b *testing.B) {
	v := url.Values{"q": {`"peace talks" +taliban -iran person:"Zalmay Khalilzad"`}, "country": {"RU", "Pakistan"},
		"sort": {"date"}, "page": {"2"}}
	for i := 0; i < b.N; i++ {
		req, err := Parse(v, Config{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Build(req, Config{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSnippets(b *testing.B) {
	text := strings.Repeat("The talks between the Taliban and the United States resumed in Doha on Monday. "+
		"Officials said progress was slow, and a ceasefire was not agreed. ", 40)
	ms := find(text, "Taliban", "ceasefire")
	b.SetBytes(int64(len(text)))
	for i := 0; i < b.N; i++ {
		snippets([]string{"Title", text}, [][]match{nil, ms}, 3, 200)
	}
}

// BenchmarkRunAndMap runs a search with facets and snippets on the
// fixture index, then maps its Bleve result alone.
func BenchmarkRunAndMap(b *testing.B) {
	s := New(mustIndex(b), Config{})
	req, _ := Parse(url.Values{"q": {"Taliban Putin"}}, s.Config())
	b.Run("run", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := s.Run(context.Background(), req); err != nil {
				b.Fatal(err)
			}
		}
	})
	breq, _ := Build(req, s.Config())
	h := s.acquire()
	res, err := s.search(context.Background(), h, breq)
	h.release()
	if err != nil {
		b.Fatal(err)
	}
	b.Run("map", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			Map(req, res, s.Config())
		}
	})
}

// BenchmarkPhrase searches a phrase for its matches (no locations, as
// hits and facets do) with newsdesk's phrase searcher, and with Bleve's
// on the same reports indexed by Bleve itself (see bleveComposed).
func BenchmarkPhrase(b *testing.B) {
	ix, ref := tableIndex(b, "../seeds"), bleveComposed(b, "../seeds")
	for _, tc := range []struct {
		name string
		fast bool
	}{{"newsdesk", true}, {"bleve", false}} {
		b.Run(tc.name, func(b *testing.B) {
			in := ref
			if tc.fast {
				in = ix.Bleve()
			}
			for i := 0; i < b.N; i++ {
				q, err := query.NewQueryStringQuery(`"the United States" "said that" "prime minister"`).Parse()
				if err != nil {
					b.Fatal(err)
				}
				if tc.fast {
					q = withFastSearchers(q)
				}
				if _, err := in.Search(bleve.NewSearchRequestOptions(q, 10, 0, false)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkWordsWalk walks the matches of a query of words, scored, as
// the actor table's walk does: from the segments' postings (wordsWalker),
// and with Bleve's searcher for the query. It indexes Reuters-21578 from
// the shared corpora first: on a few hundred reports a walk is mostly
// setting up.
func BenchmarkWordsWalk(b *testing.B) {
	ix := tableIndex(b, testneed.Path(b, "../../shared/corpus/reuters21578.jsonl", "the shared news corpora"))
	r := readerOf(b, ix.Bleve())
	ctx := blevesearch.ContextWithTermSearchersCounter(context.Background())
	ctx = context.WithValue(ctx, blevesearch.GetScoringModelCallbackKey,
		blevesearch.GetScoringModelCallbackFn(func() string { return bleveindex.BM25Scoring }))
	ctx = context.WithValue(ctx, blevesearch.BM25StatsKey, ix.BM25Stats())
	parsed, err := query.NewQueryStringQuery("said barges").Parse()
	if err != nil {
		b.Fatal(err)
	}
	wq := withFastSearchers(parsed).(wordsQuery)
	var sum float64
	b.Run("newsdesk", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			w, err := wq.Walker(ctx, r, ix.Bleve().Mapping(), blevesearch.SearcherOptions{})
			if err != nil || w == nil {
				b.Fatal(w, err)
			}
			if err := w.Walk(ctx, 1024, 0, math.MaxUint64, func(_ uint64, score float64) error {
				sum += score
				return nil
			}); err != nil {
				b.Fatal(err)
			}
			w.Close()
		}
	})
	b.Run("bleve", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			s, err := wq.Query.Searcher(ctx, r, ix.Bleve().Mapping(), blevesearch.SearcherOptions{})
			if err != nil {
				b.Fatal(err)
			}
			sctx := &blevesearch.SearchContext{DocumentMatchPool: blevesearch.NewDocumentMatchPool(s.DocumentMatchPoolSize(), 0)}
			for dm, err := s.Next(sctx); dm != nil || err != nil; dm, err = s.Next(sctx) {
				if err != nil {
					b.Fatal(err)
				}
				sum += dm.Score
				sctx.DocumentMatchPool.Put(dm)
			}
			s.Close()
		}
	})
}
