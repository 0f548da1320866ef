package main

import (
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"
	"time"
	"unicode"

	"github.com/spf13/cobra"

	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/search"
)

func (e *env) evalCommand() *cobra.Command {
	var queries int
	var seed uint64
	cmd := &cobra.Command{
		Use:   "eval-ranking CORPUS.jsonl...",
		Short: "Measure known-item ranking (success@10, MRR) on JSONL corpora",
		Long: `Indexes each corpus in memory, then asks known-item queries: for a seeded
sample of reports, two or three distinctive words of the report's body (words
found in 2 to 50 reports of the corpus) are searched, and the rank of the
report is recorded. Prints success@1, success@10 and MRR@10 per corpus.`,
		Example: `  newsdesk eval-ranking ../shared/corpus/bbc.jsonl ../shared/corpus/reuters21578.jsonl`,
		Args:    cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
			fmt.Fprintln(tw, "corpus\treports\tqueries\tsuccess@1\tsuccess@10\tMRR@10\tmean ms\t")
			for _, path := range args {
				r, err := e.knownItem(path, queries, seed)
				if err != nil {
					return err
				}
				fmt.Fprintf(tw, "%s\t%d\t%d\t%.3f\t%.3f\t%.3f\t%.2f\t\n", r.name, r.reports, r.queries,
					r.at1, r.at10, r.mrr, r.meanMS)
			}
			return tw.Flush()
		},
	}
	cmd.Flags().IntVar(&queries, "queries", 500, "known-item queries per corpus")
	cmd.Flags().Uint64Var(&seed, "seed", 1, "random seed for choosing reports and words")
	return cmd
}

type knownItemResult struct {
	name                   string
	reports, queries       int
	at1, at10, mrr, meanMS float64
}

func (e *env) knownItem(path string, n int, seed uint64) (knownItemResult, error) {
	res := knownItemResult{name: path}
	src, err := index.DiskSource(path)
	if err != nil {
		return res, err
	}
	var reports []index.Report
	err = src.Reports(func(r index.Report) error { reports = append(reports, r); return nil }, func(index.Problem) {})
	if err != nil {
		return res, err
	}
	// A throw-away index on disk: Bleve builds it much faster than an
	// in-memory one.
	tmp, err := os.MkdirTemp("", "newsdesk-eval-")
	if err != nil {
		return res, err
	}
	defer os.RemoveAll(tmp)
	ix, err := index.Create(filepath.Join(tmp, "index"))
	if err != nil {
		return res, err
	}
	defer ix.Close()
	if _, err := ix.Update([]index.Source{src}, index.Options{}); err != nil {
		return res, err
	}
	res.reports = len(reports)
	s := search.New(ix, e.cfg.searchConfig())
	df := documentFrequencies(reports)
	rng := rand.New(rand.NewPCG(seed, seed))
	var total time.Duration
	for _, i := range rng.Perm(len(reports)) {
		if res.queries == n {
			break
		}
		words := distinctive(reports[i].Body, df, rng)
		if words == nil {
			continue
		}
		req, err := search.Parse(url.Values{"q": {strings.Join(words, " ")}}, s.Config())
		if err != nil {
			return res, err
		}
		start := time.Now()
		out, err := s.Run(e.ctx, req)
		if err != nil {
			return res, err
		}
		total += time.Since(start)
		res.queries++
		for rank, h := range out.Hits {
			if h.ID == reports[i].ID {
				res.at10++
				res.mrr += 1 / float64(rank+1)
				if rank == 0 {
					res.at1++
				}
				break
			}
		}
	}
	if res.queries > 0 {
		q := float64(res.queries)
		res.at1, res.at10, res.mrr = res.at1/q, res.at10/q, res.mrr/q
		res.meanMS = float64(total.Microseconds()) / 1000 / q
	}
	return res, nil
}

// words returns the distinct lower-case words of at least four letters.
func words(text string) map[string]bool {
	set := map[string]bool{}
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if len(w) >= 4 {
			set[strings.ToLower(w)] = true
		}
	}
	return set
}

func documentFrequencies(reports []index.Report) map[string]int {
	df := map[string]int{}
	for _, r := range reports {
		for w := range words(r.Title + " " + r.Body) {
			df[w]++
		}
	}
	return df
}

// distinctive picks two or three words of body that a reader could recall
// and that few reports share (found in 2 to 50 reports); nil when the
// body has too few.
func distinctive(body string, df map[string]int, rng *rand.Rand) []string {
	var pool []string
	for w := range words(body) {
		if df[w] >= 2 && df[w] <= 50 {
			pool = append(pool, w)
		}
	}
	if len(pool) < 3 {
		return nil
	}
	sort.Strings(pool) // map order is random; keep runs reproducible
	rng.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })
	return pool[:2+rng.IntN(2)]
}
