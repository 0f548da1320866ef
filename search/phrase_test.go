package search

import (
	"context"
	"reflect"
	"testing"

	"github.com/blevesearch/bleve/v2"
	blevesearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
)

// TestOneWordPhrases: a phrase that analysis leaves one word ("said on":
// "on" is a stop word) searches as that word, and finds what Bleve's
// phrase search finds, with the same scores and term locations; other
// phrases stay phrases.
func TestOneWordPhrases(t *testing.T) {
	ix := tableIndex(t, "../seeds", "testdata/reports.jsonl")
	b := ix.Bleve()
	type hit struct {
		ID        string
		Score     float64
		Locations blevesearch.FieldTermLocationMap
	}
	run := func(q query.Query) []hit {
		req := bleve.NewSearchRequestOptions(q, 20, 0, false)
		req.IncludeLocations = true
		res, err := b.Search(req)
		if err != nil {
			t.Fatal(err)
		}
		var out []hit
		for _, h := range res.Hits {
			out = append(out, hit{h.ID, h.Score, h.Locations})
		}
		return out
	}
	adv, err := b.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	r, err := adv.Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for _, tc := range []struct {
		q       string
		oneWord bool
	}{
		{`"said on"`, true},
		{`"the Taliban"`, true},
		{`title:"a Putin"`, true},
		{`"Putin said"`, false},
		{`"Vladimir Putin" +"talks with"`, false},
		{`"Putin Vladimir"`, false},
		{`"the of"`, false}, // stop words only: matches nothing
	} {
		parsed, err := query.NewQueryStringQuery(tc.q).Parse()
		if err != nil {
			t.Fatal(err)
		}
		want := run(parsed)
		parsed, _ = query.NewQueryStringQuery(tc.q).Parse()
		ours := withOneWordPhrases(parsed)
		if got := run(ours); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %+v\nwant %+v", tc.q, got, want)
		}
		if tc.oneWord {
			if len(want) == 0 {
				t.Errorf("%s: the fixture should match something", tc.q)
			}
			phrase := ours.(*query.BooleanQuery).Should.(*query.DisjunctionQuery).Disjuncts[0]
			s, err := phrase.Searcher(context.Background(), r, b.Mapping(), blevesearch.SearcherOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := s.(*searcher.TermSearcher); !ok {
				t.Errorf("%s: searched with a %T, not as a word", tc.q, s)
			}
			s.Close()
		}
	}
}
