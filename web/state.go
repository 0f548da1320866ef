package web

import (
	"net/url"
	"strconv"
)

// stateParams are the URL parameters that make up a search page's state;
// anything else in the URL is dropped from the links the page makes.
var stateParams = []string{"q", "person", "country", "organization", "not_person", "not_country",
	"not_organization", "person_op", "country_op", "organization_op", "from", "to", "sort", "page", "size",
	"pq", "cq", "oq"}

// state is a search page's state, as URL parameters, and the links that
// change it. Every link resets the page unless it sets one.
type state struct{ v url.Values }

func newState(v url.Values) state {
	s := state{url.Values{}}
	for _, k := range stateParams {
		for _, val := range v[k] {
			if val != "" {
				s.v.Add(k, val)
			}
		}
	}
	return s
}

func (s state) clone() url.Values {
	c := url.Values{}
	for k, vs := range s.v {
		c[k] = append([]string(nil), vs...)
	}
	return c
}

func href(v url.Values) string {
	if len(v) == 0 {
		return "/"
	}
	return "/?" + v.Encode()
}

// has reports whether key holds val.
func (s state) has(key, val string) bool {
	for _, x := range s.v[key] {
		if x == val {
			return true
		}
	}
	return false
}

// with adds val to key (a filter), on page 1.
func (s state) with(key, val string) string {
	v := s.clone()
	v.Del("page")
	if !s.has(key, val) {
		v.Add(key, val)
	}
	return href(v)
}

// without removes val from key, on page 1.
func (s state) without(key, val string) string {
	v := s.clone()
	v.Del("page")
	var keep []string
	for _, x := range v[key] {
		if x != val {
			keep = append(keep, x)
		}
	}
	if len(keep) == 0 {
		v.Del(key)
	} else {
		v[key] = keep
	}
	return href(v)
}

// set replaces key with val ("" removes it); setting anything but the
// page returns to page 1.
func (s state) set(key, val string) string {
	v := s.clone()
	if key != "page" {
		v.Del("page")
	}
	if val == "" {
		v.Del(key)
	} else {
		v.Set(key, val)
	}
	return href(v)
}

// page links to page n.
func (s state) page(n int) string {
	if n <= 1 {
		return s.set("page", "")
	}
	return s.set("page", strconv.Itoa(n))
}

// clear keeps only the query.
func (s state) clear() string {
	v := url.Values{}
	if q := s.v.Get("q"); q != "" {
		v.Set("q", q)
	}
	return href(v)
}
