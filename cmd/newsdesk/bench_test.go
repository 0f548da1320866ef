package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/search"
)

// TestBenchQueryClasses checks that the benchmark's classes are what
// their names say: common words are in many reports, rare words in a
// few, phrases are two neighbouring words of a report, filters name
// actors the index holds.
func TestBenchQueryClasses(t *testing.T) {
	dir := t.TempDir()
	corpus := filepath.Join(dir, "corpus.jsonl")
	var lines []string
	countries := []string{"France", "Japan", "Brazil"}
	for i := range 400 {
		body := fmt.Sprintf("Officials in %s said on Monday that trade talks would resume. The ministry "+
			"expects a decision soon, and %s was noted.", countries[i%3], letters(i/3))
		line, _ := json.Marshal(map[string]string{"id": fmt.Sprintf("r%d", i), "title": "Trade talks", "body": body})
		lines = append(lines, string(line))
	}
	if err := os.WriteFile(corpus, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	src, err := index.DiskSource(corpus)
	if err != nil {
		t.Fatal(err)
	}
	ix, _, err := index.Rebuild(filepath.Join(dir, "index"), []index.Source{src}, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()

	classes, err := benchQueries(ix, corpus, 20)
	if err != nil {
		t.Fatal(err)
	}
	inReports := func(w string) int { // reports using a word, or two in a row
		n := 0
		for _, l := range lines {
			if strings.Contains(w, " ") && strings.Contains(strings.ToLower(l), w) || words(l)[w] {
				n++
			}
		}
		return n
	}
	byName := map[string]benchClass{}
	for _, c := range classes {
		if len(c.queries) != 20 {
			t.Errorf("%s: %d queries, want 20", c.name, len(c.queries))
		}
		byName[c.name] = c
	}
	for _, v := range byName["common word"].queries {
		if n := inReports(v.Get("q")); n <= 200 {
			t.Errorf("common word %q is in %d reports", v.Get("q"), n)
		}
	}
	for _, v := range byName["rare word"].queries {
		if n := inReports(v.Get("q")); n < 2 || n > 5 {
			t.Errorf("rare word %q is in %d reports", v.Get("q"), n)
		}
	}
	for _, v := range byName["phrase"].queries {
		q := v.Get("q")
		if !strings.HasPrefix(q, `"`) || !strings.HasSuffix(q, `"`) || len(strings.Fields(q)) != 2 || inReports(strings.ToLower(strings.Trim(q, `"`))) == 0 {
			t.Errorf("phrase %s is not two neighbouring words of a report", q)
		}
	}
	for _, v := range byName["actor filter"].queries {
		if c := v.Get("country"); c != "" && c != "FR" && c != "JP" && c != "BR" {
			t.Errorf("actor filter %v names a country no report is about", v)
		}
		if v.Get("country") == "" && v.Get("organization") == "" {
			t.Errorf("actor filter %v filters nothing", v)
		}
	}

	// Bare Bleve searches its own copy of the reports, and finds there
	// what newsdesk finds in its index, query by query (phrases too, which
	// need the positions Bleve's _all keeps and newsdesk's does not).
	cfg := search.Config{}
	s := search.New(ix, cfg)
	bare, err := bareCopy(context.Background(), ix, filepath.Join(dir, "bare"), 50)
	if err != nil {
		t.Fatal(err)
	}
	defer bare.Close()
	if n, err := bare.DocCount(); err != nil || n != 400 {
		t.Fatalf("bare copy: %d reports (%v), want 400", n, err)
	}
	for _, c := range classes {
		for _, v := range c.queries {
			req, err := search.Parse(v, cfg)
			if err != nil {
				t.Fatal(err)
			}
			ours, err := s.Run(context.Background(), req)
			if err != nil {
				t.Fatal(err)
			}
			theirs, err := bare.Search(bareRequest(v, 10))
			if err != nil {
				t.Fatal(err)
			}
			if ours.Total != theirs.Total || ours.Total == 0 {
				t.Errorf("%s %v: newsdesk finds %d reports, bare Bleve %d", c.name, v, ours.Total, theirs.Total)
			}
		}
	}

	// Each class is timed over the measured passes, both ways.
	figs := benchSearch(context.Background(), s, bare, classes, cfg, 3)
	for i, f := range figs {
		want := 3 * 20
		if i == len(figs)-1 {
			if f.Class != mixClass || len(figs) != len(classes)+1 {
				t.Errorf("last figures %q, want %q after the %d classes", f.Class, mixClass, len(classes))
			}
			want *= len(classes) // every class's searches
		}
		if f.Searches != want || f.P50 <= 0 || f.P99 < f.P50 || f.BareP50 <= 0 || f.BareP99 < f.BareP50 {
			t.Errorf("%s: %+v, want %d searches timed both ways", f.Class, f, want)
		}
	}
}

// letters spells n in letters ("rar" + base 26), a word of its own.
func letters(n int) string {
	w := []byte("rar")
	for ; n > 0 || len(w) == 3; n /= 26 {
		w = append(w, byte('a'+n%26))
	}
	return string(w)
}
