package search

import (
	"context"
	"fmt"
	"net/url"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/newsdesk/newsdesk/index"
)

// mustIndex builds an in-memory index of the seed report and the fixture
// reports in testdata.
func mustIndex(tb testing.TB) *index.Index {
	tb.Helper()
	ix, err := index.NewMemoryFrom("../seeds/000_38ac89ff238b6b08.txt", "testdata/reports.jsonl")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { ix.Close() })
	return ix
}

func mustSearch(tb testing.TB, s *Searcher, params string) *Result {
	tb.Helper()
	v, err := url.ParseQuery(params)
	if err != nil {
		tb.Fatal(err)
	}
	req, err := Parse(v, s.Config())
	if err != nil {
		tb.Fatalf("Parse(%q): %v", params, err)
	}
	res, err := s.Run(context.Background(), req)
	if err != nil {
		tb.Fatalf("Run(%q): %v", params, err)
	}
	return res
}

func ids(res *Result) []string {
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.ID)
	}
	return out
}

const seedID = "000_38ac89ff238b6b08"

func TestSeedFoundWithHighlight(t *testing.T) {
	s := New(mustIndex(t), Config{})
	res := mustSearch(t, s, "q=Taliban")
	var seed *Hit
	for i := range res.Hits {
		if res.Hits[i].ID == seedID {
			seed = &res.Hits[i]
		}
	}
	if seed == nil {
		t.Fatalf("seed report not among hits %v", ids(res))
	}
	if len(seed.Snippets) == 0 || len(seed.Snippets) > 3 {
		t.Fatalf("seed has %d snippets, want 1 to 3", len(seed.Snippets))
	}
	for _, sn := range seed.Snippets {
		if !strings.Contains(sn.HTML(), "<mark>Taliban</mark>") {
			t.Errorf("snippet %q lacks <mark>Taliban</mark>", sn.HTML())
		}
	}
	var codes []string
	for _, f := range res.Facets.Countries {
		codes = append(codes, f.Code)
	}
	for _, c := range []string{"RU", "PK", "AF"} {
		if !slices.Contains(codes, c) {
			t.Errorf("country facet %v lacks %s", codes, c)
		}
	}
}

func TestFilters(t *testing.T) {
	s := New(mustIndex(t), Config{})
	tests := []struct {
		params string
		want   []string // exactly these, in any order
	}{
		{"person=Vladimir+Putin", []string{seedID, "kremlin-1", "kremlin-2"}},
		{"q=sanctions&person=Vladimir+Putin", []string{"kremlin-1"}},
		{"country=RU&country=TR", []string{"kremlin-2"}},
		{"country=TR&country=PK&country_op=or", []string{seedID, "kremlin-2", "pak-1"}},
		{"country=Turkey", []string{"kremlin-2"}},
		{"person=Zalmay+Khalilzad&organization=Taliban", []string{seedID, "pak-1"}},
		{"country=PK&from=2019-01-01&to=2019-12-31", []string{"pak-1"}},
		{"person=Nobody+Atall", nil},
	}
	for _, tt := range tests {
		res := mustSearch(t, s, tt.params)
		got := ids(res)
		slices.Sort(got)
		want := slices.Clone(tt.want)
		slices.Sort(want)
		if !slices.Equal(got, want) || int(res.Total) != len(want) {
			t.Errorf("%s: hits %v (total %d), want %v", tt.params, got, res.Total, want)
		}
	}
}

func TestFacetCountsMatchReports(t *testing.T) {
	s := New(mustIndex(t), Config{})
	res := mustSearch(t, s, "q=Putin+OR+Taliban&size=100")
	for _, f := range res.Facets.Countries {
		filtered := mustSearch(t, s, "q=Putin+OR+Taliban&country="+f.Code)
		if int(filtered.Total) != f.Count {
			t.Errorf("facet %s counts %d, filtering by it finds %d", f.Code, f.Count, filtered.Total)
		}
		n := 0
		for _, h := range res.Hits {
			for _, c := range h.Countries {
				if c.Code == f.Code {
					n++
				}
			}
		}
		if n != f.Count {
			t.Errorf("facet %s counts %d, %d hits name it", f.Code, f.Count, n)
		}
	}
	for _, f := range res.Facets.People {
		filtered := mustSearch(t, s, "q=Putin+OR+Taliban&person="+url.QueryEscape(f.Value))
		if int(filtered.Total) != f.Count {
			t.Errorf("facet %q counts %d, filtering by it finds %d", f.Value, f.Count, filtered.Total)
		}
	}
}

