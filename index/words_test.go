package index

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"

	"github.com/newsdesk/newsdesk/index/testneed"
)

// FuzzASCIIWords: on any text, asciiWords gives Bleve's unicode
// tokenizer's words, offsets and positions.
func FuzzASCIIWords(f *testing.F) {
	for _, s := range []string{"U.S. officials", "1,000.50", "a:b", "x_1", "a..b", "don't", "\x7f\x00a b", "é1"} {
		f.Add(s, true)
	}
	bleves := unicode.NewUnicodeTokenizer()
	f.Fuzz(func(t *testing.T, s string, ascii bool) {
		text := []byte(s)
		if ascii { // most inputs hold a byte over 0x7f, for Bleve's tokenizer
			for i := range text {
				text[i] &= 0x7f
			}
		}
		got, want := asciiWords(slices.Clone(text), &wordBuf{}), bleves.Tokenize(text)
		if len(got) != len(want) {
			t.Fatalf("%q: %s\nwant %s", text, got, want)
		}
		for i := range got {
			g, w := got[i], want[i]
			if string(g.Term) != string(w.Term) || g.Start != w.Start || g.End != w.End || g.Position != w.Position {
				t.Fatalf("%q: word %d: %s, want %s", text, i, g, w)
			}
		}
	})
}

// TestASCIIWordsAsBleve: asciiWords gives the words, offsets and
// positions Bleve's unicode tokenizer gives, on tricky strings and on
// every title and body of the shared news corpora (needs ../shared).
func TestASCIIWordsAsBleve(t *testing.T) {
	bleves := unicode.NewUnicodeTokenizer()
	var buf wordBuf // reused, as indexing does
	same := func(text string) error {
		got, want := asciiWords([]byte(text), &buf), bleves.Tokenize([]byte(text))
		if len(got) != len(want) {
			return fmt.Errorf("%d words, want %d: %s\nwant %s", len(got), len(want), got, want)
		}
		for i := range got {
			g, w := got[i], want[i]
			if string(g.Term) != string(w.Term) || g.Start != w.Start || g.End != w.End || g.Position != w.Position {
				return fmt.Errorf("word %d: %s, want %s", i, g, w)
			}
		}
		return nil
	}
	for _, s := range []string{"", "U.S. officials said", "don't", "O'Neil's", "1,000.50 dlrs", "12:30 GMT", "a:b", "a..b",
		"_x_", "x_1", "3rd", "a.1", "1.a", "e-mail", "'quoted'", "http://x.com/a_b?c=1", "$5.5bn", "..", "a_.b", "1_000",
		"1;2", "a;b", "a,b", "1'2", "a'", "'a", "Mr.Smith", "5.", "...x...", "x\r\ny", "tab\there", "__", "_1_a_"} {
		if err := same(s); err != nil {
			t.Errorf("%q: %v", s, err)
		}
	}
	texts := 0
	for _, path := range []string{"reuters21578.jsonl", "bbc.jsonl", "agnews_test.jsonl", "wikinews.jsonl"} {
		f, err := os.Open(testneed.Path(t, "../../shared/corpus/"+path, "the shared news corpora"))
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 16<<20)
		bad := 0
		for sc.Scan() {
			var r struct{ Title, Body string }
			if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
				t.Fatal(err)
			}
			for _, text := range []string{r.Title, r.Body} {
				texts++
				if err := same(text); err != nil && bad < 3 {
					bad++
					t.Errorf("%s: %v", path, err)
				}
			}
		}
		f.Close()
		if err := sc.Err(); err != nil {
			t.Fatal(err)
		}
	}
	if texts < 50000 {
		t.Errorf("%d texts compared", texts)
	}
}
