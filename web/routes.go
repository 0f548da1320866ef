package web

func (s *Server) routes() {
	e := s.echo
	e.GET("/healthz", s.handleHealth)           // 200 when the index is open and answers
	e.GET("/api/search", s.handleSearch)        // search with filters, facets and snippets
	e.GET("/api/reports/:id", s.handleReport)   // one whole report with its actors
	e.GET("/api/openapi.yaml", s.handleOpenAPI) // the OpenAPI 3 document of this API
}