func TestSnippetsEscapeMarkup(t *testing.T) {
	s := New(mustIndex(t), Config{})
	res := mustSearch(t, s, "q=statement+forum")
	if len(res.Hits) == 0 || res.Hits[0].ID != "xss-1" {
		t.Fatalf("hits %v, want xss-1 first", ids(res))
	}
	for _, sn := range res.Hits[0].Snippets {
		h := sn.HTML()
		if strings.Contains(h, "<script") || strings.Contains(h, "<img") {
			t.Errorf("snippet carries live markup: %s", h)
		}
		if !strings.Contains(h, "&lt;script&gt;") && !strings.Contains(h, "&lt;img") {
			t.Errorf("snippet %s lacks the escaped markup", h)
		}
	}
}

func TestEmptyQueryListsNewestFirst(t *testing.T) {
	s := New(mustIndex(t), Config{})
	res := mustSearch(t, s, "")
	got := ids(res)
	if len(got) != 6 || got[0] != "xss-1" || got[1] != "kremlin-2" {
		t.Errorf("hits %v, want all 6, newest (xss-1, kremlin-2) first", got)
	}
	if last := got[len(got)-1]; last != seedID && last != "farm-1" {
		t.Errorf("undated report %s not last", last)
	}
}

func TestPaging(t *testing.T) {
	s := New(mustIndex(t), Config{})
	all := ids(mustSearch(t, s, "sort=date&size=6"))
	var paged []string
	for p := 1; p <= 3; p++ {
		paged = append(paged, ids(mustSearch(t, s, "sort=date&size=2&page="+string(rune('0'+p))))...)
	}
	if !slices.Equal(all, paged) {
		t.Errorf("pages %v, want %v", paged, all)
	}
}

func TestReport(t *testing.T) {
	s := New(mustIndex(t), Config{})
	r, err := s.Report(context.Background(), seedID)
	if err != nil {
		t.Fatal(err)
	}
	if r.Place != "Washington" || !strings.Contains(r.Body, "Zalmay Khalilzad") || !slices.Contains(r.People, "Vladimir Putin") {
		t.Errorf("report = %+v", r)
	}
	if _, err := s.Report(context.Background(), "no-such-report"); err == nil || !errorsIs(err, ErrNotFound) {
		t.Errorf("unknown report: err = %v, want ErrNotFound", err)
	}
}

// TestCacheIsInvalidatedBySwap: a repeated search is answered from the
// cache, and a new index empties it.
func TestCacheIsInvalidatedBySwap(t *testing.T) {
	s := New(mustIndex(t), Config{CacheSize: 10})
	first := mustSearch(t, s, "q=Taliban")
	again := mustSearch(t, s, "q=Taliban")
	if first != again {
		t.Error("the repeated search was not answered from the cache")
	}
	if other := mustSearch(t, s, "q=Taliban&country=RU"); other == first || other.Total == first.Total {
		t.Error("a different search got the cached result")
	}
	small, err := index.NewMemoryFrom("testdata/reports.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	s.Swap(small).Close()
	after := mustSearch(t, s, "q=Taliban")
	if after == first || after.Total != first.Total-1 {
		t.Errorf("after the swap: %d reports, want %d (the seed report is gone)", after.Total, first.Total-1)
	}
	small.Close()
}

// tableIndex builds an index of paths on disk (an in-memory Bleve index
// numbers its documents otherwise, and keeps Bleve's facets) and waits
// for its actor table.
func tableIndex(t testing.TB, paths ...string) *index.Index {
	t.Helper()
	var srcs []index.Source
	for _, p := range paths {
		src, err := index.DiskSource(p)
		if err != nil {
			t.Fatal(err)
		}
		srcs = append(srcs, src)
	}
	ix, _, err := index.Rebuild(filepath.Join(t.TempDir(), "idx"), srcs, index.Options{BatchSize: 50})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	for deadline := time.Now().Add(20 * time.Second); !ix.ActorsReady(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the actor table was not built")
		}
	}
	return ix
}

