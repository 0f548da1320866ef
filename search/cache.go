package search

import (
	"container/list"
	"fmt"
	"sync"
)

// cache keeps the results of recent searches, least recently used out,
// at most size of them and at most maxBytes of memory as bytesOf
// estimates it. It is emptied whenever the index changes (Swap), so it
// never serves a result of an index that is gone. Results are shared:
// callers must not change them.
type cache struct {
	mu       sync.Mutex
	size     int
	maxBytes int
	bytes    int
	order    *list.List // of *cacheEntry, most recent first
	byKey    map[string]*list.Element
}

type cacheEntry struct {
	key   string
	res   *Result
	bytes int
}

func newCache(size, maxBytes int) *cache {
	if size <= 0 || maxBytes <= 0 {
		return nil
	}
	return &cache{size: size, maxBytes: maxBytes, order: list.New(), byKey: map[string]*list.Element{}}
}

// bytesOf estimates the memory a cached result holds: its text, and a
// rough figure for each object around it.
func bytesOf(key string, r *Result) int {
	const object = 64
	n := 4*object + len(key) + len(r.Query)
	for _, h := range r.Hits {
		n += 6*object + len(h.ID) + len(h.Title) + len(h.Place) + len(h.Source) + len(h.URL) + len(h.License) +
			len(h.Attribution)
		for _, s := range h.Snippets {
			for _, p := range s {
				n += object/2 + len(p.Text)
			}
		}
		for _, v := range append(h.People, h.Organizations...) {
			n += object/4 + len(v)
		}
		for _, c := range h.Countries {
			n += object/2 + len(c.Code) + len(c.Name)
		}
	}
	for _, fs := range [][]Facet{r.Facets.People, r.Facets.Countries, r.Facets.Organizations} {
		for _, f := range fs {
			n += object/2 + len(f.Value) + len(f.Code)
		}
	}
	return n
}

// cacheKey identifies a request: every field that changes the result.
func cacheKey(r Request) string {
	return fmt.Sprintf("%q|%q|%q|%q|%v%v%v|%q|%q|%q|%d|%d|%s|%d|%d", r.Query, r.People, r.Countries, r.Organizations,
		r.AnyPeople, r.AnyCountries, r.AnyOrganizations, r.NotPeople, r.NotCountries, r.NotOrganizations,
		r.From.UnixNano(), r.To.UnixNano(), r.Sort, r.Page, r.Size)
}

func (c *cache) get(key string) (*Result, bool) {
	if c == nil {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.byKey[key]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(e)
	return e.Value.(*cacheEntry).res, true
}

func (c *cache) put(key string, res *Result) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	n := bytesOf(key, res)
	if n > c.maxBytes/4 {
		return // one result would crowd out too many others
	}
	if e, ok := c.byKey[key]; ok {
		c.remove(e)
	}
	c.byKey[key] = c.order.PushFront(&cacheEntry{key, res, n})
	c.bytes += n
	for c.order.Len() > c.size || c.bytes > c.maxBytes {
		c.remove(c.order.Back())
	}
}

func (c *cache) remove(e *list.Element) {
	entry := c.order.Remove(e).(*cacheEntry)
	delete(c.byKey, entry.key)
	c.bytes -= entry.bytes
}

func (c *cache) clear() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.order.Init()
	c.byKey = map[string]*list.Element{}
	c.bytes = 0
}
