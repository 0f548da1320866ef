package search

import (
	"container/list"
	"fmt"
	"sync"
)

// cache keeps the results of recent searches, least recently used out.
// It is emptied whenever the index changes (Swap), so it never serves a
// result of an index that is gone. Results are shared: callers must not
// change them.
type cache struct {
	mu    sync.Mutex
	size  int
	order *list.List // of *cacheEntry, most recent first
	byKey map[string]*list.Element
}

type cacheEntry struct {
	key string
	res *Result
}

func newCache(size int) *cache {
	if size <= 0 {
		return nil
	}
	return &cache{size: size, order: list.New(), byKey: map[string]*list.Element{}}
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
	if e, ok := c.byKey[key]; ok {
		e.Value.(*cacheEntry).res = res
		c.order.MoveToFront(e)
		return
	}
	c.byKey[key] = c.order.PushFront(&cacheEntry{key, res})
	if c.order.Len() > c.size {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.byKey, last.Value.(*cacheEntry).key)
	}
}

func (c *cache) clear() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.order.Init()
	c.byKey = map[string]*list.Element{}
}
