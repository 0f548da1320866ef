package actors

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/cespare/xxhash/v2"
)

//go:embed data/ner.model.gz
var modelData []byte

// Actors are the people, countries and organisations a report is about.
type Actors struct {
	People        []string  `json:"people"`
	Countries     []Country `json:"countries"`
	Organizations []string  `json:"organizations"`
}

// Mention is one place in a text where an actor is named: Kind is
// "person", "country" or "organization", Value the facet value it counts
// for (a full name, an ISO code, an organisation name).
type Mention struct {
	Kind       string `json:"kind"`
	Start, End int    `json:"-"`
	Value      string `json:"value"`
	// guess marks a name the tagger read as an organisation or an unknown
	// place: if the report names a person so, it is that person.
	guess bool
}

// Mention kinds.
const (
	KindPerson       = "person"
	KindCountry      = "country"
	KindOrganization = "organization"
)

// Extractor finds actors with a tagger model and the gazetteers. It is
// safe for concurrent use.
type Extractor struct {
	g        *gazetteer
	m        *model
	sessions sync.Pool // of *Session, for Analyze
}

// NewExtractor returns an extractor using the given tagger model (as
// written by Train).
func NewExtractor(model []byte) (*Extractor, error) {
	// The gazetteers and the model take about as long to load: load
	// them side by side.
	gazetteers := make(chan *gazetteer, 1)
	go func() { gazetteers <- loadOnce() }()
	m, err := readModel(model)
	g := <-gazetteers
	if err != nil {
		return nil, err
	}
	x := &Extractor{g: g, m: m}
	x.sessions.New = func() any { return x.NewSession() }
	return x, nil
}

// Default returns the extractor with the embedded model, loaded once.
func Default() *Extractor { return defaultExtractor() }

var defaultExtractor = sync.OnceValue(func() *Extractor {
	x, err := NewExtractor(modelData)
	if err != nil {
		// The model is embedded and checked by tests: a build defect.
		panic(fmt.Sprintf("actors: embedded model: %v", err))
	}
	return x
})

// Extract finds the actors named in a report's title and body with the
// embedded model. It is a pure function of its input.
func Extract(title, body string) Actors { return defaultExtractor().Extract(title, body) }

// Extract finds the actors named in a report's title and body.
func (x *Extractor) Extract(title, body string) Actors {
	a, _ := x.Analyze(title, body)
	return a
}

// Analyze returns the actors of a document made of texts (title, body)
// and, for each text, the mentions found in it, in order.
func (x *Extractor) Analyze(texts ...string) (Actors, [][]Mention) {
	s := x.sessions.Get().(*Session)
	defer x.sessions.Put(s)
	return s.Analyze(texts...)
}

// A Session extracts actors report after report, keeping the words it has
// prepared (case, shape, gazetteer flags, the weights of the word's own
// features): news repeats its vocabulary, and preparing a word costs more
// than tagging it. A session is not safe for concurrent use; give each
// goroutine its own. What it finds is what the Extractor finds.
type Session struct {
	x     *Extractor
	words map[string]*word
	seen  map[uint64]Actors // actors of the reports extracted, by digest of their text
	// Scratch, reused report after report.
	tokens []Token
	buf    []uint32
	texts  []string
	ctx    sentenceCtx
	parts  []Token
	orig   []int
}

// maxSessionWords bounds a session's words (about 200 bytes each): past
// it, the session forgets them all and starts again.
const maxSessionWords = 1 << 15

// NewSession returns a session of x.
func (x *Extractor) NewSession() *Session {
	return &Session{x: x, words: map[string]*word{}, seen: map[uint64]Actors{}, buf: make([]uint32, 0, 64)}
}

// Extract finds the actors named in a report's title and body. A report
// seen before in the session (wire copy is republished word for word)
// gets the actors found then; callers must not modify them.
func (s *Session) Extract(title, body string) Actors {
	h := xxhash.New()
	h.WriteString(title)
	h.Write([]byte{0})
	h.WriteString(body)
	key := h.Sum64()
	if a, ok := s.seen[key]; ok {
		return a
	}
	a, _ := s.Analyze(title, body)
	if len(s.seen) >= maxSeenReports {
		clear(s.seen)
	}
	s.seen[key] = a
	return a
}

