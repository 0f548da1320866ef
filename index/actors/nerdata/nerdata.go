// Package nerdata reads the named-entity corpora newsdesk's tagger is
// trained and measured on: CoNLL-2003 (four-column, IOB1) and the GMB
// extract (CSV, IOB2). Both come out as sentences of tokens with IOB2
// labels over PER, LOC, ORG and MISC.
package nerdata

import (
	"archive/zip"
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"
)

// Sentence is a tokenised sentence with its gold labels ("O", "B-PER",
// "I-PER", ...). Doc numbers the document it belongs to.
type Sentence struct {
	Tokens []string
	Labels []string
	Doc    int
}

// ReadCoNLL reads a CoNLL-2003 file. Documents are separated by
// -DOCSTART- lines (wherever they stand); IOB1 labels become IOB2.
func ReadCoNLL(path string) ([]Sentence, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []Sentence
	var cur Sentence
	doc := 0
	flush := func() {
		if len(cur.Tokens) > 0 {
			cur.Labels = iob2(cur.Labels)
			cur.Doc = doc
			out = append(out, cur)
		}
		cur = Sentence{}
	}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			flush()
			continue
		}
		fields := strings.Fields(line)
		if fields[0] == "-DOCSTART-" {
			flush()
			doc++
			continue
		}
		if len(fields) < 4 {
			return nil, fmt.Errorf("%s: malformed line %q", path, line)
		}
		cur.Tokens = append(cur.Tokens, fields[0])
		cur.Labels = append(cur.Labels, fields[len(fields)-1])
	}
	flush()
	return out, sc.Err()
}

// iob2 turns IOB1 labels (I-X starts an entity unless it follows X) into
// IOB2 (every entity starts with B-X).
func iob2(labels []string) []string {
	out := make([]string, len(labels))
	prev := "O"
	for i, l := range labels {
		if strings.HasPrefix(l, "I-") && (prev == "O" || prev[2:] != l[2:]) {
			l = "B-" + l[2:]
		}
		out[i] = l
		prev = l
	}
	return out
}

// gmbTypes maps GMB entity types to ours: demonyms (gpe) are MISC as in
// CoNLL; times are not entities.
var gmbTypes = map[string]string{"per": "PER", "geo": "LOC", "org": "ORG", "gpe": "MISC", "art": "MISC",
	"eve": "MISC", "nat": "MISC"}

// ReadGMB reads the GMB extract (a zip holding ner_dataset.csv, Latin-1).
// GMB puts titles inside person names ("President Bush"); isTitle marks
// them, and they (and any words before them) are relabelled O to follow
// CoNLL. GMB has no
// document boundaries: every sentence is its own document.
func ReadGMB(path string, isTitle func(string) bool) ([]Sentence, error) {
	var out []Sentence
	var cur Sentence
	err := EachGMBRecord(path, func(rec []string) error {
		if strings.HasPrefix(rec[0], "Sentence:") && len(cur.Tokens) > 0 {
			out = append(out, finishGMB(cur, len(out), isTitle))
			cur = Sentence{}
		}
		cur.Tokens = append(cur.Tokens, rec[1])
		cur.Labels = append(cur.Labels, gmbLabel(rec[3]))
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(cur.Tokens) > 0 {
		out = append(out, finishGMB(cur, len(out), isTitle))
	}
	return out, nil
}

// EachGMBRecord calls fn for each row of the GMB extract (a zip holding
// one Latin-1 CSV: sentence, word, part of speech, tag), header and short
// rows left out.
func EachGMBRecord(path string, fn func(rec []string) error) error {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return err
	}
	defer zr.Close()
	if len(zr.File) == 0 {
		return errors.New(path + ": empty zip")
	}
	rc, err := zr.File[0].Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	r := csv.NewReader(latin1{bufio.NewReader(rc)})
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	if _, err := r.Read(); err != nil { // header
		return err
	}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		if len(rec) < 4 {
			continue
		}
		if err := fn(rec); err != nil {
			return err
		}
	}
}

func gmbLabel(tag string) string {
	if len(tag) < 3 {
		return "O"
	}
	typ, ok := gmbTypes[tag[2:]]
	if !ok {
		return "O"
	}
	return tag[:2] + typ
}

func finishGMB(s Sentence, n int, isTitle func(string) bool) Sentence {
	s.Doc = n
	for _, sp := range Spans(s.Labels) {
		if sp.Type != "PER" {
			continue
		}
		// Keep what follows the last title and any lower-case words leading
		// the span: "Information Minister Jonathan Moyo" and "mayor Tony
		// Gara" name the person only; "Osama bin Laden" stays whole.
		cut := sp.Start
		for k := sp.Start; k < sp.End-1; k++ {
			if isTitle(s.Tokens[k]) || k == cut && strings.ToLower(s.Tokens[k]) == s.Tokens[k] {
				cut = k + 1
			}
		}
		if sp.End-sp.Start == 1 && isTitle(s.Tokens[sp.Start]) {
			cut = sp.End // a title alone ("Mr." tagged apart from the name)
		}
		for k := sp.Start; k < cut; k++ {
			s.Labels[k] = "O"
		}
		if cut < sp.End {
			s.Labels[cut] = "B-PER"
		}
	}
	return s
}

// latin1 turns ISO-8859-1 bytes into UTF-8.
type latin1 struct{ r *bufio.Reader }

func (l latin1) Read(p []byte) (int, error) {
	n := 0
	for n+2 <= len(p) {
		c, err := l.r.ReadByte()
		if err != nil {
			if n > 0 {
				return n, nil
			}
			return 0, err
		}
		n += utf8.EncodeRune(p[n:], rune(c))
	}
	return n, nil
}

// Span is an entity: label type and token range [Start, End).
type Span struct {
	Type       string
	Start, End int
}

// Spans returns the entities of IOB2 labels.
func Spans(labels []string) []Span {
	var out []Span
	for i := 0; i < len(labels); i++ {
		if !strings.HasPrefix(labels[i], "B-") {
			continue
		}
		typ := labels[i][2:]
		j := i + 1
		for j < len(labels) && labels[j] == "I-"+typ {
			j++
		}
		out = append(out, Span{typ, i, j})
	}
	return out
}
