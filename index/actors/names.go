package actors

import (
	"strings"
)

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

// stopwords are capitalised words that never form a person name.
var stopwords = wordsOf(`A An And As At But By For From He Her Hers Him His However I If In It Its Me Meanwhile
Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July
August September October November December Mr Mrs Ms No Of On Or She So The Their There These They This
Those To Us We What When Where While Who Why With You Your`)

func isInitial(s string) bool {
	s = strings.TrimSuffix(s, ".")
	return len(s) == 1 && startsUpper(s)
}

func wordsOf(s string) map[string]bool {
	set := map[string]bool{}
	for _, w := range strings.Fields(s) {
		set[w] = true
	}
	return set
}
