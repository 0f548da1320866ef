package search

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
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
