package actors

import "strings"

// abbreviations end with a period that does not end a sentence.
var abbreviations = wordsOf(`Adm Apr Aug Bros Capt Cmdr Co Col Corp Dec Dr Feb Fig Fr Ft Gen Gov Hon Inc Jan Jr
Jul Jun Lt Ltd Maj Mar Messrs Mr Mrs Ms Mt No Nov Oct Pres Prof Rep Rev Sen Sep Sept Sgt Sr St Supt vs`)

// sentences splits the tokens of text into sentences: after ".", "!" or
// "?" followed by a capital, a digit or a quote, and at line breaks but
// those of hard-wrapped text (see hardWrapped). Abbreviations ("Gen.",
// "U.S.") and initials keep their period (see Tokenize), so they do not
// end a sentence.
func sentences(text string, toks []Token) [][]Token {
	var out [][]Token
	start := 0
	wrapped := hardWrapped(text)
	for i := range toks {
		end := false
		if i+1 < len(toks) {
			if gap := text[toks[i].End:toks[i+1].Start]; strings.Contains(gap, "\n") {
				end = !wrapped || !softBreak(gap)
			}
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

// hardWrapped reports whether text is wire copy broken into lines of a
// set width ("White House Chief of Staff Howard\nBaker said"): most
// lines are 45 to 100 bytes long and end in the middle of a sentence,
// and many next lines go on in lower case; a line break there is a space. Text written a paragraph or a sentence a
// line is not, nor are tables (short lines).
func hardWrapped(text string) bool {
	lines, open, long, wide, lower := 0, 0, 0, 0, 0
	for rest := text; rest != ""; {
		line, after, found := strings.Cut(rest, "\n")
		rest = after
		line = strings.TrimSpace(line)
		if line == "" || !found {
			continue // blank, or the last line, which ends where the text does
		}
		lines++
		if next := strings.TrimLeft(rest, " \t"); next != "" && next[0] >= 'a' && next[0] <= 'z' {
			lower++
		}
		switch {
		case len(line) > 100:
			long++
		case len(line) >= 45:
			wide++
		}
		switch line[len(line)-1] {
		case '.', '!', '?', '"', ':', ';', ')', '\'':
		default:
			open++
		}
	}
	return lines >= 3 && long*10 <= lines && wide*2 > lines && open*2 > lines && lower*4 > lines
}

// softBreak reports whether the space between two tokens of hard-wrapped
// text is a wrap within a paragraph: one line break, the next line not
// indented (paragraphs start indented or after a blank line).
func softBreak(gap string) bool {
	_, after, _ := strings.Cut(gap, "\n")
	return after == ""
}
