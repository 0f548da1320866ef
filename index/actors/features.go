package actors

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Labels of the tagger, IOB2 over four entity types.
const (
	lO uint8 = iota
	lBPER
	lIPER
	lBLOC
	lILOC
	lBORG
	lIORG
	lBMISC
	lIMISC
	nLabels
)

var labelNames = [nLabels]string{"O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC"}

// labelOf returns the label with the given name, or O.
func labelOf(name string) uint8 {
	for i, n := range labelNames {
		if n == name {
			return uint8(i)
		}
	}
	return lO
}

// entityType returns the entity type of a label: 0 for O, else 1..4.
func entityType(l uint8) uint8 { return (l + 1) / 2 }

// allowed reports whether label l may follow prev: I-X only continues X.
func allowed(prev, l uint8) bool {
	if l == lO || l%2 == 1 {
		return true
	}
	return prev != lO && entityType(prev) == entityType(l)
}

// word is what the features need of a token, computed once.
type word struct {
	lower, shape string
	// key is the word as the lexical features see it: lower, or "<unk>"
	// when training hides it so that context and shape learn to carry
	// names the model has never seen.
	key string
	// keyHash and shapeHash are hash32 of key and shape, for the features
	// that pair them with their neighbours' (see setKey).
	keyHash, shapeHash uint32
	gaz                uint16 // gazetteer flags
	// plain is a lower-case word that is not a name particle, a number,
	// or punctuation but "&" and "/": it is (almost) never part of a
	// name, so tagging gives it O without scoring it.
	plain bool
	// joiner is a lower-case word that joins the words of a name but
	// never starts one ("of", "and", "the"): after an O it is O.
	joiner bool
	// own caches the summed weights of ownFeatures, per model.
	own      [nLabels]int32
	ownModel *model
}

// Gazetteer flags.
const (
	gFirstName uint16 = 1 << iota
	gTitle
	gCountry // a word of a country name, alias or demonym
	gOrgCue
	gPlaceCue
	gStop
	gUpper
	gAllCaps
	gDigit
	gInitial
	gWordless // no letter or digit: punctuation, which starts no entity
)

// joiners are the name particles that never start a name.
var joiners = wordsOf(`and for of on the`)

// quotes maps typographic quotes to the plain ones of the training data.
var quotes = strings.NewReplacer("“", `"`, "”", `"`, "‘", "'", "’", "'", "«", `"`, "»", `"`)

func (g *gazetteer) word(text string) *word {
	if strings.ContainsAny(text, "“”‘’«»") {
		text = quotes.Replace(text)
	}
	w := word{lower: strings.ToLower(text), shape: shape(text)}
	w.setKey(w.lower)
	w.shapeHash = hash32(w.shape)
	if g.countryWords[w.lower] {
		w.gaz |= gCountry
	}
	if r, _ := utf8.DecodeRuneInString(text); unicode.IsUpper(r) {
		// The name, title and cue lists hold capitalised words only.
		w.gaz |= gUpper
		bare := strings.TrimSuffix(text, ".")
		if g.givenNames.has(text) {
			w.gaz |= gFirstName
		}
		if g.titles[bare] {
			w.gaz |= gTitle
		}
		if orgCues[bare] {
			w.gaz |= gOrgCue
		}
		if placeCues[text] {
			w.gaz |= gPlaceCue
		}
		if stopwords[text] {
			w.gaz |= gStop
		}
		if isInitial(text) {
			w.gaz |= gInitial
		}
	}
	if text != w.lower && text == strings.ToUpper(text) {
		w.gaz |= gAllCaps // "NATO", also "1ST"
	}
	if strings.IndexFunc(text, unicode.IsDigit) >= 0 {
		w.gaz |= gDigit
	}
	if strings.IndexFunc(text, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) < 0 {
		w.gaz |= gWordless
	}
	w.joiner = joiners[text]
	letters := strings.IndexFunc(text, unicode.IsLetter) >= 0
	w.plain = letters && text == w.lower && !nameParticles[w.lower] ||
		!letters && text != "&" && text != "/" // punctuation inside a name is "AT&T", "Bosnia/Herzegovina"
	return &w
}

