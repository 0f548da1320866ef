package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/newsdesk/newsdesk/index/actors"
	"github.com/newsdesk/newsdesk/search"
)

// searchPage is what the search page shows.
type searchPage struct {
	base
	Sort        string
	From, To    string
	Result      *search.Result
	Hits        []hitView
	Active      []chip // filters in force, each removable
	ClearURL    string
	Panels      []panel
	Suggestions []chip // for an empty result: filters to remove
	Pager       pager
	SortURLs    map[string]string
	Hidden      []hidden // the state, for the no-JavaScript facet search forms
}

// base is what every page's layout shows: the title and the search box,
// with an error message next to it when the query is malformed.
type base struct {
	Title string
	Query string
	Error string
}

// chip is a filter: its label and the link that removes (or adds) it.
type chip struct {
	Label string
	Kind  string // person, country, organization
	Not   bool
	URL   string
}

// hidden is a form field that carries the state.
type hidden struct{ Name, Value string }

// hitView is a result card.
type hitView struct {
	search.Hit
	URL    string
	Actors []chip
}

// panel is a facet panel: values in force (pinned on top), values
// excluded, then the top values of the results.
type panel struct {
	Kind     string // people, countries, organizations
	Title    string
	Param    string // person, country, organization
	Search   string // the facet search box's parameter (pq, cq, oq)
	Filter   string // what was typed in it
	Selected []facetItem
	Excluded []facetItem
	Values   []facetItem
}

// facetItem is one value in a panel.
type facetItem struct {
	Label      string
	Count      int
	AddURL     string
	ExcludeURL string
	RemoveURL  string
}

// pager links to the neighbouring pages.
type pager struct {
	Page, Pages int
	Prev, Next  string
	Links       []pageLink
}

type pageLink struct {
	N       int
	URL     string
	Current bool
}

var panelKinds = []struct{ kind, title, param, search string }{
	{search.KindPeople, "People", "person", "pq"},
	{search.KindCountries, "Countries", "country", "cq"},
	{search.KindOrganizations, "Organisations", "organization", "oq"},
}

// handleSearchPage serves GET /: the search box, results and facets.
func (s *Server) handleSearchPage(c echo.Context) error {
	st := newState(c.QueryParams())
	page := &searchPage{base: base{Title: "newsdesk", Query: st.v.Get("q")}, Sort: st.v.Get("sort"),
		From: st.v.Get("from"), To: st.v.Get("to"), ClearURL: st.clear()}
	for _, k := range stateParams {
		for _, v := range st.v[k] {
			page.Hidden = append(page.Hidden, hidden{k, v})
		}
	}
	req, err := search.Parse(st.v, s.searcher.Config())
	status := http.StatusOK
	if err == nil {
		page.Result, err = s.searcher.Run(c.Request().Context(), req)
	}
	if err != nil {
		if !errors.Is(err, search.ErrBadRequest) {
			return err
		}
		page.Error, status = err.Error(), http.StatusBadRequest
		return s.pages.render(c, status, "search", page)
	}
	if page.Sort == "" {
		page.Sort = req.Sort
	}
	if page.Query != "" {
		page.Title = page.Query + " - newsdesk"
	}
	page.Active = activeFilters(st, req)
	page.Hits = hitViews(st, page.Result)
	if page.Panels, err = s.panels(c, st, req, page.Result); err != nil {
		return err
	}
	if page.Result.Total == 0 {
		page.Suggestions = page.Active
	}
	page.Pager = newPager(st, req.Page, req.Size, page.Result.Total, s.searcher.Config().MaxPage)
	page.SortURLs = map[string]string{search.SortRelevance: st.set("sort", search.SortRelevance),
		search.SortDate: st.set("sort", search.SortDate)}
	return s.pages.render(c, status, "search", page)
}

// label is how a filter value reads: country codes by name.
func label(param, value string) string {
	if strings.HasSuffix(param, "country") {
		return countryLabel(value)
	}
	return value
}