// maxSeenReports bounds the reports a session remembers the actors of.
const maxSeenReports = 1 << 12

// Analyze is Extractor.Analyze.
func (s *Session) Analyze(texts ...string) (Actors, [][]Mention) {
	if len(s.words) > maxSessionWords {
		clear(s.words)
	}
	d := &document{x: s.x, sess: s, people: newTally(), countries: newTally(), orgs: newTally(), hist: docState{}}
	mentions := make([][]Mention, len(texts))
	for i, text := range texts {
		d.text, d.textIndex = text, i
		d.titleCase = i == 0 && len(texts) > 1 && isTitleCase(text)
		d.mentions = nil
		s.tokens = tokenizeInto(s.tokens[:0], text)
		for _, sent := range sentences(text, s.tokens) {
			d.sentence(sent)
		}
		mentions[i] = d.mentions
	}
	if cap(s.tokens) > maxKeptTokens {
		// A 10 MB report does not keep its scratch.
		s.tokens, s.texts, s.ctx, s.parts, s.orig = nil, nil, sentenceCtx{}, nil, nil
	}
	d.disambiguate(mentions)
	d.reconcile(mentions)
	d.resolveSingles(mentions)
	d.mergeVariants(mentions)
	return d.result(), mentions
}

const maxKeptTokens = 1 << 16

// word returns the prepared word of token t.
func (d *document) word(t string) *word {
	w, ok := d.sess.words[t]
	if !ok {
		// The session keeps the word past this report: a copy, so that
		// it does not keep the report's text alive.
		t = strings.Clone(t)
		w = d.x.g.word(t)
		d.sess.words[t] = w
	}
	return w
}

// document accumulates mentions across the texts of one report.
type document struct {
	x                       *Extractor
	text                    string
	people, countries, orgs *tally
	singles                 []string // one-word person names, resolved at the end
	hist                    docState
	mentions                []Mention
	textIndex               int         // which of the texts is being read
	titleCase               bool        // the text is a headline in title case
	ambiguous               []ambiguity // country names that are also places elsewhere
	sess                    *Session    // its prepared words and scratch buffers
}

// ambiguity is a mention of a country name that also names a place in
// another country ("Georgia", a US state).
type ambiguity struct {
	code, alt     string
	text, mention int
}

// span is an entity the tagger found: type and token range.
type span struct {
	typ        uint8
	start, end int
}

