package actors

import (
	"bufio"
	"encoding/json"
	"os"
	"testing"
)

// BenchmarkExtract measures extraction over the BBC corpus in ../shared
// (skipped when it is absent).
func BenchmarkExtract(b *testing.B) {
	f, err := os.Open("../../../shared/corpus/bbc.jsonl")
	if err != nil {
		b.Skip("needs ../shared/corpus/bbc.jsonl")
	}
	defer f.Close()
	var docs []struct{ Title, Body string }
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() && len(docs) < 300 {
		var d struct{ Title, Body string }
		json.Unmarshal(sc.Bytes(), &d)
		docs = append(docs, d)
	}
	bytes := 0
	for _, d := range docs {
		bytes += len(d.Title) + len(d.Body)
	}
	b.SetBytes(int64(bytes))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, d := range docs {
			Extract(d.Title, d.Body)
		}
	}
}