// bothWays runs a search as Run does (from the actor table) and as Bleve
// alone runs the same request (its own facets and sort; term locations
// for the hits shown, as the no-table path asks for them).
func bothWays(t *testing.T, s *Searcher, params string) (got, want *Result) {
	t.Helper()
	v, _ := url.ParseQuery(params)
	req, err := Parse(v, s.Config())
	if err != nil {
		t.Fatal(err)
	}
	if got, err = s.Run(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	breq, err := Build(req, s.Config())
	if err != nil {
		t.Fatal(err)
	}
	h := s.acquire()
	res, err := s.searchHits(context.Background(), h, breq)
	h.release()
	if err != nil {
		t.Fatal(err)
	}
	return got, Map(req, res, s.Config())
}

// TestFacetsFromTheActorTable: once the index's actor table is ready, a
// search's facets (counted from it, beside Bleve's search for the hits)
// are those Bleve counts, countries with their codes and names.
func TestFacetsFromTheActorTable(t *testing.T) {
	s := New(tableIndex(t, "../seeds/000_38ac89ff238b6b08.txt", "testdata/reports.jsonl"), Config{})
	for _, params := range []string{"", "q=Taliban", "q=Putin&country=RU", "q=zzznothing"} {
		got, want := bothWays(t, s, params)
		if !reflect.DeepEqual(got.Facets, want.Facets) || got.Total != want.Total {
			t.Errorf("%q: facets %+v (total %d), want Bleve's %+v (total %d)", params, got.Facets, got.Total,
				want.Facets, want.Total)
		}
		if params == "" && (len(got.Facets.Countries) == 0 || got.Facets.Countries[0].Code == "" ||
			got.Facets.Countries[0].Value == got.Facets.Countries[0].Code) {
			t.Errorf("country facet %+v: want codes and names", got.Facets.Countries)
		}
	}
}

// TestLatestFromTheActorTable: a filter-only search, listed newest first
// from the actor table, lists what Bleve's sort by date lists, page by
// page, ties in the same order.
func TestLatestFromTheActorTable(t *testing.T) {
	s := New(tableIndex(t, "../seeds"), Config{})
	ids := func(r *Result) []string {
		var out []string
		for _, h := range r.Hits {
			out = append(out, h.ID+" "+h.Title)
		}
		return out
	}
	for _, params := range []string{"", "page=3", "country=US", "country=US&page=2&size=7", "country=US&organization=NATO",
		"country=FJ", "page=40"} {
		got, want := bothWays(t, s, params)
		if !reflect.DeepEqual(ids(got), ids(want)) || got.Total != want.Total || !reflect.DeepEqual(got.Facets, want.Facets) {
			t.Errorf("%q: hits %q (total %d)\nwant %q (total %d)", params, ids(got), got.Total, ids(want), want.Total)
		}
	}
}

// TestFacetValuesFromTheActorTable: a facet's value list (the API's
// /api/facets) counted from the actor table is Bleve's.
func TestFacetValuesFromTheActorTable(t *testing.T) {
	s := New(tableIndex(t, "../seeds"), Config{})
	for _, tt := range []struct{ kind, prefix, params string }{
		{KindPeople, "", ""}, {KindCountries, "", "country=US"}, {KindOrganizations, "", "q=election"},
		{KindPeople, "jo", ""}, {KindCountries, "ru", ""},
	} {
		v, _ := url.ParseQuery(tt.params)
		req, err := Parse(v, s.Config())
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.FacetValues(context.Background(), req, tt.kind, tt.prefix, 100)
		if err != nil {
			t.Fatal(err)
		}
		q, err := buildQuery(req)
		if err != nil {
			t.Fatal(err)
		}
		field := facetFields[tt.kind]
		breq := bleve.NewSearchRequestOptions(q, 0, 0, false)
		breq.AddFacet(field, bleve.NewFacetRequest(field, maxFacetScan))
		h := s.acquire()
		res, err := s.search(context.Background(), h, breq)
		h.release()
		if err != nil {
			t.Fatal(err)
		}
		var name func(string) string
		if tt.kind == KindCountries {
			name = countryName
		}
		var want []Facet
		for _, f := range facet(res.Facets[field], name) {
			if matchesWordPrefix(f.Value, tt.prefix) || f.Code != "" && strings.EqualFold(f.Code, tt.prefix) {
				want = append(want, f)
			}
		}
		if len(want) > 100 {
			want = want[:100]
		}
		if len(got) == 0 || !reflect.DeepEqual(got, want) {
			t.Errorf("%s %q %q: %d values %v\nwant %d: %v", tt.kind, tt.prefix, tt.params, len(got), got, len(want), want)
		}
	}
}

// TestSearchFromTheActorTable: a search (with a query, or filters by
// relevance), once the actor table is ready (one scored walk for facets
// and hits, then Bleve for the page's fields and locations), gives what
// Bleve alone gives: the same hits in the same order with the same
// scores, snippets, totals and facets, by relevance and by date, on every
// page.
func TestSearchFromTheActorTable(t *testing.T) {
	s := New(tableIndex(t, "../seeds", "testdata/reports.jsonl"), Config{})
	queries := []string{"q=Taliban", "q=said", "q=the+president", "q=%22prime+minister%22", "q=%22said+on%22",
		"q=election+minister", "q=oil+prices+said", "q=Putin%5E3+said", "q=title:Putin+body:talks", "q=Putin&country=RU",
		// Words within actor filters: walked, keeping what the filters hold.
		"q=said&country=US", "q=said+election&country=US&from=2019-06-01", "q=said&country=US&organization=NATO",
		"q=%22said+it%22+minister&country=US&sort=date",
		"q=said&sort=date", "q=said&page=3", "q=said&sort=date&page=4&size=7",
		"q=title:Putin", "q=%2Bsaid+-election", "q=gov*", "q=zzznothing", "q=minister&organization=NATO",
		"q=people&from=2020-01-01", "q=said&not_country=US", "q=election&size=100", "sort=relevance",
		"sort=relevance&country=US&page=2",
		// Actor filters alone: their bitmaps walked in batches, newest first.
		"country=US", "country=US&page=3&size=7", "organization=NATO&size=50", "person=Vladimir+Putin&page=2",
		// Dates: the table applies the from-to window itself.
		"q=said&from=2019-06-01&to=2020-03-31", "q=said&to=2019-12-31&sort=date", "q=minister&from=2020-03-02&to=2020-03-02",
		"country=US&from=2020-01-01&to=2020-06-30", "sort=relevance&country=US&from=2020-01-01",
		"q=said+date:%3E%3D%222020-02-01%22&to=2020-06-30", "q=said&from=2030-01-01"}
	for _, params := range queries {
		got, want := bothWays(t, s, params)
		got.TookMS, want.TookMS = 0, 0
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q:\ngot  %d hits of %d: %v\nwant %d hits of %d: %v", params, len(got.Hits), got.Total, hitScores(got),
				len(want.Hits), want.Total, hitScores(want))
			for i := range min(len(got.Hits), len(want.Hits)) {
				if !reflect.DeepEqual(got.Hits[i], want.Hits[i]) {
					t.Errorf("first difference, hit %d:\ngot  %+v\nwant %+v", i, got.Hits[i], want.Hits[i])
					break
				}
			}
			if !reflect.DeepEqual(got.Facets, want.Facets) {
				t.Errorf("facets %+v\nwant %+v", got.Facets, want.Facets)
			}
		}
	}
}

