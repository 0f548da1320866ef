package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"strings"
	"time"

	"github.com/spf13/pflag"
	"github.com/spf13/viper"

	"github.com/newsdesk/newsdesk/search"
	"github.com/newsdesk/newsdesk/web"
)

// Config is newsdesk's configuration: config.yaml, then NEWSDESK_*
// environment variables, then flags. Each key is documented in the README.
type Config struct {
	Server  ServerConfig `mapstructure:"server"`
	Index   IndexConfig  `mapstructure:"index"`
	Sources []string     `mapstructure:"sources"`
	Search  SearchConfig `mapstructure:"search"`
	Log     LogConfig    `mapstructure:"log"`
}

// ServerConfig configures "serve".
type ServerConfig struct {
	Addr           string        `mapstructure:"addr"`
	RequestTimeout time.Duration `mapstructure:"request_timeout"`
	ReadTimeout    time.Duration `mapstructure:"read_timeout"`
	WriteTimeout   time.Duration `mapstructure:"write_timeout"`
	IdleTimeout    time.Duration `mapstructure:"idle_timeout"`
	ReloadInterval time.Duration `mapstructure:"reload_interval"`
}

// IndexConfig configures the index.
type IndexConfig struct {
	Path           string `mapstructure:"path"`
	BatchSize      int    `mapstructure:"batch_size"`
	MaxReportBytes int    `mapstructure:"max_report_bytes"`
	RebuildDamaged bool   `mapstructure:"rebuild_damaged"`
	MemoryMB       int    `mapstructure:"memory_mb"`
}

// SearchConfig configures searches.
type SearchConfig struct {
	DefaultSize    int  `mapstructure:"default_size"`
	MaxSize        int  `mapstructure:"max_size"`
	MaxPage        int  `mapstructure:"max_page"`
	FacetSize      int  `mapstructure:"facet_size"`
	Snippets       int  `mapstructure:"snippets"`
	SnippetLength  int  `mapstructure:"snippet_length"`
	MaxQueryLength int  `mapstructure:"max_query_length"`
	MaxFilters     int  `mapstructure:"max_filters"`
	MaxTerms       int  `mapstructure:"max_terms"`
	Cache          bool `mapstructure:"cache"`
	CacheSize      int  `mapstructure:"cache_size"`
	CacheMB        int  `mapstructure:"cache_mb"`
}

// LogConfig configures logging.
type LogConfig struct {
	Level  string `mapstructure:"level"`
	Format string `mapstructure:"format"`
}

// defaults are the values used when neither the file, the environment nor
// a flag sets a key. Every key must be here so that NEWSDESK_* variables
// are seen (Viper only maps the environment for keys it knows).
var defaults = map[string]any{
	"server.addr":             "127.0.0.1:8080",
	"server.request_timeout":  "10s",
	"server.read_timeout":     "10s",
	"server.write_timeout":    "30s",
	"server.idle_timeout":     "60s",
	"server.reload_interval":  "2s",
	"index.path":              "data/index",
	"index.batch_size":        500,
	"index.max_report_bytes":  10 << 20,
	"index.rebuild_damaged":   false,
	"index.memory_mb":         384,
	"sources":                 []string{"seeds"},
	"search.default_size":     search.DefaultConfig.DefaultSize,
	"search.max_size":         search.DefaultConfig.MaxSize,
	"search.max_page":         search.DefaultConfig.MaxPage,
	"search.facet_size":       search.DefaultConfig.FacetSize,
	"search.snippets":         search.DefaultConfig.Snippets,
	"search.snippet_length":   search.DefaultConfig.SnippetLength,
	"search.max_query_length": search.DefaultConfig.MaxQueryLength,
	"search.max_filters":      search.DefaultConfig.MaxFilters,
	"search.max_terms":        search.DefaultConfig.MaxTerms,
	"search.cache":            true,
	"search.cache_size":       1000,
	"search.cache_mb":         8,
	"log.level":               "info",
	"log.format":              "text",
}

// flagKeys binds command-line flags to configuration keys.
var flagKeys = map[string]string{
	"addr":    "server.addr",
	"index":   "index.path",
	"sources": "sources",
}

