package actors

import "strings"

// abbreviations end with a period that does not end a sentence.
var abbreviations = wordsOf(`Adm Apr Aug Bros Capt Cmdr Co Col Corp Dec Dr Feb Fig Fr Ft Gen Gov Hon Inc Jan Jr
Jul Jun Lt Ltd Maj Mar Messrs Mr Mrs Ms Mt No Nov Oct Pres Prof Rep Rev Sen Sep Sept Sgt Sr St Supt vs`)

// sentences splits the tokens of text into sentences: after ".", "!" or
// "?" followed by a capital, a digit or a quote, and at line breaks.
// Abbreviations ("Gen.", "U.S.") and initials keep their period (see
// Tokenize), so they do not end a sentence.
func sentences(text string, toks []Token) [][]Token {
	var out [][]Token
	start := 0
	for i := range toks {
		end := false
		if i+1 < len(toks) && strings.Contains(text[toks[i].End:toks[i+1].Start], "\n") {
			end = true
		}
		if t := toks[i].Text; !toks[i].Word && (t == "." || t == "!" || t == "?") && i+1 < len(toks) {
			next := toks[i+1]
			if next.Upper() || !next.Word || startsDigit(next.Text) {
				end = true
			}
		}
		if end || i-start >= 150 { // very long "sentences" are lists
			out = append(out, toks[start:i+1])
			start = i + 1
		}
	}
	if start < len(toks) {
		out = append(out, toks[start:])
	}
	return out
}

func startsDigit(s string) bool { return s != "" && s[0] >= '0' && s[0] <= '9' }
