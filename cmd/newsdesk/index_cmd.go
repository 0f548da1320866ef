package main

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"sort"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/newsdesk/newsdesk/index"
)

func (e *env) indexCommand() *cobra.Command {
	var rebuild, strict, quiet, noActors bool
	cmd := &cobra.Command{
		Use:   "index [SOURCE...]",
		Short: "Build or update the index from report files and folders",
		Long: `Reads news reports from files and folders (recursively) and brings the index up
to date: new and changed reports are indexed, unchanged ones skipped, and
reports whose file disappeared are removed. With no SOURCE, the configured
sources are indexed (default: seeds).

Formats: .txt and .md (first line is the headline), .jsonl and .json (objects
with id, title, body and optionally date, dateline, source, url, license,
attribution). README, LICENSE and hidden files inside folders are ignored.

Reports that cannot be read are skipped with a message naming the file (and
line); the rest is indexed. Exit status: 0 when nothing was skipped, 2 when
something was, 1 on failure (or at the first skip with --strict).`,
		Example: `  newsdesk index
  newsdesk index ../shared/corpus/reuters21578.jsonl
  newsdesk index --rebuild reports/`,
		RunE: func(cmd *cobra.Command, args []string) error {
			paths := args
			if len(paths) == 0 {
				paths = e.cfg.Sources
			}
			srcs, err := resolveSources(paths)
			if err != nil {
				return err
			}
			stats, err := e.runIndex(srcs, rebuild, quiet, noActors, strict)
			fmt.Fprintln(e.stdout, summary(stats))
			if err != nil {
				return err
			}
			if stats.SkippedTotal() > 0 {
				return errSkipped
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&rebuild, "rebuild", false, "build a fresh index beside the old one and swap it in when complete")
	cmd.Flags().BoolVar(&strict, "strict", false, "stop at the first report skipped (exit status 1)")
	cmd.Flags().BoolVarP(&quiet, "quiet", "q", false, "no progress bar and no per-report messages")
	cmd.Flags().BoolVar(&noActors, "no-actors", false, "skip actor extraction (faster; people, country and organisation facets stay empty)")
	return cmd
}

func (e *env) runIndex(srcs []index.Source, rebuild, quiet, noActors, strict bool) (index.Stats, error) {
	opts, done := e.indexOptions(quiet)
	opts.NoActors, opts.Strict = noActors, strict
	defer done()
	if rebuild || !index.Exists(e.cfg.Index.Path) {
		return index.Build(e.cfg.Index.Path, srcs, opts)
	}
	ix, err := index.Open(e.cfg.Index.Path)
	if err != nil {
		return index.Stats{}, err
	}
	stats, err := ix.Update(srcs, opts)
	if cerr := ix.Close(); err == nil {
		err = cerr
	}
	return stats, err
}

// indexOptions reports problems on stderr and, on a terminal, shows a
// progress bar with reports per second; call done when indexing ends to
// clear it.
func (e *env) indexOptions(quiet bool) (opts index.Options, done func()) {
	opts = index.Options{BatchSize: e.cfg.Index.BatchSize}
	restore := indexingMemory(e.cfg.Index.MemoryMB, e.getenv)
	done = restore
	if quiet {
		return opts, done
	}
	opts.Problem = func(p index.Problem) { fmt.Fprintln(e.stderr, "skip:", p.Error()) }
	if f, ok := e.stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		bar := progressbar.NewOptions(-1,
			progressbar.OptionSetWriter(e.stderr),
			progressbar.OptionSetDescription("indexing"),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString("reports"),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
		)
		opts.Progress = func(s index.Stats) { bar.Set(s.Indexed + s.Unchanged) }
		opts.Problem = func(p index.Problem) { bar.Clear(); fmt.Fprintln(e.stderr, "skip:", p.Error()) }
		done = func() { bar.Finish(); restore() }
	}
	return opts, done
}

// indexingMemory lets the heap grow to mb megabytes while indexing before
// the garbage collector runs, and returns what puts Go's settings back.
// Indexing allocates several times the text it reads (Bleve's analysis
// and segments), and with Go's default target, twice the live heap, a
// fifth of its CPU went to collecting garbage. The limit is Go's soft
// memory limit, so the heap stays within it (or, should the live heap
// ever exceed it, within what Go's defaults would use). GOGC or
// GOMEMLIMIT in the environment means the user has chosen: they stay.
func indexingMemory(mb int, getenv func(string) string) (restore func()) {
	if mb <= 0 || getenv("GOGC") != "" || getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	limit := debug.SetMemoryLimit(int64(mb) << 20)
	percent := debug.SetGCPercent(400)
	return func() {
		debug.SetGCPercent(percent)
		debug.SetMemoryLimit(limit)
	}
}

// summary is the one-line account of an index run.
func summary(s index.Stats) string {
	var b strings.Builder
	rate := 0.0
	if s.Elapsed > 0 {
		rate = float64(s.Indexed) / s.Elapsed.Seconds()
	}
	fmt.Fprintf(&b, "read %d reports, indexed %d, unchanged %d, deleted %d, skipped %d",
		s.Read, s.Indexed, s.Unchanged, s.Deleted, s.SkippedTotal())
	writeReasons(&b, s.Skipped)
	if len(s.Warnings) > 0 {
		b.WriteString(", warnings")
		writeReasons(&b, s.Warnings)
	}
	fmt.Fprintf(&b, " in %s (%.0f reports/s)", s.Elapsed.Round(time.Millisecond), rate)
	return b.String()
}

func writeReasons(w io.Writer, m map[string]int) {
	if len(m) == 0 {
		return
	}
	reasons := make([]string, 0, len(m))
	for r, n := range m {
		reasons = append(reasons, fmt.Sprintf("%s: %d", r, n))
	}
	sort.Strings(reasons)
	fmt.Fprintf(w, " (%s)", strings.Join(reasons, ", "))
}
