package search

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	blevesearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/newsdesk/newsdesk/index"
)

// phraseHit is what a phrase search must give alike both ways.
type phraseHit struct {
	ID        string
	Score     float64
	Locations blevesearch.FieldTermLocationMap
}

// phraseSearch runs a query string on b, with phraseQuery or with Bleve's
// own phrase query, with or without term locations.
func phraseSearch(t *testing.T, b bleve.Index, q string, ours, locations bool) []phraseHit {
	t.Helper()
	parsed, err := query.NewQueryStringQuery(q).Parse()
	if err != nil {
		t.Fatal(err)
	}
	if ours {
		parsed = withFastSearchers(parsed)
	}
	req := bleve.NewSearchRequestOptions(parsed, 1000, 0, false)
	req.IncludeLocations = locations
	res, err := b.Search(req)
	if err != nil {
		t.Fatal(err)
	}
	var out []phraseHit
	for _, h := range res.Hits {
		hit := phraseHit{ID: h.ID, Score: h.Score}
		if locations { // Bleve's phrase searcher gives them unasked; ours does not
			hit.Locations = h.Locations
		}
		out = append(out, hit)
	}
	return out
}

// TestPhrasesAsBleveFindsThem: phraseQuery finds what Bleve's phrase
// query finds, with the same scores (and, when asked, term locations):
// phrases that analysis leaves one word ("said on": "on" is a stop word),
// phrases with a stop word inside, phrases within queries, and many
// phrases cut from the fixture's own text.
func TestPhrasesAsBleveFindsThem(t *testing.T) {
	ix := tableIndex(t, "../seeds", "testdata/reports.jsonl")
	b := ix.Bleve()
	queries := []string{`"said on"`, `"the Taliban"`, `title:"a Putin"`, `"Putin said"`, `"Vladimir Putin" +"talks with"`,
		`"Putin Vladimir"`, `"the of"`, `"talks with the Taliban"`, `+"special representative" -Pakistan`,
		`"hosted Zalmay Khalilzad, the US"`, `Putin "said on Monday"`, `body:"new sanctions would fail"`}
	var text []string
	src, err := index.DiskSource("testdata/reports.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	src.Reports(func(r index.Report) error {
		text = append(text, strings.Fields(r.Body)...)
		// The title's last word and the body's word at the next position
		// of its own field: a phrase only if fields ran on into each other.
		title, body := strings.Fields(r.Title), strings.Fields(r.Body)
		if len(body) > len(title) {
			queries = append(queries, fmt.Sprintf("%q", title[len(title)-1]+" "+body[len(title)]))
		}
		return nil
	}, func(index.Problem) {})
	rng := rand.New(rand.NewPCG(1, 2))
	for range 60 {
		n, i := 2+rng.IntN(3), rng.IntN(len(text)-5)
		queries = append(queries, fmt.Sprintf("%q", strings.Trim(strings.Join(text[i:i+n], " "), `".,`)))
	}
	matched := 0
	for _, q := range queries {
		for _, locations := range []bool{false, true} {
			want := phraseSearch(t, b, q, false, locations)
			if got := phraseSearch(t, b, q, true, locations); !reflect.DeepEqual(got, want) {
				t.Errorf("%s (locations %v): got %+v\nwant %+v", q, locations, got, want)
			}
			if len(want) > 0 {
				matched++
			}
		}
	}
	if matched < len(queries) {
		t.Errorf("only %d of %d searches matched anything: the check says little", matched, 2*len(queries))
	}
}

// TestPhraseSearchers: the searcher each kind of phrase gets.
func TestPhraseSearchers(t *testing.T) {
	ix := tableIndex(t, "testdata/reports.jsonl")
	b := ix.Bleve()
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
		phrase    string
		locations bool
		want      string
	}{
		{"said on", false, "*searcher.TermSearcher"},
		{"said on", true, "*searcher.TermSearcher"},
		{"Putin said", false, "*search.positionSearcher"},
		{"talks with the Taliban", false, "*search.positionSearcher"},
		{"Putin said", true, "*searcher.PhraseSearcher"},
	} {
		s, err := phraseQuery{query.NewMatchPhraseQuery(tc.phrase)}.Searcher(context.Background(), r, b.Mapping(),
			blevesearch.SearcherOptions{IncludeTermVectors: tc.locations})
		if err != nil {
			t.Fatal(err)
		}
		if got := reflect.TypeOf(s).String(); got != tc.want {
			t.Errorf("%q (locations %v): a %s, want a %s", tc.phrase, tc.locations, got, tc.want)
		}
		s.Close()
	}
}

// TestSoleClauseAsBleve: a query string of one clause searches as that
// clause (soleClause), and a word as its term (matchQuery), with Bleve's
// hits, scores and locations to the bit.
func TestSoleClauseAsBleve(t *testing.T) {
	b := tableIndex(t, "../seeds", "testdata/reports.jsonl").Bleve()
	for _, q := range []string{"said", "Taliban", "gov*", "talibn~1", "/tali.*/", "title:Putin", `person:"Vladimir Putin"`,
		`"wheat harvest"`, `"said on"`, "zzznothing", `+said`, `-said`,
		// Words among others: each word searches as its term (matchQuery).
		"oil prices", "+Putin Taliban -sanctions", "Putin^3 said", "title:Putin body:talks", "the", "U.S.-led", "Putin's"} {
		for _, locations := range []bool{false, true} {
			want := phraseSearch(t, b, q, false, locations)
			if got := phraseSearch(t, b, q, true, locations); !reflect.DeepEqual(got, want) {
				t.Errorf("%s (locations %v): got %+v\nwant %+v", q, locations, got, want)
			}
		}
	}
	parsed, err := query.NewQueryStringQuery("said").Parse()
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := withFastSearchers(parsed).(soleClause); !ok {
		t.Errorf("a one-word query is %T, want soleClause", withFastSearchers(parsed))
	}
}

// TestMatchQueryAsBleve: on its own, without a parent query to set its
// norm, matchQuery scores as Bleve's match query does.
func TestMatchQueryAsBleve(t *testing.T) {
	b := tableIndex(t, "../seeds", "testdata/reports.jsonl").Bleve()
	for _, word := range []string{"said", "Taliban", "talks", "the", "sanctions"} {
		var got, want []phraseHit
		for i, q := range []query.Query{matchQuery{query.NewMatchQuery(word)}, query.NewMatchQuery(word)} {
			res, err := b.Search(bleve.NewSearchRequestOptions(q, 1000, 0, false))
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range res.Hits {
				if i == 0 {
					got = append(got, phraseHit{ID: h.ID, Score: h.Score})
				} else {
					want = append(want, phraseHit{ID: h.ID, Score: h.Score})
				}
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %+v\nwant %+v", word, got, want)
		}
	}
}