func activeFilters(st state, req search.Request) []chip {
	var out []chip
	for _, p := range panelKinds {
		for _, v := range st.v[p.param] {
			out = append(out, chip{Label: label(p.param, v), Kind: p.param, URL: st.without(p.param, v)})
		}
		for _, v := range st.v["not_"+p.param] {
			out = append(out, chip{Label: label(p.param, v), Kind: p.param, Not: true, URL: st.without("not_"+p.param, v)})
		}
	}
	for _, k := range []string{"from", "to"} {
		if v := st.v.Get(k); v != "" {
			out = append(out, chip{Label: k + " " + v, Kind: "date", URL: st.set(k, "")})
		}
	}
	return out
}

func hitViews(st state, res *search.Result) []hitView {
	out := make([]hitView, 0, len(res.Hits))
	for _, h := range res.Hits {
		v := hitView{Hit: h, URL: reportURL(h.ID, st.v.Get("q"))}
		people, countries, orgs := actorChips(st, h.People, h.Countries, h.Organizations)
		v.Actors = append(append(people, countries...), orgs...)
		out = append(out, v)
	}
	return out
}

// panels builds the three facet panels. A panel whose search box holds
// text lists the matching values of the whole result set instead of its
// top values.
func (s *Server) panels(c echo.Context, st state, req search.Request, res *search.Result) ([]panel, error) {
	top := map[string][]search.Facet{search.KindPeople: res.Facets.People,
		search.KindCountries: res.Facets.Countries, search.KindOrganizations: res.Facets.Organizations}
	var out []panel
	for _, k := range panelKinds {
		p := panel{Kind: k.kind, Title: k.title, Param: k.param, Search: k.search, Filter: st.v.Get(k.search)}
		values := top[k.kind]
		if p.Filter != "" {
			var err error
			values, err = s.searcher.FacetValues(c.Request().Context(), req, k.kind, p.Filter, s.searcher.Config().FacetSize)
			if err != nil {
				return nil, err
			}
		}
		for _, v := range st.v[k.param] {
			p.Selected = append(p.Selected, facetItem{Label: label(k.param, v), RemoveURL: st.without(k.param, v)})
		}
		for _, v := range st.v["not_"+k.param] {
			p.Excluded = append(p.Excluded, facetItem{Label: label(k.param, v), RemoveURL: st.without("not_"+k.param, v)})
		}
		for _, f := range values {
			value := f.Value
			if f.Code != "" {
				value = f.Code
			}
			if st.has(k.param, value) {
				continue // pinned above
			}
			p.Values = append(p.Values, facetItem{Label: f.Value, Count: f.Count,
				AddURL: st.with(k.param, value), ExcludeURL: st.with("not_"+k.param, value)})
		}
		out = append(out, p)
	}
	return out, nil
}

func newPager(st state, page, size int, total uint64, maxPage int) pager {
	pages := int((total + uint64(size) - 1) / uint64(size))
	pages = min(pages, maxPage)
	p := pager{Page: page, Pages: pages}
	if page > 1 {
		p.Prev = st.page(page - 1)
	}
	if page < pages {
		p.Next = st.page(page + 1)
	}
	for n := max(1, page-3); n <= min(pages, page+3); n++ {
		p.Links = append(p.Links, pageLink{N: n, URL: st.page(n), Current: n == page})
	}
	return p
}

// countryLabel names a country code for display.
func countryLabel(code string) string {
	if name := search.CountryName(code); name != "" {
		return name
	}
	return code
}

// actorChips are links that add a report's actors as filters to st.
func actorChips(st state, people []string, countries []actors.Country, orgs []string) (p, c, o []chip) {
	for _, n := range people {
		p = append(p, chip{Label: n, Kind: "person", URL: st.with("person", n)})
	}
	for _, x := range countries {
		c = append(c, chip{Label: x.Name, Kind: "country", URL: st.with("country", x.Code)})
	}
	for _, n := range orgs {
		o = append(o, chip{Label: n, Kind: "organization", URL: st.with("organization", n)})
	}
	return p, c, o
}