// shape maps letters to X/x and digits to d, collapsing runs: "Putin" ->
// "Xx", "U.S." -> "X.X.", "1996-12-06" -> "d-d-d".
func shape(s string) string {
	var b strings.Builder
	var last rune
	for _, r := range s {
		c := r
		switch {
		case unicode.IsUpper(r):
			c = 'X'
		case unicode.IsLetter(r):
			c = 'x'
		case unicode.IsDigit(r):
			c = 'd'
		}
		if c != last || (c != 'X' && c != 'x' && c != 'd') {
			b.WriteRune(c)
		}
		last = c
		if b.Len() > 8 {
			break
		}
	}
	return b.String()
}

// Feature kinds, hashed with their values.
const (
	fBias byte = iota + 1
	fWord
	fShape
	fPrefix3
	fSuffix2
	fSuffix3
	fSuffix4
	fPrevWord
	fNextWord
	fPrev2Word
	fNext2Word
	fPrevShapeShape
	fShapeNextShape
	fPrevLabel
	fPrev2Labels
	fPrevLabelWord
	fGaz
	fPrevGaz
	fNextGaz
	fHistory
	fCapsWord
	fFirst
	fBigram
	fNextBigram
	fNextTwo // the two words after: ", the" introduces a person or place
	fPrevTwo
)

const fnvOffset, fnvPrime = 2166136261, 16777619

func hashStr(h uint32, s string) uint32 {
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= fnvPrime
	}
	return h
}

func hashByte(h uint32, b byte) uint32 {
	h ^= uint32(b)
	return h * fnvPrime
}

func feat(kind byte, s string) uint32 { return hashStr(hashByte(fnvOffset, kind), s) }

// featH and featH2 are features of strings known by their hash32: one
// multiply-xorshift round per value instead of a pass over the bytes.
func featH(kind byte, h uint32) uint32 { return mix32(h + uint32(kind)*0x9e3779b9) }

func featH2(kind byte, a, b uint32) uint32 { return mix32(mix32(a+uint32(kind)*0x9e3779b9) ^ b) }

// mix32 is MurmurHash3's finaliser.
func mix32(h uint32) uint32 {
	h ^= h >> 16
	h *= 0x85ebca6b
	h ^= h >> 13
	h *= 0xc2b2ae35
	h ^= h >> 16
	return h
}

// setKey sets the word as the lexical features see it.
func (w *word) setKey(key string) { w.key, w.keyHash = key, hash32(key) }

func feat2(kind byte, a, b string) uint32 {
	return hashStr(hashByte(hashStr(hashByte(fnvOffset, kind), a), 0), b)
}

func featN(kind byte, n uint32) uint32 {
	h := hashByte(fnvOffset, kind)
	for i := 0; i < 4; i++ {
		h = hashByte(h, byte(n>>(8*i)))
	}
	return h
}

// sentenceCtx holds per-sentence facts the features use.
type sentenceCtx struct {
	words   []*word
	allCaps bool   // a headline in capitals: case tells nothing
	needed  []bool // scratch for newSentence
}

var boundary = func() *word {
	w := &word{lower: "<s>", shape: "<s>", shapeHash: hash32("<s>")}
	w.setKey("<s>")
	return w
}()

// unread stands for the words tagging never reads (see newSentence).
var unread = &word{}

func (s *sentenceCtx) at(i int) *word {
	if i < 0 || i >= len(s.words) {
		return boundary
	}
	return s.words[i]
}

// features appends the hashed features of token i, given the labels
// predicted for the two tokens before it and the label type last given to
// the same word earlier in the document (0 when none).
func (s *sentenceCtx) features(buf []uint32, i int, prev, prev2, hist uint8) []uint32 {
	return s.labelFeatures(s.staticFeatures(buf, i, hist), i, prev, prev2)
}

// labelFeatures are the features that depend on the labels before token i.
func (s *sentenceCtx) labelFeatures(buf []uint32, i int, prev, prev2 uint8) []uint32 {
	return append(buf,
		featN(fPrevLabel, uint32(prev)),
		featN(fPrev2Labels, uint32(prev)<<8|uint32(prev2)),
		featH2(fPrevLabelWord, uint32(prev), s.words[i].keyHash),
	)
}

// staticFeatures are the features of token i that do not depend on the
// labels before it: the word's own and those of its context.
func (s *sentenceCtx) staticFeatures(buf []uint32, i int, hist uint8) []uint32 {
	return s.contextFeatures(ownFeatures(buf, s.words[i]), i, hist)
}

