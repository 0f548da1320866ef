// Package seeds embeds newsdesk's default corpus: the seed report the
// product was created from and 291 Wikinews reports (CC BY 2.5; see
// README.md). newsdesk indexes them when no other sources are configured
// and the seeds folder is not on disk.
package seeds

import "embed"

// FS holds the seed reports at its root.
//
//go:embed *.txt *.jsonl
var FS embed.FS
