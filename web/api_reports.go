package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// handleReport serves GET /api/reports/{id}.
func (s *Server) handleReport(c echo.Context) error {
	rep, err := s.searcher.Report(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, rep)
}
