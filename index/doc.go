// Package index is the write side of newsdesk: it reads news reports from
// files (plain text, JSON Lines, JSON arrays), extracts their actors with
// package actors, and builds or updates the Bleve index. It alone owns the
// Bleve mapping and the field names; package search reads what it writes.
package index
