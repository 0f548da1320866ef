package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/newsdesk/newsdesk/search"
)

// handleFacetSearch serves GET /api/facets/{kind}?prefix=...: the values
// of one facet over the search given by the other parameters whose name
// has a word starting with prefix. The facet search box uses it.
func (s *Server) handleFacetSearch(c echo.Context) error {
	req, err := search.Parse(c.QueryParams(), s.searcher.Config())
	if err != nil {
		return err
	}
	values, err := s.searcher.FacetValues(c.Request().Context(), req, c.Param("kind"), c.QueryParam("prefix"),
		s.searcher.Config().FacetSize)
	if err != nil {
		return err
	}
	if values == nil {
		values = []search.Facet{}
	}
	return c.JSON(http.StatusOK, map[string]any{"kind": c.Param("kind"), "values": values})
}
