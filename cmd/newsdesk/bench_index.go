package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/spf13/cobra"

	"github.com/newsdesk/newsdesk/index"
)

// startProfile starts a CPU profile written to path ("" for none); stop
// ends it.
func startProfile(path string) (stop func(), err error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// replicateCorpus writes n copies of a JSONL corpus with fresh IDs.
func replicateCorpus(from, to string, n int) (int, int64, error) {
	in, err := os.ReadFile(from)
	if err != nil {
		return 0, 0, err
	}
	out, err := os.Create(to)
	if err != nil {
		return 0, 0, err
	}
	defer out.Close()
	w := bufio.NewWriter(out)
	reports := 0
	var raw int64
	for copyN := 1; copyN <= n; copyN++ {
		sc := bufio.NewScanner(strings.NewReader(string(in)))
		sc.Buffer(make([]byte, 1<<20), 64<<20)
		for sc.Scan() {
			var rec map[string]any
			if json.Unmarshal(sc.Bytes(), &rec) != nil {
				continue
			}
			if copyN > 1 {
				rec["id"] = fmt.Sprintf("%v-copy%d", rec["id"], copyN)
			}
			line, _ := json.Marshal(rec)
			w.Write(append(line, '\n'))
			reports++
			raw += int64(len(fmt.Sprint(rec["title"])) + len(fmt.Sprint(rec["body"])))
		}
	}
	return reports, raw, w.Flush()
}

// benchIndexChild indexes src into out in a child process, so its peak
// RSS is its own.
func benchIndexChild(mode, src, out string) (indexFigure, error) {
	self, err := os.Executable()
	if err != nil {
		return indexFigure{}, err
	}
	cmd := exec.Command(self, "bench-index", "--mode", mode, "--src", src, "--out", out)
	cmd.Stderr = os.Stderr
	raw, err := cmd.Output()
	if err != nil {
		return indexFigure{}, err
	}
	var fig indexFigure
	return fig, json.Unmarshal(raw, &fig)
}

// benchIndexCommand is the child side of benchIndexChild (hidden).
func (e *env) benchIndexCommand() *cobra.Command {
	var mode, src, out, profile, memProfile string
	cmd := &cobra.Command{
		Use:    "bench-index",
		Hidden: true,
		Args:   cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			stop, err := startProfile(profile)
			if err != nil {
				return err
			}
			defer stop()
			if memProfile != "" {
				runtime.MemProfileRate = 64 << 10
				defer writeAllocProfile(memProfile)
			}
			start := time.Now()
			var n int
			switch mode {
			case "bare":
				n, err = bareIndex(src, out, e.cfg.Index.BatchSize)
			case "newsdesk", "noactors":
				// As "newsdesk index" runs, without its messages.
				opts, done := e.indexOptions(true)
				opts.NoActors = mode == "noactors"
				n, err = newsdeskIndex(src, out, opts)
				done()
			default:
				return fmt.Errorf("--mode %q: want bare, noactors or newsdesk", mode)
			}
			if err != nil {
				return err
			}
			fig := indexFigure{Seconds: time.Since(start).Seconds(), Reports: n, SizeBytes: dirSize(out),
				PeakRSSMB: peakRSSMB()}
			return json.NewEncoder(e.stdout).Encode(fig)
		},
	}
	cmd.Flags().StringVar(&mode, "mode", "newsdesk", "bare, noactors or newsdesk")
	cmd.Flags().StringVar(&src, "src", "", "JSONL corpus")
	cmd.Flags().StringVar(&out, "out", "", "index folder")
	cmd.Flags().StringVar(&profile, "cpuprofile", "", "write a CPU profile (pprof) to this file")
	cmd.Flags().StringVar(&memProfile, "memprofile", "", "write an allocation profile (pprof) to this file")
	return cmd
}

// writeAllocProfile writes where the run allocated (pprof's allocs
// profile); a failure to write it is reported, not fatal.
func writeAllocProfile(path string) {
	f, err := os.Create(path)
	if err == nil {
		err = pprof.Lookup("allocs").WriteTo(f, 0)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "memprofile: %v\n", err)
	}
}

func newsdeskIndex(src, out string, opts index.Options) (int, error) {
	s, err := index.DiskSource(src)
	if err != nil {
		return 0, err
	}
	stats, err := index.Build(out, []index.Source{s}, opts)
	return stats.Indexed, err
}

// bareIndex is plain Bleve: our mapping, title and body, one batch at a
// time, no extraction.
func bareIndex(src, out string, batch int) (int, error) {
	f, err := os.Open(src)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	b, err := bleve.New(out, index.Mapping())
	if err != nil {
		return 0, err
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	bt := newBareBatches(b, batch)
	n := 0
	for sc.Scan() {
		var rec struct {
			ID          string
			Title, Body string
		}
		if json.Unmarshal(sc.Bytes(), &rec) != nil || rec.Title == "" && rec.Body == "" {
			continue
		}
		if err := bt.index(rec.ID, map[string]any{index.FieldTitle: rec.Title, index.FieldBody: rec.Body}); err != nil {
			return n, err
		}
		n++
	}
	if err := bt.flush(); err != nil {
		return n, err
	}
	return n, b.Close()
}

// bareBatches hands documents to a Bleve index in batches of a size, as
// plain Bleve is used: the benchmark's reference.
type bareBatches struct {
	b     bleve.Index
	batch *bleve.Batch
	size  int
}

func newBareBatches(b bleve.Index, size int) *bareBatches {
	return &bareBatches{b: b, batch: b.NewBatch(), size: size}
}

// index adds a document, writing the batch when it is full.
func (w *bareBatches) index(id string, doc any) error {
	if err := w.batch.Index(id, doc); err != nil {
		return err
	}
	if w.batch.Size() < w.size {
		return nil
	}
	return w.flush()
}

// flush writes what the batch holds.
func (w *bareBatches) flush() error {
	err := w.b.Batch(w.batch)
	w.batch.Reset()
	return err
}

func dirSize(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}

// peakRSSMB reads this process's peak resident memory.
func peakRSSMB() float64 { return procStatusMB("self", "VmHWM") }

func printIndexing(w io.Writer, r *benchReport) {
	fmt.Fprintf(w, "%-9s %9s %10s %7s %12s %12s\n", "indexing", "seconds", "reports/s", "MB/s", "size/raw", "peak RSS MB")
	for _, mode := range indexModes {
		f := r.Indexing[mode]
		fmt.Fprintf(w, "%-9s %9.2f %10.0f %7.2f %12.2f %12.0f\n", mode, f.Seconds, float64(f.Reports)/f.Seconds,
			float64(r.RawBytes)/1e6/f.Seconds, float64(f.SizeBytes)/float64(r.RawBytes), f.PeakRSSMB)
	}
	bare, plain, ours := r.Indexing["bare"], r.Indexing["noactors"], r.Indexing["newsdesk"]
	fmt.Fprintf(w, "newsdesk / bare: %.2fx time; actor extraction costs %.2fx (newsdesk / noactors)\n\n",
		ours.Seconds/bare.Seconds, ours.Seconds/plain.Seconds)
}
