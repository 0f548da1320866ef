package actors

import (
	"strings"
	"testing"
)

// FuzzExtract feeds arbitrary text to the tokenizer and the extractor:
// tokens must point at their own text, in order, and extraction must not
// panic; a word is marked hyphenated when it holds a hyphen, and the
// lower-case hash agrees with the hash of the lower case.
func FuzzExtract(f *testing.F) {
	for _, s := range []string{"U.S.-based Gen. John Nicholson met Omar al-Bashir.", "Sajjan M. Gohel‑Bailey – 1,000",
		"RUSSIA AND PAKISTAN", "O'Brien's don't \u2010x", "\xe2\x80", "a-", "-"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		end := 0
		for _, tok := range Tokenize(text) {
			if tok.Start < end || tok.End <= tok.Start || tok.End > len(text) || text[tok.Start:tok.End] != tok.Text {
				t.Fatalf("token %+v after offset %d in %q", tok, end, text)
			}
			if tok.hyphenated != (tok.Word && strings.ContainsFunc(tok.Text, isHyphen)) {
				t.Fatalf("token %+v: hyphenated is %v", tok, tok.hyphenated)
			}
			end = tok.End
		}
		if hashLower(text) != hash32(strings.ToLower(text)) {
			t.Fatalf("hashLower(%q) is not the hash of its lower case", text)
		}
		Extract(text, text)
	})
}
