package main

import (
	"runtime/metrics"
	"testing"
)

// gcSettings reads Go's garbage collector target and memory limit.
func gcSettings() (percent, limit uint64) {
	s := []metrics.Sample{{Name: "/gc/gogc:percent"}, {Name: "/gc/gomemlimit:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64(), s[1].Value.Uint64()
}

// TestIndexingMemory: while indexing, the heap may grow to index.memory_mb
// before the collector runs; after, Go's settings are back (a server that
// built its index does not keep them), and a GOGC or GOMEMLIMIT the user
// set, or memory_mb 0, leaves them alone.
func TestIndexingMemory(t *testing.T) {
	percent, limit := gcSettings()
	restore := indexingMemory(256, environment(nil))
	p, l := gcSettings()
	restore()
	if l != 256<<20 || p <= percent {
		t.Errorf("while indexing: GOGC %d, limit %d; want more than %d and %d", p, l, percent, 256<<20)
	}
	if p, l := gcSettings(); p != percent || l != limit {
		t.Errorf("after: GOGC %d, limit %d; want %d and %d back", p, l, percent, limit)
	}
	for name, env := range map[string]map[string]string{"GOGC set": {"GOGC": "50"}, "GOMEMLIMIT set": {"GOMEMLIMIT": "1GiB"}} {
		restore := indexingMemory(256, environment(env))
		if p, l := gcSettings(); p != percent || l != limit {
			t.Errorf("%s: GOGC %d, limit %d; want them untouched", name, p, l)
		}
		restore()
	}
	restore = indexingMemory(0, environment(nil))
	if p, l := gcSettings(); p != percent || l != limit {
		t.Errorf("memory_mb 0: GOGC %d, limit %d; want them untouched", p, l)
	}
	restore()
}
