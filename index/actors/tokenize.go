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
	// hyphenated is true for a word whose parts are joined by hyphens
	// ("US-based"); see Parts.
	hyphenated bool
}

// Upper reports whether the token starts with an upper-case letter.
func (t Token) Upper() bool {
	if t.Text != "" && t.Text[0] < utf8.RuneSelf {
		return 'A' <= t.Text[0] && t.Text[0] <= 'Z'
	}
	r, _ := utf8.DecodeRuneInString(t.Text)
	return unicode.IsUpper(r)
}

// Tokenize splits text into word and punctuation tokens, keeping byte
// offsets. Dotted abbreviations ("U.S.", "U.N.", "Gen.") and hyphenated
// words ("al-Maliki", "US-based") stay one token, as in the corpora the
// tagger learnt from; a possessive "'s" is a token of its own; whitespace
// is not a token.
func Tokenize(text string) []Token { return tokenizeInto(make([]Token, 0, len(text)/5), text) }

// tokenizeInto is Tokenize appending to toks.
func tokenizeInto(toks []Token, text string) []Token {
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case isWordRune(r):
			end, hyphenated := compoundEnd(text, i)
			toks = append(toks, Token{Text: text[i:end], Start: i, End: end, Word: true, hyphenated: hyphenated})
			i = end
			if j := skipPossessive(text, i); j != i {
				// "'s" is a token of its own, as in the tagger's training
				// data; a name ends there ("Vladimir Putin's Russia").
				toks = append(toks, Token{Text: text[i:j], Start: i, End: j})
				i = j
			}
			continue
		case unicode.IsSpace(r) || r == '\\':
			// A backslash stands for a line break in some exports (AG
			// News: "Kofi\\Annan"): it separates words, as a space does.
		default:
			toks = append(toks, Token{Text: text[i : i+size], Start: i, End: i + size})
		}
		i += size
	}
	return toks
}

// compoundEnd returns the end of the word starting at i, with any parts
// joined to it by hyphens, and whether there were any.
func compoundEnd(text string, i int) (int, bool) {
	for start := i; ; {
		end := wordEnd(text, i)
		if end < len(text) && text[end] == '.' && abbreviations[text[i:end]] {
			end++ // "Gen.", "Mr.", "Co." keep their period
		}
		r, size := utf8.DecodeRuneInString(text[end:])
		if !isHyphen(r) || end+size >= len(text) || !startsWord(text[end+size:]) {
			return end, i != start
		}
		i = end + size
	}
}

func isHyphen(r rune) bool { return r == '-' || r == '‐' || r == '‑' }

// Parts splits a hyphenated token into its words ("US-based" -> "US",
// "based"), with their offsets; other tokens come back alone.
func (t Token) Parts() []Token {
	if !t.hyphenated {
		return []Token{t}
	}
	return t.appendParts(nil)
}

// appendParts appends the parts of a hyphenated word token to out.
func (t Token) appendParts(out []Token) []Token {
	start := 0
	for i, r := range t.Text {
		if isHyphen(r) {
			out = append(out, Token{Text: t.Text[start:i], Start: t.Start + start, End: t.Start + i, Word: true})
			start = i + utf8.RuneLen(r)
		}
	}
	return append(out, Token{Text: t.Text[start:], Start: t.Start + start, End: t.End, Word: true})
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
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
		if c := text[j]; 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
			j++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[j:])
		if isWordRune(r) {
			j += size
			continue
		}
		// "1.58", "1,000": a point or comma between digits.
		if (r == '.' || r == ',') && j > i && j+1 < len(text) && isDigit(text[j-1]) && isDigit(text[j+1]) {
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
		if !unicode.IsUpper(r) || j+size >= len(text) || text[j+size] != '.' {
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

func isDigit(b byte) bool { return b >= '0' && b <= '9' }
