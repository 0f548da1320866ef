package main

import (
	"errors"
	"fmt"
	"io/fs"

	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/seeds"
)

// defaultSeeds is the source name that falls back to the embedded seed
// reports when no such folder is on disk (a binary run elsewhere).
const defaultSeeds = "seeds"

// resolveSources turns source paths into index sources.
func resolveSources(paths []string) ([]index.Source, error) {
	if len(paths) == 0 {
		return nil, errors.New("no sources: give files or folders, or set sources in the configuration")
	}
	var out []index.Source
	for _, p := range paths {
		src, err := index.DiskSource(p)
		if errors.Is(err, fs.ErrNotExist) && p == defaultSeeds {
			src, err = index.Source{FS: seeds.FS, Root: ".", Name: "embedded:seeds"}, nil
		}
		if err != nil {
			return nil, err
		}
		out = append(out, src)
	}
	return out, nil
}

// openOrBuild opens the configured index, building it from the configured
// sources first when there is none.
func (e *env) openOrBuild() (*index.Index, error) {
	ix, err := index.Open(e.cfg.Index.Path)
	switch {
	case err == nil:
		return ix, nil
	case errors.Is(err, index.ErrDamaged) && e.cfg.Index.RebuildDamaged:
		e.logger.Warn("the index is damaged; rebuilding it from the sources", "path", e.cfg.Index.Path, "err", err)
	case errors.Is(err, index.ErrNotFound):
		e.logger.Info("no index yet; building it", "path", e.cfg.Index.Path, "sources", e.cfg.Sources)
	default:
		return nil, err
	}
	srcs, err := resolveSources(e.cfg.Sources)
	if err != nil {
		return nil, err
	}
	opts, done := e.indexOptions(false)
	ix, stats, err := index.Rebuild(e.cfg.Index.Path, srcs, opts)
	done()
	if err != nil {
		return nil, fmt.Errorf("build index: %w", err)
	}
	fmt.Fprintln(e.stderr, summary(stats))
	return ix, nil
}
