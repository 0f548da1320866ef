package search

import (
	"fmt"
	"strings"
	"testing"
)

// TestCacheBoundedByMemory: the cache drops its least recently used
// results when they would take more than its memory bound, as well as
// when there are more of them than its size; a result too big for a
// quarter of the bound is not kept at all.
func TestCacheBoundedByMemory(t *testing.T) {
	result := func(text int) *Result {
		return &Result{Hits: []Hit{{ID: "r", Snippets: []Snippet{{{Text: strings.Repeat("x", text)}}}}}}
	}
	c := newCache(100, 40_000)
	for i := range 10 {
		c.put(fmt.Sprint(i), result(5_000))
	}
	if c.bytes > 40_000 {
		t.Errorf("cache holds ~%d bytes, bound 40,000", c.bytes)
	}
	kept := 0
	for i := range 10 {
		if _, ok := c.get(fmt.Sprint(i)); ok {
			kept++
			if i < 3 {
				t.Errorf("result %d kept over newer ones", i)
			}
		}
	}
	if kept < 6 || kept > 7 {
		t.Errorf("kept %d results of ~5 KB under a 40 KB bound, want 6 or 7", kept)
	}
	c.put("big", result(11_000))
	if _, ok := c.get("big"); ok {
		t.Error("a result of over a quarter of the bound was cached")
	}
	c.put("9", result(100)) // replacing an entry counts its new size
	total := 0
	for e := c.order.Front(); e != nil; e = e.Next() {
		total += e.Value.(*cacheEntry).bytes
	}
	if total != c.bytes {
		t.Errorf("bytes %d, entries add up to %d", c.bytes, total)
	}

	byCount := newCache(3, 1<<20)
	for i := range 5 {
		byCount.put(fmt.Sprint(i), result(10))
	}
	if byCount.order.Len() != 3 {
		t.Errorf("%d results kept, size 3", byCount.order.Len())
	}
	if newCache(10, 0) != nil || newCache(0, 1<<20) != nil {
		t.Error("a cache of no size or no memory is not off")
	}
}