func (d *document) sentence(toks []Token) {
	if !d.x.g.mayName(toks) {
		return
	}
	d.sess.texts = appendTexts(d.sess.texts[:0], toks)
	ctx := d.x.g.newSentence(d.sess.texts, d.word, &d.sess.ctx)
	labels := d.x.m.tag(ctx, d.hist, d.sess.buf)
	spans := spansOf(labels)
	spans = joinNames(toks, spans)
	spans = pastInitials(toks, spans)
	spans = d.x.g.arabicSurnames(toks, spans)
	spans = d.x.g.knownOrgs(toks, spans)
	spans = d.x.g.surnamesLeft(toks, spans)
	for i, s := range spans {
		// A name does not run on over a lower-case word that is not part
		// of names ("the Taliban for", "Taliban in Islamabad").
		for k := s.start + 1; k < s.end; k++ {
			if t := toks[k]; t.Word && strings.ToLower(t.Text) == t.Text && !startsDigit(t.Text) && !nameParticles[t.Text] {
				s.end = k
				break
			}
		}
		if s.typ == entityType(lBPER) {
			s.end = d.x.g.personEnd(toks, s)
		}
		for s.end-1 > s.start && nameParticles[toks[s.end-1].Text] {
			s.end--
		}
		// "New York-based": a name cut before the hyphenated word that
		// ends it runs on into it (then read as an adjective, see
		// adjectiveHead), rather than leaving "New" alone.
		if s.typ != entityType(lBPER) && s.end < len(toks) && adjectiveHead(toks[s.end:s.end+1]) != nil {
			s.end++
		}
		spans[i] = s
	}
	spans = d.x.g.scorers(toks, spans)
	inside := make([]int, len(toks)) // span index + 1, 0 outside
	for si, s := range spans {
		for k := s.start; k < s.end; k++ {
			inside[k] = si + 1
		}
	}
	for k, t := range toks {
		if inside[k] == 0 && t.hyphenated {
			if head := adjectiveHead(toks[k : k+1]); head != nil {
				d.place(head) // "a London-based bank" the tagger left alone is about Britain
			}
		}
	}
	g := d.x.g
	for si, s := range spans {
		if s.start > 0 && storms[toks[s.start-1].Text] || storms[toks[s.start].Text] {
			continue // "Hurricane Ivan", "Tropical Storm Bill": a storm is no one
		}
		span := toks[s.start:s.end]
		if ctx.allCaps && len(span) == 1 && !g.known(span) && s.typ != entityType(lBLOC) {
			continue // "QTR", "NET" in a wire headline in capitals: abbreviations, not names
		}
		if len(span) == 1 && (isContraction(span[0].Text) || commonInitialisms[span[0].Text] && !g.known(span)) ||
			holidays[strings.TrimSuffix(strings.ReplaceAll(joinTexts(span), "’", "'"), "'s")] {
			continue // "I'm" opening a quotation; "PC", "DVDs"; "New Year"
		}
		switch {
		case s.typ != entityType(lBMISC) && s.typ != entityType(lBPER) && !g.known(span) &&
			(rolePhrase(g, toks[s.end:]) || g.firstNamed(span, toks[s.end:]) || g.nationalNamed(span) ||
				roleNamed(toks[:s.start], toks[s.end:])):
			// "Zakharova, the Russian Foreign Ministry spokesperson", "Jordan
			// Henderson", "opposition leader Aung San Suu Kyi said": a name
			// introduced by a role, or a first name and a surname, is a
			// person, whatever the tagger guessed.
			d.person(span)
		case s.typ == entityType(lBPER) && len(span) == 1 && s.start > 0 && orgKinds[toks[s.start-1].Text] &&
			!g.known(span) && !g.firstNames.has(span[0].Text) && !g.namedBefore(toks, s.start-1):
			// "oil company Rosneft", "militant group Hamas": one unknown
			// word (not a first name: "the group John founded") right after
			// a word for a kind of organisation names it, though the tagger
			// read a person's surname ("Rosneft said"), unless the
			// organisation is named before that word ("told Itar-Tass news
			// agency Yeltsin was recovering"). The word before is as sure a sign as a company
			// suffix after: the report's readings of the name as a
			// person elsewhere give way to it (see resolveSingles).
			n := len(d.mentions)
			d.organization(span)
			if len(d.mentions) > n && d.mentions[n].Kind == KindOrganization {
				d.mentions[n].guess = false
			}
		case s.typ == entityType(lBPER) && g.insideKnown(toks, s):
			// "al Qaeda" with only "Qaeda" read as a person: the gazetteer
			// pass counts the organisation.
		case s.typ == entityType(lBPER):
			d.person(span)
		case s.typ == entityType(lBORG):
			// "Russian Foreign Ministry": the tagger reads the demonym
			// apart; it belongs to the name.
			if si > 0 && spans[si-1].end == s.start && spans[si-1].typ == entityType(lBMISC) &&
				g.matchesWhole(toks[spans[si-1].start:s.start], kindCountry) {
				span = toks[spans[si-1].start:s.end]
			}
			d.organization(span)
		case s.typ == entityType(lBLOC):
			d.place(span)
		}
	}
	d.gazetteer(toks, spans, inside)
}

// namedBefore reports whether a name stands just before the word at k,
// over at most one lower-case word ("Itar-Tass news agency", "Shell
// unit"): a demonym ("Russian oil company"), a compound adjective
// ("Moscow-based company") or an ordinary word opening the sentence ("The
// company") is no name.
func (g *gazetteer) namedBefore(toks []Token, k int) bool {
	for j := k - 1; j >= 0 && j >= k-2; j-- {
		t := toks[j]
		if !t.Word {
			return false
		}
		if !t.Upper() {
			continue
		}
		parts := t.Parts()
		last := parts[len(parts)-1].Text
		return strings.ToLower(last) != last && !g.nationals[t.Text] && !g.common.has(strings.ToLower(t.Text))
	}
	return false
}

