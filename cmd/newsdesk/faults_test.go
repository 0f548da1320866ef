package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/search"
)

// The fault tests run newsdesk in a child process (this test binary,
// re-executed) so that it can be killed or starved of disk.
func TestMain(m *testing.M) {
	if args := os.Getenv("NEWSDESK_CHILD"); args != "" {
		child(strings.Split(args, "\x1f"))
		return
	}
	os.Exit(m.Run())
}

// child runs newsdesk with args; NEWSDESK_CHILD_FSIZE limits the size of
// the files it may write, as a full disk would.
func child(args []string) {
	if limit := os.Getenv("NEWSDESK_CHILD_FSIZE"); limit != "" {
		var n uint64
		fmt.Sscan(limit, &n)
		signal.Ignore(syscall.SIGXFSZ) // so writes fail with EFBIG instead of killing us
		if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &syscall.Rlimit{Cur: n, Max: n}); err != nil {
			fmt.Fprintln(os.Stderr, "setrlimit:", err)
			os.Exit(3)
		}
	}
	err := run(context.Background(), args, os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "newsdesk:", err)
		os.Exit(exitCode(err))
	}
	os.Exit(0)
}

func childCmd(t *testing.T, env []string, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), append(env, "NEWSDESK_CHILD="+strings.Join(args, "\x1f"))...)
	return cmd
}

// corpus writes n made-up reports as JSON Lines.
func corpus(t *testing.T, path string, n int, seed uint64) {
	t.Helper()
	words := strings.Fields(`report minister talks border trade oil election court police army market
		bank storm flood vote protest treaty summit rebels ceasefire budget strike energy prices`)
	rng := rand.New(rand.NewPCG(seed, seed))
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	enc := json.NewEncoder(f)
	for i := range n {
		var b strings.Builder
		for range 150 {
			b.WriteString(words[rng.IntN(len(words))] + " ")
		}
		enc.Encode(map[string]string{"id": fmt.Sprintf("r%05d", i), "title": "Report " + words[rng.IntN(len(words))],
			"body": "Officials in Russia and Pakistan said. " + b.String()})
	}
}

// answers opens the index at path and checks that it answers a search;
// it returns the number of reports, or -1 when there is no index.
func answers(t *testing.T, path string) int {
	t.Helper()
	ix, err := index.Open(path)
	if errors.Is(err, index.ErrNotFound) {
		return -1
	}
	if err != nil {
		t.Fatalf("the index does not open: %v", err)
	}
	defer ix.Close()
	res, err := search.New(ix, search.Config{}).Run(context.Background(), search.Request{Query: "minister", Page: 1, Size: 5, Sort: search.SortRelevance})
	if err != nil {
		t.Fatalf("the index does not answer: %v", err)
	}
	n, _ := ix.Count()
	if res.Total > n {
		t.Fatalf("search found %d of %d reports", res.Total, n)
	}
	return int(n)
}

// TestKillDuringIndex kills "newsdesk index" at many points, during a
// first build and during an update: the index always opens and answers
// (the last complete state or the previous index), and a rerun completes.
func TestKillDuringIndex(t *testing.T) {
	if testing.Short() {
		t.Skip("runs newsdesk many times")
	}
	dir := t.TempDir()
	half, full := filepath.Join(dir, "half.jsonl"), filepath.Join(dir, "full.jsonl")
	corpus(t, half, 1500, 1)
	corpus(t, full, 3000, 1)
	for _, update := range []bool{false, true} {
		for _, delay := range []time.Duration{20, 100, 300, 600, 1000, 1500} {
			path := filepath.Join(t.TempDir(), "idx")
			env := []string{"NEWSDESK_INDEX_PATH=" + path, "NEWSDESK_INDEX_BATCH_SIZE=100"}
			if update {
				if _, _, err := runCmd(t, map[string]string{"NEWSDESK_INDEX_PATH": path}, "", "index", "-q", half); err != nil {
					t.Fatal(err)
				}
			}
			cmd := childCmd(t, env, "index", "-q", full)
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			time.Sleep(delay * time.Millisecond)
			cmd.Process.Signal(syscall.SIGKILL)
			cmd.Wait()

			n := answers(t, path)
			if update && n < 1500 {
				t.Errorf("update killed after %v: index holds %d reports, want at least the 1500 before", delay*time.Millisecond, n)
			}
			out, _, err := runCmd(t, map[string]string{"NEWSDESK_INDEX_PATH": path}, "", "index", "-q", full)
			if err != nil {
				t.Fatalf("rerun after a kill at %v: %v", delay*time.Millisecond, err)
			}
			if n := answers(t, path); n != 3000 {
				t.Errorf("rerun after a kill at %v (update %v): %d reports, want 3000; %s", delay*time.Millisecond, update, n, out)
			}
		}
	}
}

