package main

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/newsdesk/newsdesk/index/actors"
	"github.com/newsdesk/newsdesk/index/actors/nerdata"
)

func (e *env) evalNERCommand() *cobra.Command {
	var conll, gmb, reuters, labelledCorpus, modelPath string
	var labelledFiles []string
	var showErrors int
	cmd := &cobra.Command{
		Use:   "eval-ner",
		Short: "Measure actor extraction on CoNLL-2003 and held-out GMB",
		Long: `Runs the extractor over labelled news and prints precision, recall and F1 for
person mentions (exact span), the people facet (full names per document) and
the country facet (countries named, by demonym, or by a place in them, per
document), plus tagging speed on one core, model load time and heap.`,
		Example: `  newsdesk eval-ner --conll ../shared/ner/conll2003/eng.testb`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1)) // one core, as the speed target says
			var before runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			start := time.Now()
			x := actors.Default()
			if modelPath != "" {
				data, err := os.ReadFile(modelPath)
				if err != nil {
					return err
				}
				if x, err = actors.NewExtractor(data); err != nil {
					return err
				}
			}
			load := time.Since(start)
			var after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&after)
			fmt.Fprintf(e.stdout, "model load %.0f ms, heap %.1f MB\n\n", float64(load.Microseconds())/1000,
				float64(after.HeapAlloc-before.HeapAlloc)/(1<<20))

			tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "data\tmeasure\tP\tR\tF1\ttokens/s")
			if conll != "" {
				sents, err := nerdata.ReadCoNLL(conll)
				if err != nil {
					return err
				}
				r := evalDocs(x, groupByDoc(sents), true, showErrors, e.stderr)
				r.print(tw, conll)
			}
			if gmb != "" {
				sents, err := nerdata.ReadGMB(gmb, actors.IsTitle)
				if err != nil {
					return err
				}
				r := evalDocs(x, groupByDoc(gmbTestPart(sents)), false, showErrors, e.stderr)
				r.print(tw, gmb+" (last 10 %)")
			}
			if reuters != "" {
				r, err := evalReuters(x, reuters, showErrors, e.stderr)
				if err != nil {
					return err
				}
				r.print(tw, reuters)
			}
			for _, file := range labelledFiles {
				r, err := evalLabelled(x, file, labelledCorpus, showErrors, e.stderr)
				if err != nil {
					return err
				}
				r.print(tw, file)
			}
			return tw.Flush()
		},
	}
	f := cmd.Flags()
	f.StringVar(&conll, "conll", "../shared/ner/conll2003/eng.testb", "CoNLL-2003 file to measure on (\"\" to skip)")
	f.StringVar(&gmb, "gmb", "../shared/ner/gmb/ner_dataset.csv.zip", "GMB extract; its last 10 % is measured (\"\" to skip)")
	f.StringVar(&reuters, "reuters", "../shared/corpus/reuters21578.jsonl",
		"Reuters-21578 JSONL; recall of its people and places annotations is measured (\"\" to skip)")
	f.StringSliceVar(&labelledFiles, "labelled", []string{"index/actors/testdata/labelled/agnews-heldout.tsv",
		"index/actors/testdata/labelled/agnews-dev.tsv"}, "hand-labelled facets of reports of --labelled-corpus (\"\" to skip)")
	f.StringVar(&labelledCorpus, "labelled-corpus", "../shared/corpus/agnews_test.jsonl", "JSONL corpus the --labelled files label")
	f.StringVar(&modelPath, "model", "", "tagger model file (default: the embedded one)")
	f.IntVar(&showErrors, "show-errors", 0, "print up to N wrong person mentions and facet values to stderr, for hand checks")
	return cmd
}

// prf counts true positives, predictions and gold items.
type prf struct{ tp, pred, gold int }

