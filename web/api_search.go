package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/newsdesk/newsdesk/search"
)

// healthProbe is the cheapest search: count everything, return nothing.
var healthProbe = search.Request{Sort: search.SortRelevance, Page: 1, Size: 1}

// handleSearch serves GET /api/search.
func (s *Server) handleSearch(c echo.Context) error {
	req, err := search.Parse(c.QueryParams(), s.searcher.Config())
	if err != nil {
		return err
	}
	res, err := s.searcher.Run(c.Request().Context(), req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, res)
}
