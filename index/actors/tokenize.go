package actors

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Token is a word or a punctuation mark with its byte offsets in the text.
type Token struct {
	Text       string
	Start, End int
	// Word is true for letters/digits, false for punctuation.
	Word bool
	// Hyphen is true when the token is joined to the previous one by a
	// hyphen ("US-based", "Asia-Pacific").
	Hyphen bool
	// Possessive is true when a dropped "'s" followed the word; a name
	// ends there ("Vladimir Putin's Russia").
	Possessive bool
}

// Upper reports whether the token starts with an upper-case letter.
func (t Token) Upper() bool {
	r, _ := utf8.DecodeRuneInString(t.Text)
	return unicode.IsUpper(r)
}

// Tokenize splits text into word and punctuation tokens, keeping byte
// offsets. Dotted abbreviations ("U.S.", "U.N.") stay one token; a
// possessive "'s" is dropped; hyphens and whitespace are not tokens.
func Tokenize(text string) []Token {
	var toks []Token
	hyphen := false
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case isWordRune(r):
			end := wordEnd(text, i)
			tok := Token{Text: text[i:end], Start: i, End: end, Word: true, Hyphen: hyphen}
			i = end
			if j := skipPossessive(text, i); j != i {
				tok.Possessive, i = true, j
			}
			toks = append(toks, tok)
			hyphen = false
			continue
		case r == '-' || r == '‐' || r == '‑':
			// A hyphen between two words joins them; elsewhere it is a dash.
			hyphen = len(toks) > 0 && toks[len(toks)-1].End == i && i+size < len(text) && startsWord(text[i+size:])
			if !hyphen {
				toks = append(toks, Token{Text: text[i : i+size], Start: i, End: i + size})
			}
		case unicode.IsSpace(r):
			hyphen = false
		default:
			toks = append(toks, Token{Text: text[i : i+size], Start: i, End: i + size})
			hyphen = false
		}
		i += size
	}
	return toks
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

func startsWord(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return isWordRune(r)
}

// wordEnd returns the end of the word starting at i. Apostrophes inside a
// word are kept ("O'Brien", "don't"), and single letters followed by dots
// form one abbreviation ("U.S.", "M.").
func wordEnd(text string, i int) int {
	if end, ok := abbreviationEnd(text, i); ok {
		return end
	}
	j := i
	for j < len(text) {
		r, size := utf8.DecodeRuneInString(text[j:])
		if isWordRune(r) {
			j += size
			continue
		}
		if (r == '\'' || r == '’') && j+size < len(text) && startsWord(text[j+size:]) && !isPossessive(text, j) {
			j += size
			continue
		}
		break
	}
	return j
}

// abbreviationEnd recognises "U.S.", "U.N." and initials like "M." at i.
func abbreviationEnd(text string, i int) (int, bool) {
	j, letters := i, 0
	for j+1 < len(text) {
		r, size := utf8.DecodeRuneInString(text[j:])
		if !unicode.IsUpper(r) || text[j+size] != '.' {
			break
		}
		if j+size+1 < len(text) && startsWord(text[j+size+1:]) && letters == 0 {
			// "A.Smith" is not an abbreviation we understand; treat as word.
			r2, _ := utf8.DecodeRuneInString(text[j+size+1:])
			if unicode.IsLower(r2) {
				break
			}
		}
		j += size + 1
		letters++
		if j < len(text) && !startsWord(text[j:]) {
			break
		}
	}
	if letters == 0 {
		return 0, false
	}
	if letters == 1 && j < len(text) && startsWord(text[j:]) {
		return 0, false
	}
	return j, true
}

func isPossessive(text string, j int) bool {
	_, size := utf8.DecodeRuneInString(text[j:])
	k := j + size
	if k >= len(text) || (text[k] != 's' && text[k] != 'S') {
		return false
	}
	return k+1 == len(text) || !startsWord(text[k+1:])
}

func skipPossessive(text string, i int) int {
	if (strings.HasPrefix(text[i:], "'") || strings.HasPrefix(text[i:], "’")) && isPossessive(text, i) {
		_, size := utf8.DecodeRuneInString(text[i:])
		return i + size + 1
	}
	return i
}