// loadConfig reads the configuration. file is the --config flag: when
// empty, config.yaml in the working folder is read if present.
func loadConfig(file string, getenv func(string) string, flags *pflag.FlagSet) (Config, error) {
	v := viper.New()
	for k, val := range defaults {
		v.SetDefault(k, val)
	}
	v.SetEnvPrefix("NEWSDESK")
	v.SetEnvKeyReplacer(strings.NewReplacer(".", "_"))
	// Viper reads os.Getenv itself; bind explicitly so tests can pass
	// their own environment.
	for k := range defaults {
		name := "NEWSDESK_" + strings.ToUpper(strings.ReplaceAll(k, ".", "_"))
		if val := getenv(name); val != "" {
			if k == "sources" {
				v.Set(k, splitList(val))
			} else {
				v.Set(k, val)
			}
		}
	}
	explicit := file != ""
	if file == "" {
		file = "config.yaml"
	}
	v.SetConfigFile(file)
	if err := v.ReadInConfig(); err != nil {
		if explicit || !errors.Is(err, fs.ErrNotExist) {
			return Config{}, fmt.Errorf("config %s: %w", file, err)
		}
	}
	for name, key := range flagKeys {
		if flags == nil {
			break
		}
		if f := flags.Lookup(name); f != nil && f.Changed {
			if key == "sources" {
				v.Set(key, splitList(f.Value.String()))
			} else {
				v.Set(key, f.Value.String())
			}
		}
	}
	var c Config
	if err := v.UnmarshalExact(&c); err != nil {
		return Config{}, fmt.Errorf("config %s: %w", file, err)
	}
	return c, c.validate()
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(strings.Trim(s, "[]"), func(r rune) bool { return r == ',' }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func (c Config) validate() error {
	var errs []error
	if c.Server.Addr == "" {
		errs = append(errs, errors.New("server.addr is empty"))
	}
	if c.Index.Path == "" {
		errs = append(errs, errors.New("index.path is empty"))
	}
	if c.Index.BatchSize < 1 {
		errs = append(errs, errors.New("index.batch_size must be at least 1"))
	}
	if c.Index.MemoryMB < 0 {
		errs = append(errs, errors.New("index.memory_mb must be 0 (Go's defaults) or more"))
	}
	if c.Index.MaxReportBytes < 1024 {
		errs = append(errs, errors.New("index.max_report_bytes must be at least 1024"))
	}
	s := c.Search
	for name, n := range map[string]int{"search.default_size": s.DefaultSize, "search.max_size": s.MaxSize,
		"search.max_page": s.MaxPage, "search.facet_size": s.FacetSize, "search.snippets": s.Snippets,
		"search.snippet_length": s.SnippetLength, "search.max_query_length": s.MaxQueryLength,
		"search.max_filters": s.MaxFilters, "search.max_terms": s.MaxTerms, "search.cache_size": s.CacheSize,
		"search.cache_mb": s.CacheMB} {
		if n < 1 {
			errs = append(errs, fmt.Errorf("%s must be at least 1", name))
		}
	}
	if s.DefaultSize > s.MaxSize {
		errs = append(errs, errors.New("search.default_size is larger than search.max_size"))
	}
	if _, err := parseLevel(c.Log.Level); err != nil {
		errs = append(errs, err)
	}
	if c.Log.Format != "text" && c.Log.Format != "json" {
		errs = append(errs, fmt.Errorf("log.format %q is not text or json", c.Log.Format))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("invalid configuration: %w", err)
	}
	return nil
}

func (c Config) searchConfig() search.Config {
	s := c.Search
	sc := search.Config{DefaultSize: s.DefaultSize, MaxSize: s.MaxSize, MaxPage: s.MaxPage,
		FacetSize: s.FacetSize, Snippets: s.Snippets, SnippetLength: s.SnippetLength,
		MaxQueryLength: s.MaxQueryLength, MaxFilters: s.MaxFilters, MaxTerms: s.MaxTerms}
	if s.Cache {
		sc.CacheSize, sc.CacheMB = s.CacheSize, s.CacheMB
	}
	return sc
}

func (c Config) webConfig() web.Config {
	s := c.Server
	return web.Config{Addr: s.Addr, RequestTimeout: s.RequestTimeout, ReadTimeout: s.ReadTimeout,
		WriteTimeout: s.WriteTimeout, IdleTimeout: s.IdleTimeout}
}

func parseLevel(s string) (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(s)); err != nil {
		return l, fmt.Errorf("log.level %q is not debug, info, warn or error", s)
	}
	return l, nil
}

func newLogger(c LogConfig, w io.Writer) *slog.Logger {
	level, _ := parseLevel(c.Level)
	opts := &slog.HandlerOptions{Level: level}
	if c.Format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
