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

// sameWords compares asciiWords with Bleve's unicode tokenizer on text:
// the same words, offsets and positions, or, for text that is not all
// ASCII, none of its own (ascii false).
func sameWords(text []byte, buf *wordBuf) (ascii bool, err error) {
	want := unicode.NewUnicodeTokenizer().Tokenize(text)
	got, ascii := asciiWords(slices.Clone(text), buf)
	if !ascii {
		if !slices.ContainsFunc(text, func(b byte) bool { return b >= 0x80 }) {
			return false, fmt.Errorf("%q: left to Bleve, though all ASCII", text)
		}
		return false, nil
	}
	if len(got) != len(want) {
		return true, fmt.Errorf("%q: %d words, want %d: %s\nwant %s", text, len(got), len(want), got, want)
	}
	for i := range got {
		g, w := got[i], want[i]
		if string(g.Term) != string(w.Term) || g.Start != w.Start || g.End != w.End || g.Position != w.Position {
			return true, fmt.Errorf("%q: word %d: %s, want %s", text, i, g, w)
		}
	}
	return true, nil
}

// FuzzASCIIWords: on any text, asciiWords gives Bleve's unicode
// tokenizer's words, offsets and positions, or leaves text that is not
// all ASCII to it.
func FuzzASCIIWords(f *testing.F) {
	for _, s := range []string{"U.S. officials", "1,000.50", "a:b", "x_1", "a..b", "don't", "\x7f\x00a b", "é1"} {
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, ascii bool) {
		text := []byte(s)
		if ascii { // most inputs hold a byte over 0x7f, for Bleve's tokenizer
			for i := range text {
				text[i] &= 0x7f
			}
		}
		if compared, err := sameWords(text, &wordBuf{}); err != nil || ascii && !compared {
			t.Fatalf("%q: compared %v: %v", text, compared, err)
		}
	})
}

// TestASCIIWordsAsBleve: asciiWords gives the words, offsets and
// positions Bleve's unicode tokenizer gives, on tricky strings and on
// every title and body of the shared news corpora that is all ASCII
// (needs ../shared).
func TestASCIIWordsAsBleve(t *testing.T) {
	var buf wordBuf // reused, as indexing does
	same := func(text string) error {
		_, err := sameWords([]byte(text), &buf)
		return err
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
				ascii, err := sameWords([]byte(text), &buf)
				if ascii {
					texts++
				}
				if err != nil && bad < 3 {
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
		t.Errorf("%d texts all ASCII compared: the check says little", texts)
	}
	t.Logf("%d texts all ASCII compared", texts)
}

// BenchmarkWords: splitting the seed reports' bodies into words, as
// indexing does (asciiWords) and with Bleve's unicode tokenizer.
func BenchmarkWords(b *testing.B) {
	f, err := os.Open("../seeds/wikinews.jsonl")
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	var bodies [][]byte
	size := 0
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var r struct{ Body string }
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			b.Fatal(err)
		}
		if _, ascii := asciiWords([]byte(r.Body), &wordBuf{}); ascii {
			bodies, size = append(bodies, []byte(r.Body)), size+len(r.Body)
		}
	}
	if len(bodies) < 100 {
		b.Fatalf("%d bodies all ASCII", len(bodies))
	}
	b.Run("newsdesk", func(b *testing.B) {
		b.SetBytes(int64(size))
		var buf wordBuf
		for b.Loop() {
			for _, body := range bodies {
				asciiWords(body, &buf)
			}
		}
	})
	b.Run("bleve", func(b *testing.B) {
		b.SetBytes(int64(size))
		tok := unicode.NewUnicodeTokenizer()
		for b.Loop() {
			for _, body := range bodies {
				tok.Tokenize(body)
			}
		}
	})
}
