package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"sort"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/search"
)

// benchClass is one class of queries, as request parameters.
type benchClass struct {
	name    string
	queries []url.Values
}

// benchQueries makes the seeded query classes from the corpus's words and
// the index's actor values.
func benchQueries(ix *index.Index, corpusPath string, n int) ([]benchClass, error) {
	cw, err := readCorpusWords(corpusPath, 7)
	if err != nil {
		return nil, err
	}
	// The index's most frequent countries and organisations are the
	// filters analysts click.
	res, err := search.New(ix, search.Config{FacetSize: 20}).Run(context.Background(),
		search.Request{Page: 1, Size: 1, Sort: search.SortDate})
	if err != nil {
		return nil, err
	}
	var filters []url.Values
	for _, f := range res.Facets.Countries {
		filters = append(filters, url.Values{"country": {f.Code}})
	}
	for _, f := range res.Facets.Organizations {
		filters = append(filters, url.Values{"organization": {f.Value}})
	}
	if len(filters) == 0 {
		return nil, errors.New("the index has no actors to filter by")
	}
	rng, pick, common, rare := cw.rng, cw.pick, cw.common, cw.rare
	classes := []benchClass{{name: "common word"}, {name: "rare word"}, {name: "two words"}, {name: "phrase"},
		{name: "actor filter"}, {name: "word + actor"}}
	for range n {
		classes[0].queries = append(classes[0].queries, url.Values{"q": {pick(common)}})
		classes[1].queries = append(classes[1].queries, url.Values{"q": {pick(rare)}})
		classes[2].queries = append(classes[2].queries, url.Values{"q": {pick(common) + " " + pick(rare)}})
		classes[3].queries = append(classes[3].queries, url.Values{"q": {cw.phrase()}})
		classes[4].queries = append(classes[4].queries, filters[rng.IntN(len(filters))])
		wf := url.Values{"q": {pick(common)}}
		for k, v := range filters[rng.IntN(len(filters))] {
			wf[k] = v
		}
		classes[5].queries = append(classes[5].queries, wf)
	}
	return classes, nil
}

// bareRequest is the bare Bleve search for the same parameters: the query
// string (or all reports), the filters as terms, three facets, the
// default highlighter.
func bareRequest(v url.Values, size int) *bleve.SearchRequest {
	var must []query.Query
	if q := v.Get("q"); q != "" {
		must = append(must, query.NewQueryStringQuery(q))
	} else {
		must = append(must, query.NewMatchAllQuery())
	}
	for param, field := range map[string]string{"country": index.FieldCountries, "organization": index.FieldOrganizations} {
		for _, val := range v[param] {
			tq := query.NewTermQuery(val)
			tq.SetField(field)
			must = append(must, tq)
		}
	}
	req := bleve.NewSearchRequestOptions(query.NewConjunctionQuery(must), size, 0, false)
	if v.Get("q") == "" {
		req.SortBy([]string{"-" + index.FieldDate}) // as newsdesk lists filter-only results
	}
	req.Highlight = bleve.NewHighlight()
	req.Fields = []string{index.FieldTitle, index.FieldDate, index.FieldSource}
	for _, f := range []string{index.FieldPeople, index.FieldCountries, index.FieldOrganizations} {
		req.AddFacet(f, bleve.NewFacetRequest(f, 10))
	}
	return req
}

// benchSearch times each class's queries, newsdesk's and bare Bleve's
// alternately, over a warm-up pass and then passes measured passes: a
// p99 of one pass of 100 queries would be its second slowest search,
// which one stray pause can double.
func benchSearch(ctx context.Context, s *search.Searcher, b bleve.Index, classes []benchClass, cfg search.Config,
	passes int) []classFigure {
	var out []classFigure
	var allOurs, allBare []time.Duration
	for _, c := range classes {
		var ours, bare []time.Duration
		for pass := 0; pass <= passes; pass++ {
			if pass == 1 { // the first pass warms the caches
				ours, bare = ours[:0], bare[:0]
			}
			for _, v := range c.queries {
				req, err := search.Parse(v, cfg)
				if err != nil {
					continue
				}
				t0 := time.Now()
				if _, err := s.Run(ctx, req); err != nil {
					continue
				}
				ours = append(ours, time.Since(t0))
				t0 = time.Now()
				if _, err := b.SearchInContext(ctx, bareRequest(v, req.Size)); err != nil {
					continue
				}
				bare = append(bare, time.Since(t0))
			}
		}
		out = append(out, classFigure{Class: c.name, P50: pct(ours, 0.5), P99: pct(ours, 0.99),
			BareP50: pct(bare, 0.5), BareP99: pct(bare, 0.99), Searches: len(ours)})
		allOurs, allBare = append(allOurs, ours...), append(allBare, bare...)
	}
	// The mix: every class's searches together, as a user's would come.
	return append(out, classFigure{Class: mixClass, P50: pct(allOurs, 0.5), P99: pct(allOurs, 0.99),
		BareP50: pct(allBare, 0.5), BareP99: pct(allBare, 0.99), Searches: len(allOurs)})
}

// mixClass names the figures over all classes' searches.
const mixClass = "all classes"

func pct(d []time.Duration, q float64) float64 {
	if len(d) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return float64(s[int(q*float64(len(s)-1))].Microseconds()) / 1000
}

func printSearch(w io.Writer, cs []classFigure) {
	fmt.Fprintf(w, "%-13s %8s %8s %8s %8s %9s %9s\n", "search (ms)", "ours p50", "ours p99", "bare p50", "bare p99", "p50 ratio", "p99 ratio")
	for _, c := range cs {
		fmt.Fprintf(w, "%-13s %8.2f %8.2f %8.2f %8.2f %9.2f %9.2f\n", c.Class, c.P50, c.P99, c.BareP50, c.BareP99,
			c.P50/c.BareP50, c.P99/c.BareP99)
	}
	fmt.Fprintln(w)
}
