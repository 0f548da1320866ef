package search

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"
)

// FuzzBuild: any query string either builds or is a bad request; never a
// panic, never another error. (Errors Bleve finds only when it runs the
// query are mapped in searchError and tested in web.)
func FuzzBuild(f *testing.F) {
	for _, s := range []string{`Taliban`, `"peace talks"`, `+russia -china`, `person:"Vladimir Putin"`, `a~2`,
		`title:`, `"unbalanced`, `(a OR b`, `a^^2`, `/re.*gex/`, `tal*`, `date:>"2020-01-01"`, `\`, `:`, `~`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		_, err := Build(Request{Query: q, Page: 1, Size: 10, Sort: SortRelevance}, Config{})
		if err != nil && !errors.Is(err, ErrBadRequest) {
			t.Errorf("Build(%q): %v is not a bad request", q, err)
		}
	})
}

// tagRE finds anything in HTML that starts a tag.
var tagRE = regexp.MustCompile(`<[^>]*>`)

// FuzzSnippetHTML: whatever the text and wherever the matches, the HTML
// of a snippet holds no tag but <mark> and </mark>.
func FuzzSnippetHTML(f *testing.F) {
	f.Add("The <script>alert(1)</script> statement & <img src=x onerror=alert(2)>.", 4, 12)
	f.Add("Taliban. Taliban! <b>bold</b>", 0, 7)
	f.Add("", 0, 0)
	f.Fuzz(func(t *testing.T, text string, start, end int) {
		var ms []match
		if start >= 0 && end > start && end <= len(text) {
			ms = append(ms, match{start: start, end: end, term: "x"})
		}
		for _, s := range snippets([]string{"", text}, [][]match{nil, ms}, 3, 50) {
			for _, tag := range tagRE.FindAllString(s.HTML(), -1) {
				if tag != "<mark>" && tag != "</mark>" {
					t.Fatalf("snippet HTML %q holds tag %q", s.HTML(), tag)
				}
			}
			if strings.Count(s.HTML(), "<mark>") != strings.Count(s.HTML(), "</mark>") {
				t.Fatalf("unbalanced marks in %q", s.HTML())
			}
		}
	})
}

// FuzzRun: any query runs against a real index or is a bad request;
// errors Bleve only finds when it runs the query are bad requests too.
func FuzzRun(f *testing.F) {
	// An index on disk, whose searches run from the actor table as a
	// served index's do.
	s := New(tableIndex(f, "../seeds/000_38ac89ff238b6b08.txt", "testdata/reports.jsonl"), Config{MaxTerms: 100})
	for _, q := range []string{`taliban~9`, `/[a-/`, `t*`, `"peace talks"~3`, `date:>"x"`, `people:*`, `+-a`, `/$/`, `/\bx/`,
		`/a+?/`, `date:>5`, `B~nAn`, `date:>="1900-01-01" date:<"3000-01-01"`, `+date:<="1969-12-31T23:59:59Z" taliban`} {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, q string) {
		_, err := s.Run(context.Background(), Request{Query: q, Page: 1, Size: 10, Sort: SortRelevance})
		if err != nil && !errors.Is(err, ErrBadRequest) {
			t.Errorf("Run(%q): %v is not a bad request", q, err)
		}
	})
}
