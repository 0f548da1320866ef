package actors

import (
	"strings"
)

// particles may sit inside a capitalised name ("Osama bin Laden",
// "Ursula von der Leyen", "Bank of England").
var particles = map[string]bool{
	"al": true, "bin": true, "ibn": true, "de": true, "del": true, "der": true, "van": true,
	"von": true, "da": true, "di": true, "la": true, "le": true, "of": true, "for": true,
}

// orgCues end organisation names ("Asia Pacific Foundation", "Russian
// Foreign Ministry"). "of"-forms ("Bank of England") have the cue before.
var orgCues = wordsOf(`Academy Agency Airlines Airways Alliance Army Assembly Association Authority Bank
Board Brigade Bureau Centre Center Church Club Co Coalition Command Commission Committee Company
Conference Congress Corp Corporation Council Court Department Exchange Federation Force Forces Foundation
Front Fund Group Guard Holdings Inc Industries Institute Journal League Ltd Ministry Mission Movement
Network News Office Organisation Organization Parliament Party Police Post Press Reserve Service Services
Society Tribunal Times Trust Union University`)

// placeCues end names of streets, buildings and places, which are neither
// people nor organisations ("Karl Marx Avenue", "Kennedy Airport").
var placeCues = wordsOf(`Airport Avenue Bay Boulevard Bridge Canal Castle Cathedral City County Desert
District Hall Highway Hill Hospital Island Islands Lake Mosque Mount Mountain Mountains Ocean Palace Park
Plaza Province Region River Road Sea Square Stadium Station Street Temple Tower Valley`)

// stopwords are capitalised words that never start or form a person name.
var stopwords = wordsOf(`A An And As At But By For From He Her His However I If In It Its Meanwhile
Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July
August September October November December Mr Mrs Ms No Of On Or She So The Their There These They This
Those To We What When Where While Who Why With You`)

func wordsOf(s string) map[string]bool {
	set := map[string]bool{}
	for _, w := range strings.Fields(s) {
		set[w] = true
	}
	return set
}

// capitalRun returns the end of the run of capitalised words starting at
// i. Lower-case particles are allowed between capitalised words; any
// punctuation or other lower-case word ends the run.
func capitalRun(toks []Token, i int) int {
	j := i
	for j < len(toks) && toks[j].Word {
		t := toks[j]
		if !t.Upper() {
			if !particles[strings.ToLower(t.Text)] || j+1 >= len(toks) || !toks[j+1].Word || !toks[j+1].Upper() {
				break
			}
		}
		j++
		if t.Possessive {
			break
		}
	}
	if j == i {
		j = i + 1
	}
	return j
}

func isOrgRun(run []Token) bool {
	for i, t := range run {
		if !orgCues[t.Text] {
			continue
		}
		last := i == len(run)-1
		ofForm := i+1 < len(run) && run[i+1].Text == "of"
		if (last || ofForm) && (i > 0 || ofForm) {
			return true
		}
	}
	return false
}

// personName returns the person a run names, with titles stripped, or a
// single word that may be a surname. It accepts a run as a person when a
// title precedes it ("Gen John Nicholson"), it starts with a known first
// name ("Vladimir Putin"), it has a middle initial ("Sajjan M Gohel"), or
// an appositive follows it ("Allison Bailey, a senior fellow"); next are
// the tokens after the run.
func personName(g *gazetteer, text string, run, next []Token) (string, bool) {
	// Keep what follows the last title: "Interior Minister Joachim
	// Brudzinski", "Secretary of State Mike Pompeo".
	titled := false
	for i := len(run) - 1; i >= 0; i-- {
		if g.titles[strings.TrimSuffix(run[i].Text, ".")] {
			run, titled = run[i+1:], true
			break
		}
	}
	if len(run) == 0 || len(run) > 4 {
		return "", false
	}
	for i, t := range run {
		if stopwords[t.Text] || placeCues[t.Text] || t.Text == "of" || t.Text == "for" || t.Hyphen ||
			isAcronym(t.Text) && len(t.Text) > 2 {
			return "", false
		}
		if n, _ := g.match(run[i:]); n > 0 {
			return "", false
		}
	}
	initial := len(run) == 3 && isInitial(run[1].Text)
	known := len(run) >= 2 && g.firstNames[run[0].Text]
	if !titled && !initial && !known && !(len(run) >= 2 && appositive(next)) {
		return "", false
	}
	return normalizeSpace(strings.ReplaceAll(text[run[0].Start:run[len(run)-1].End], "’", "'")), true
}

func isInitial(s string) bool {
	s = strings.TrimSuffix(s, ".")
	return len(s) == 1 && startsUpper(s)
}

// appositive reports whether toks start with ", a/an/the <word>", the way
// news copy introduces a person ("Zalmay Khalilzad, the US envoy").
func appositive(toks []Token) bool {
	if len(toks) < 3 || toks[0].Text != "," {
		return false
	}
	switch toks[1].Text {
	case "a", "an", "the":
		return toks[2].Word
	}
	return false
}