// ownFeatures are the features of a word alone, the same wherever it
// stands: tagging adds up their weights once per word and document.
func ownFeatures(buf []uint32, w *word) []uint32 {
	buf = append(buf,
		featN(fBias, 0),
		feat(fWord, w.key),
		feat(fShape, w.shape),
		feat(fPrefix3, prefix(w.lower, 3)),
		feat(fSuffix2, suffix(w.lower, 2)),
		feat(fSuffix3, suffix(w.lower, 3)),
		feat(fSuffix4, suffix(w.lower, 4)),
	)
	for bit := uint16(0); bit < 16; bit++ {
		if w.gaz&(1<<bit) != 0 {
			buf = append(buf, featN(fGaz, uint32(bit)))
		}
	}
	return buf
}

// contextFeatures are the features of token i that depend on its
// neighbours, its place in the sentence and the document history.
func (s *sentenceCtx) contextFeatures(buf []uint32, i int, hist uint8) []uint32 {
	w := s.words[i]
	p, n := s.at(i-1), s.at(i+1)
	p2, n2 := s.at(i-2), s.at(i+2)
	buf = append(buf,
		featH(fPrevWord, p.keyHash),
		featH(fNextWord, n.keyHash),
		featH(fPrev2Word, p2.keyHash),
		featH(fNext2Word, n2.keyHash),
		featH2(fPrevShapeShape, p.shapeHash, w.shapeHash),
		featH2(fShapeNextShape, w.shapeHash, n.shapeHash),
		featN(fHistory, uint32(hist)),
		featH2(fBigram, p.keyHash, w.keyHash),
		featH2(fNextBigram, w.keyHash, n.keyHash),
		featH2(fNextTwo, n.keyHash, n2.keyHash),
		featH2(fPrevTwo, p2.keyHash, p.keyHash),
	)
	if s.allCaps {
		buf = append(buf, feat(fCapsWord, w.key))
	}
	if i == 0 {
		buf = append(buf, feat(fFirst, w.key))
	}
	for bit := uint16(0); bit < 16; bit++ {
		if p.gaz&(1<<bit) != 0 {
			buf = append(buf, featN(fPrevGaz, uint32(bit)))
		}
		if n.gaz&(1<<bit) != 0 {
			buf = append(buf, featN(fNextGaz, uint32(bit)))
		}
	}
	return buf
}

func prefix(s string, n int) string {
	i := 0
	for k := range s {
		if i == n {
			return s[:k]
		}
		i++
	}
	return s
}

func suffix(s string, n int) string {
	i := len(s)
	for c := 0; c < n && i > 0; c++ {
		_, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
	}
	return s[i:]
}

// newSentence prepares the words of a sentence for tagging. prepare, when
// not nil, gives the prepared word of a token (from a cache: news repeats
// its words, and preparing one costs a dozen lookups), and only the words
// tagging reads are prepared. into, when not nil, is reused.
func (g *gazetteer) newSentence(tokens []string, prepare func(string) *word, into *sentenceCtx) *sentenceCtx {
	s := into
	if s == nil {
		s = &sentenceCtx{}
	}
	s.words, s.allCaps = slices.Grow(s.words[:0], len(tokens))[:len(tokens)], true
	letters := 0
	var needed []bool
	if prepare != nil {
		// Tagging reads only words within two of a word it tags, and it
		// tags only words within two of a capital: prepare just those.
		s.needed = slices.Grow(s.needed[:0], len(tokens))[:len(tokens)]
		needed = s.needed
		clear(needed)
		for i, t := range tokens {
			if r, _ := utf8.DecodeRuneInString(t); unicode.IsUpper(r) || unicode.IsDigit(r) {
				for k := max(0, i-4); k <= i+4 && k < len(tokens); k++ {
					needed[k] = true
				}
			}
		}
	}
	for i, t := range tokens {
		if needed != nil && !needed[i] {
			s.words[i] = unread
			continue
		}
		if prepare != nil {
			s.words[i] = prepare(t)
		} else {
			s.words[i] = g.word(t)
		}
		if s.words[i].lower != t {
			letters++
			if s.words[i].gaz&gAllCaps == 0 && len(t) > 1 {
				s.allCaps = false
			}
		}
	}
	if letters < 2 {
		s.allCaps = false
	}
	return s
}

// nearCapital reports whether a capitalised word (or a number) is within
// two words of word i.
func (s *sentenceCtx) nearCapital(i int) bool {
	for k := max(0, i-2); k <= i+2 && k < len(s.words); k++ {
		if s.words[k].gaz&(gUpper|gDigit) != 0 {
			return true
		}
	}
	return false
}