func (c prf) scores() (p, r, f float64) {
	if c.pred > 0 {
		p = float64(c.tp) / float64(c.pred)
	}
	if c.gold > 0 {
		r = float64(c.tp) / float64(c.gold)
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return p, r, f
}

func (c *prf) add(pred, gold map[string]bool) {
	c.pred += len(pred)
	c.gold += len(gold)
	for k := range pred {
		if gold[k] {
			c.tp++
		}
	}
}

type nerResult struct {
	mentions, people, countries prf
	orgs                        prf // organisation mentions (exact span), for relative checks
	facets                      bool
	tokens                      int
	elapsed                     time.Duration
}

func (r nerResult) print(w io.Writer, name string) {
	rate := float64(r.tokens) / r.elapsed.Seconds()
	row := func(measure string, c prf) {
		p, rc, f := c.scores()
		fmt.Fprintf(w, "%s\t%s\t%.3f\t%.3f\t%.3f\t%.0f\n", name, measure, p, rc, f, rate)
	}
	if r.tokens > 0 {
		row("person mentions", r.mentions)
	} else {
		row = func(measure string, c prf) {
			p, rc, f := c.scores()
			fmt.Fprintf(w, "%s\t%s\t%.3f\t%.3f\t%.3f\t\n", name, measure, p, rc, f)
		}
	}
	if r.tokens > 0 {
		row("org mentions", r.orgs)
	}
	if r.facets {
		row("people facet", r.people)
		row("country facet", r.countries)
	}
}

func groupByDoc(sents []nerdata.Sentence) [][]nerdata.Sentence {
	var docs [][]nerdata.Sentence
	for i, s := range sents {
		if i == 0 || s.Doc != sents[i-1].Doc {
			docs = append(docs, nil)
		}
		docs[len(docs)-1] = append(docs[len(docs)-1], s)
	}
	return docs
}

// evalDocs rebuilds each document's text from its tokens (one sentence a
// line), extracts, and compares with the gold labels.
func evalDocs(x *actors.Extractor, docs [][]nerdata.Sentence, facets bool, show int, w io.Writer) nerResult {
	r := nerResult{facets: facets}
	shown := 0
	report := func(kind, text string, pred, gold map[string]bool) {
		for k := range pred {
			if !gold[k] && shown < show {
				fmt.Fprintf(w, "%s: false %q in %.80q\n", kind, k, text)
				shown++
			}
		}
		for k := range gold {
			if !pred[k] && shown < show {
				fmt.Fprintf(w, "%s: missed %q in %.80q\n", kind, k, text)
				shown++
			}
		}
	}
	for _, doc := range docs {
		var b strings.Builder
		goldPER, goldORG := map[string]bool{}, map[string]bool{}
		var goldNames []string
		goldCountries := map[string]bool{}
		for _, s := range doc {
			offsets := make([][2]int, len(s.Tokens))
			for i, t := range s.Tokens {
				if i > 0 {
					b.WriteByte(' ')
				}
				offsets[i] = [2]int{b.Len(), b.Len() + len(t)}
				b.WriteString(t)
				r.tokens++
			}
			b.WriteByte('\n')
			for _, sp := range nerdata.Spans(s.Labels) {
				text := strings.Join(s.Tokens[sp.Start:sp.End], " ")
				switch sp.Type {
				case "PER":
					goldPER[fmt.Sprintf("%d:%d", offsets[sp.Start][0], offsets[sp.End-1][1])] = true
					goldNames = append(goldNames, text)
				case "ORG":
					goldORG[fmt.Sprintf("%d:%d", offsets[sp.Start][0], offsets[sp.End-1][1])] = true
				case "LOC", "MISC":
					if code, ok := actors.CountryOf(text, sp.Type == "LOC"); ok {
						goldCountries[code] = true
					}
				}
			}
		}
		start := time.Now()
		a, mentions := x.Analyze(b.String())
		r.elapsed += time.Since(start)
		text := b.String()
		predPER, predORG := map[string]bool{}, map[string]bool{}
		for _, m := range mentions[0] {
			switch m.Kind {
			case actors.KindPerson:
				predPER[fmt.Sprintf("%d:%d", m.Start, m.End)] = true
			case actors.KindOrganization:
				predORG[fmt.Sprintf("%d:%d", m.Start, m.End)] = true
			}
		}
		if !facets {
			report("mention", text, spanTexts(text, predPER), spanTexts(text, goldPER))
		}
		r.mentions.add(predPER, goldPER)
		r.orgs.add(predORG, goldORG)
		goldPeople := set(actors.PeopleFacet(goldNames))
		r.people.add(set(a.People), goldPeople)
		if facets {
			report("people", text, set(a.People), goldPeople)
		}
		predCountries := map[string]bool{}
		for _, c := range a.Countries {
			predCountries[c.Code] = true
		}
		r.countries.add(predCountries, goldCountries)
		if facets {
			report("country", text, predCountries, goldCountries)
		}
	}
	return r
}

func set(list []string) map[string]bool {
	m := make(map[string]bool, len(list))
	for _, v := range list {
		m[v] = true
	}
	return m
}

// spanTexts turns "start:end" keys into the text they cover.
func spanTexts(text string, spans map[string]bool) map[string]bool {
	out := map[string]bool{}
	for k := range spans {
		var s, e int
		fmt.Sscanf(k, "%d:%d", &s, &e)
		out[text[s:e]] = true
	}
	return out
}
