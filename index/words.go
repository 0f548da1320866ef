package index

import "github.com/blevesearch/bleve/v2/analysis"

// asciiWords splits ASCII text into words as Bleve's unicode tokenizer
// does (Unicode word boundaries, UAX #29), without its general machine:
// that tokenizer was a sixth of the indexing workers' time. Words are
// runs of letters, digits and underscores, joined across one character
// between two letters (':', '.', an apostrophe) or between two digits
// (',', ';', '.', an apostrophe). The words, offsets and positions are
// the same (TestASCIIWordsAsBleve). ok is false for text with any other
// byte, which is left to Bleve's tokenizer.
//
// The words are made in buf's arrays, which the next call reuses: they
// must not outlive the caller's use of them (their terms point into
// input).
func asciiWords(input []byte, buf *wordBuf) (words analysis.TokenStream, ok bool) {
	for _, b := range input {
		if b >= 0x80 {
			return nil, false
		}
	}
	tokens := buf.tokens[:0]
	pos := 1
	for i := 0; i < len(input); {
		c := wordClass[input[i]]
		if c&inWord == 0 {
			i++
			continue
		}
		start, numeric := i, c == digitChar
		for i++; i < len(input); i++ {
			c := wordClass[input[i]]
			if c&inWord != 0 {
				numeric = numeric && c == digitChar
				continue
			}
			if i+1 < len(input) && joins(input[i-1], input[i], input[i+1]) {
				i++ // the joiner and the character after it
				continue
			}
			break
		}
		typ := analysis.AlphaNumeric
		if numeric {
			typ = analysis.Numeric
		}
		tokens = append(tokens, analysis.Token{Term: input[start:i], Start: start, End: i, Position: pos, Type: typ})
		pos++
	}
	out := buf.stream[:0]
	for i := range tokens {
		out = append(out, &tokens[i])
	}
	buf.tokens, buf.stream = tokens, out
	return out, true
}

// wordBuf holds the words asciiWords makes, for one goroutine to reuse.
type wordBuf struct {
	tokens []analysis.Token
	stream analysis.TokenStream
}

// joins reports whether mid, between before and after, keeps them in one
// word.
func joins(before, mid, after byte) bool {
	b, a := wordClass[before], wordClass[after]
	switch {
	case b == letterChar && a == letterChar:
		return wordClass[mid]&midLetter != 0
	case b == digitChar && a == digitChar:
		return wordClass[mid]&midNumber != 0
	}
	return false
}

const (
	letterChar = 1 << iota
	digitChar
	underscoreChar
	midLetter // between two letters
	midNumber // between two digits

	inWord = letterChar | digitChar | underscoreChar
)

var wordClass = func() (c [256]byte) {
	for b := 'a'; b <= 'z'; b++ {
		c[b], c[b-'a'+'A'] = letterChar, letterChar
	}
	for b := '0'; b <= '9'; b++ {
		c[b] = digitChar
	}
	c['_'] = underscoreChar
	c[':'] = midLetter
	c['.'], c['\''] = midLetter|midNumber, midLetter|midNumber
	c[','], c[';'] = midNumber, midNumber
	return c
}()
