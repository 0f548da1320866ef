package actors

import (
	"bufio"
	"encoding/json"
	"os"
	"testing"

	"github.com/newsdesk/newsdesk/index/testneed"
)

// bbcReports reads up to n reports of the BBC corpus in ../shared
// (skipping the benchmark when it is absent).
func bbcReports(b *testing.B, n int) (docs []struct{ Title, Body string }, bytes int) {
	f, err := os.Open(testneed.Path(b, "../../../shared/corpus/bbc.jsonl", "the shared evaluation corpora beside the clone"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() && len(docs) < n {
		var d struct{ Title, Body string }
		json.Unmarshal(sc.Bytes(), &d)
		docs = append(docs, d)
		bytes += len(d.Title) + len(d.Body)
	}
	return docs, bytes
}

// BenchmarkExtract measures extraction of 300 BBC reports, again and
// again: the words the extractor prepares are known after the first pass.
func BenchmarkExtract(b *testing.B) {
	docs, bytes := bbcReports(b, 300)
	b.SetBytes(int64(bytes))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, d := range docs {
			Extract(d.Title, d.Body)
		}
	}
}

// BenchmarkExtractCorpus measures a fresh session through the whole BBC
// corpus, as an indexing worker goes through it: every word is new once.
func BenchmarkExtractCorpus(b *testing.B) {
	docs, bytes := bbcReports(b, 1<<30)
	Default()
	b.SetBytes(int64(bytes))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s := Default().NewSession()
		for _, d := range docs {
			s.Extract(d.Title, d.Body)
		}
	}
}