func hitScores(r *Result) []string {
	var out []string
	for _, h := range r.Hits {
		out = append(out, fmt.Sprintf("%s:%.4f", h.ID, h.Score))
	}
	return out
}

// TestReadMarksTheQuery: the report page marks where the query matches:
// words in title and body, a phrase where it stands (not its words
// elsewhere), and nothing for a query that matches nothing there.
func TestReadMarksTheQuery(t *testing.T) {
	s := New(tableIndex(t, "testdata/reports.jsonl"), Config{})
	marked := func(q string) []string {
		r, err := s.Read(context.Background(), "kremlin-1", q)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, p := range append([][]Segment{r.Headline}, r.Paragraphs...) {
			for _, seg := range p {
				if seg.Mark {
					out = append(out, seg.Text)
				}
			}
		}
		return out
	}
	for q, want := range map[string][]string{
		"sanctions":                       {"sanctions", "sanctions"},
		"title:sanctions":                 {"sanctions"},
		`"Putin said"`:                    {"Putin", "said"},
		`"new sanctions" Moscow`:          {"new", "sanctions", "Moscow"},
		`sanctions date:>="2020-01-01"`:   {"sanctions", "sanctions"},
		"zzznothing":                      nil,
		`"Putin spoke" -zzznothing`:       {"Putin", "spoke"},
		`+"said on Monday" +body:Russian`: {"Russian", "said", "Monday"},
	} {
		if got := marked(q); !slices.Equal(got, want) {
			t.Errorf("%s: marked %q, want %q", q, got, want)
		}
	}
}
