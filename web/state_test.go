package web

import (
	"net/url"
	"testing"
)

func TestState(t *testing.T) {
	base, _ := url.ParseQuery("q=Taliban&country=RU&page=3&utm_source=x")
	s := newState(base)
	tests := []struct {
		name, got, want string
	}{
		{"unknown parameters are dropped", href(s.v), "/?country=RU&page=3&q=Taliban"},
		{"adding a filter returns to page 1", s.with("person", "Vladimir Putin"), "/?country=RU&person=Vladimir+Putin&q=Taliban"},
		{"adding a filter twice keeps one", s.with("country", "RU"), "/?country=RU&q=Taliban"},
		{"removing a filter", s.without("country", "RU"), "/?q=Taliban"},
		{"sort returns to page 1", s.set("sort", "date"), "/?country=RU&q=Taliban&sort=date"},
		{"paging keeps the rest", s.page(4), "/?country=RU&page=4&q=Taliban"},
		{"page 1 has no page parameter", s.page(1), "/?country=RU&q=Taliban"},
		{"clear all keeps the query", s.clear(), "/?q=Taliban"},
		{"clear all without a query", newState(url.Values{"country": {"RU"}}).clear(), "/"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %s, want %s", tt.name, tt.got, tt.want)
		}
	}
}
