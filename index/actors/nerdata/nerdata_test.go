package nerdata

import (
	"reflect"
	"testing"
)

func TestReadCoNLL(t *testing.T) {
	s, err := ReadCoNLL("testdata/sample.conll")
	if err != nil {
		t.Fatal(err)
	}
	if len(s) != 3 {
		t.Fatalf("%d sentences, want 3", len(s))
	}
	// IOB1 becomes IOB2; B- marks an entity right after one of the same type.
	if want := []string{"B-PER", "I-PER", "O", "B-LOC", "O"}; !reflect.DeepEqual(s[0].Labels, want) {
		t.Errorf("labels %v, want %v", s[0].Labels, want)
	}
	if want := []string{"B-ORG", "I-ORG", "B-ORG", "O"}; !reflect.DeepEqual(s[1].Labels, want) {
		t.Errorf("labels %v, want %v", s[1].Labels, want)
	}
	if s[0].Doc != s[1].Doc || s[2].Doc == s[1].Doc {
		t.Errorf("documents %d %d %d: -DOCSTART- must separate the last sentence", s[0].Doc, s[1].Doc, s[2].Doc)
	}
}

func TestReadGMB(t *testing.T) {
	isTitle := func(w string) bool { return w == "President" || w == "Mr." }
	s, err := ReadGMB("testdata/gmb.zip", isTitle)
	if err != nil {
		t.Fatal(err)
	}
	if len(s) != 3 {
		t.Fatalf("%d sentences, want 3", len(s))
	}
	tests := []struct {
		got, want []string
	}{
		// Titles leave the name; demonyms are MISC; times are not entities.
		{s[0].Labels, []string{"O", "B-PER", "I-PER", "O", "B-MISC", "O", "O"}},
		// A title tagged apart from the name is dropped; Latin-1 is read.
		{s[1].Labels, []string{"O", "B-PER", "O", "O", "B-LOC"}},
		// Leading lower-case words leave the name; particles stay in it.
		{s[2].Labels, []string{"O", "B-PER", "I-PER", "O", "B-PER", "I-PER", "I-PER"}},
	}
	for i, tt := range tests {
		if !reflect.DeepEqual(tt.got, tt.want) {
			t.Errorf("sentence %d labels %v, want %v", i+1, tt.got, tt.want)
		}
	}
	if s[1].Tokens[4] != "Café" {
		t.Errorf("token %q, want Café decoded from Latin-1", s[1].Tokens[4])
	}
}

func TestSpans(t *testing.T) {
	got := Spans([]string{"B-PER", "I-PER", "O", "B-LOC", "B-LOC", "I-LOC"})
	want := []Span{{"PER", 0, 2}, {"LOC", 3, 4}, {"LOC", 4, 6}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Spans = %v, want %v", got, want)
	}
}
