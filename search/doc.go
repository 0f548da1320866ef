// Package search is the read side of newsdesk: it parses a search request
// (Parse), turns it into a Bleve search (Build), runs it, and maps Bleve's
// result to newsdesk's own types (Result, Hit, Facet, Snippet), which feed
// both the JSON API and the pages. It has no HTTP in it.
package search