// orgKinds are words for a kind of organisation that news text puts
// right before an organisation's name ("oil company Rosneft", "tech giant
// Apple", "the daily Kommersant"); not "rival" or "party", which come
// before people's names too.
var orgKinds = map[string]bool{
	"company": true, "firm": true, "group": true, "bank": true, "lender": true, "insurer": true, "carrier": true,
	"airline": true, "miner": true, "producer": true, "retailer": true, "maker": true, "carmaker": true,
	"automaker": true, "giant": true, "conglomerate": true, "operator": true, "broker": true, "brokerage": true,
	"subsidiary": true, "unit": true, "newspaper": true, "daily": true, "broadcaster": true, "agency": true,
	"organisation": true, "organization": true, "charity": true, "movement": true, "outfit": true,
	"startup": true, "start-up": true, "supermarket": true, "chain": true, "manufacturer": true, "developer": true,
}

// insideKnown reports whether span s lies inside a longer name the
// gazetteers know that starts before it.
func (g *gazetteer) insideKnown(toks []Token, s span) bool {
	for k := max(0, s.start-3); k < s.start; k++ {
		if n, _ := g.match(toks[k:]); n > 0 && k+n >= s.end {
			return true
		}
	}
	return false
}

// mayName reports whether a sentence can name anyone or anything: names
// and aliases start with a capital (or "al"), and a capital that only
// opens the sentence on an ordinary word ("The", "But") names nothing.
// Most sentences of a report have a name; those that do not are not
// worth tagging.
func (g *gazetteer) mayName(toks []Token) bool {
	for i, t := range toks {
		if !t.Word {
			continue
		}
		if t.Upper() && (i > 0 || !g.common.has(strings.ToLower(t.Text))) || g.lowerStart(t.Text) {
			return true
		}
	}
	return false
}

func appendTexts(texts []string, toks []Token) []string {
	for _, t := range toks {
		texts = append(texts, t.Text)
	}
	return texts
}

func tokenTexts(toks []Token) []string { return appendTexts(make([]string, 0, len(toks)), toks) }

func spansOf(labels []uint8) []span {
	var out []span
	for i := 0; i < len(labels); i++ {
		if labels[i] == lO {
			continue
		}
		typ := entityType(labels[i])
		j := i + 1
		for j < len(labels) && labels[j] == typ*2 { // the I- label of typ
			j++
		}
		out = append(out, span{typ, i, j})
		i = j - 1
	}
	return out
}

func (d *document) mention(kind string, toks []Token, value string) {
	d.mentions = append(d.mentions, Mention{Kind: kind, Start: toks[0].Start, End: toks[len(toks)-1].End, Value: value})
}

func (d *document) result() Actors {
	a := Actors{People: d.people.sorted(), Organizations: d.orgs.sorted(), Countries: []Country{}}
	for _, code := range d.countries.sorted() {
		if c, ok := d.x.g.countries[code]; ok {
			a.Countries = append(a.Countries, c)
		}
	}
	if a.People == nil {
		a.People = []string{}
	}
	if a.Organizations == nil {
		a.Organizations = []string{}
	}
	return a
}

// isTitleCase reports whether a headline capitalises its words ("Time
// Warner Profit Dips, Sets Aside Reserve"), so that capitals do not mark
// names in it: most of its words of four letters or more start with a
// capital, and not all of it is in capitals.
func isTitleCase(text string) bool {
	words, capital, lower := 0, 0, false
	for _, w := range strings.Fields(text) {
		w = strings.Trim(w, `"'‘’“”(),.:;!?-`)
		if len(w) < 4 {
			continue
		}
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsLetter(r) {
			continue
		}
		words++
		if unicode.IsUpper(r) {
			capital++
		}
		lower = lower || strings.IndexFunc(w, unicode.IsLower) >= 0
	}
	return lower && words >= 3 && capital*5 >= words*4
}
