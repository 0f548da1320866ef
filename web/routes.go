package web

func (s *Server) routes() {
	e := s.echo
	e.GET("/", s.handleSearchPage)                  // the search page: box, results, facets
	e.GET("/reports/:id", s.handleReportPage)       // one report, query terms and actor mentions marked
	e.GET("/static/*", staticHandler())             // embedded CSS and JavaScript
	e.GET("/healthz", s.handleHealth)               // 200 when the index is open and answers
	e.GET("/api/search", s.handleSearch)            // search with filters, facets and snippets
	e.GET("/api/reports/:id", s.handleReport)       // one whole report with its actors
	e.GET("/api/facets/:kind", s.handleFacetSearch) // facet values matching a prefix, for the facet search box
	e.GET("/api/openapi.yaml", s.handleOpenAPI)     // the OpenAPI 3 document of this API
}
