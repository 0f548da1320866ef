// Package web serves newsdesk over HTTP with Echo: the JSON API under
// /api, its OpenAPI document, and /healthz. Handlers are thin: they parse
// with package search, run the search and write search's own types; one
// error handler (errors.go) turns errors into responses.
package web