// TestDiskFullKeepsThePreviousIndex rebuilds with too little room to
// write: a clear error, and the previous index still answers.
func TestDiskFullKeepsThePreviousIndex(t *testing.T) {
	dir := t.TempDir()
	small, big := filepath.Join(dir, "small.jsonl"), filepath.Join(dir, "big.jsonl")
	corpus(t, small, 200, 2)
	corpus(t, big, 4000, 3)
	path := filepath.Join(t.TempDir(), "idx")
	if _, _, err := runCmd(t, map[string]string{"NEWSDESK_INDEX_PATH": path}, "", "index", "-q", small); err != nil {
		t.Fatal(err)
	}
	cmd := childCmd(t, []string{"NEWSDESK_INDEX_PATH=" + path, "NEWSDESK_CHILD_FSIZE=524288"}, "index", "-q", "--rebuild", big)
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("rebuild with a full disk succeeded: %s", out)
	}
	if !strings.Contains(string(out), "file too large") || strings.Contains(string(out), "panic") {
		t.Errorf("message %q does not say what went wrong", out)
	}
	if n := answers(t, path); n != 200 {
		t.Errorf("previous index holds %d reports after the failed rebuild, want 200", n)
	}
	left, _ := filepath.Glob(path + ".*")
	if len(left) != 0 {
		t.Errorf("the failed rebuild left %v", left)
	}
}

// TestDamagedIndex: serve on a damaged index stops with a clear error, or
// rebuilds it when index.rebuild_damaged says so; never a panic.
func TestDamagedIndex(t *testing.T) {
	for name, damage := range map[string]func(path string) error{
		"garbage metadata": func(p string) error {
			return os.WriteFile(filepath.Join(p, "index_meta.json"), []byte("{not json"), 0o644)
		},
		"garbage store": func(p string) error {
			return os.WriteFile(filepath.Join(p, "store", "root.bolt"), []byte(strings.Repeat("garbage!", 4096)), 0o644)
		},
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "idx")
			vars := map[string]string{"NEWSDESK_INDEX_PATH": path, "NEWSDESK_SOURCES": seedsDir(t), "NEWSDESK_SERVER_ADDR": "127.0.0.1:0"}
			if _, _, err := runCmd(t, vars, "", "index", "-q"); err != nil {
				t.Fatal(err)
			}
			if err := damage(path); err != nil {
				t.Fatal(err)
			}
			_, _, err := runCmd(t, vars, "", "serve")
			if err == nil || !strings.Contains(err.Error(), "damaged") {
				t.Errorf("serve on a damaged index: %v, want a clear error", err)
			}
			vars["NEWSDESK_INDEX_REBUILD_DAMAGED"] = "true"
			startServe(t, vars).stop()
		})
	}
}

// TestRebuildWhileServing rebuilds the index under a running server:
// searches never fail meanwhile, and the server moves to the new index.
func TestRebuildWhileServing(t *testing.T) {
	dir := t.TempDir()
	first, second := filepath.Join(dir, "first.jsonl"), filepath.Join(dir, "second.jsonl")
	corpus(t, first, 300, 4)
	corpus(t, second, 900, 5)
	path := filepath.Join(t.TempDir(), "idx")
	vars := map[string]string{"NEWSDESK_INDEX_PATH": path, "NEWSDESK_SOURCES": first,
		"NEWSDESK_SERVER_ADDR": "127.0.0.1:0", "NEWSDESK_SERVER_RELOAD_INTERVAL": "100ms"}
	srv := startServe(t, vars)
	base, stderr := srv.base, srv.stderr

	var wg sync.WaitGroup
	stop := make(chan struct{})
	var mu sync.Mutex
	var failures []string
	totals := map[float64]int{}
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				resp, err := http.Get(base + "/api/search?q=officials&country=RU")
				if err != nil {
					mu.Lock()
					failures = append(failures, err.Error())
					mu.Unlock()
					continue
				}
				var body struct{ Total float64 }
				json.NewDecoder(resp.Body).Decode(&body)
				resp.Body.Close()
				mu.Lock()
				if resp.StatusCode != 200 {
					failures = append(failures, resp.Status)
				}
				totals[body.Total]++
				mu.Unlock()
			}
		}()
	}
	if _, _, err := runCmd(t, vars, "", "index", "-q", "--rebuild", second); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) && !strings.Contains(stderr.String(), "reloaded") {
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond)
	close(stop)
	wg.Wait()
	if len(failures) > 0 {
		t.Errorf("%d searches failed during the rebuild, e.g. %s", len(failures), failures[0])
	}
	// Every answer counted either the old index or the new one.
	for total := range totals {
		if total != 300 && total != 900 {
			t.Errorf("a search counted %v reports: neither the old (300) nor the new index (900)", total)
		}
	}
	if totals[900] == 0 {
		t.Errorf("the server never answered from the rebuilt index; log:\n%s", stderr.String())
	}
}
