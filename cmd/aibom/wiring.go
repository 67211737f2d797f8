package main

import (
	"log/slog"
	"net/http"
	"strings"

	"github.com/aibom/aibom/sbom"
	"github.com/aibom/aibom/scanner/httpx"
	"github.com/aibom/aibom/scanner/hub"
	"github.com/aibom/aibom/scanner/hub/github"
	"github.com/aibom/aibom/scanner/hub/huggingface"
	"github.com/aibom/aibom/scanner/hub/modelscope"
	"github.com/aibom/aibom/scanner/hub/ollama"
	"github.com/aibom/aibom/scanner/resolve"
)

// logger writes diagnostics to stderr (never stdout, which carries the
// report): warnings by default, errors only with -q, more with -v, hub
// requests and cache use with -vv.
func (a *app) logger() *slog.Logger {
	level := slog.LevelWarn
	switch {
	case a.quiet:
		level = slog.LevelError
	case a.verbose >= 2:
		level = slog.LevelDebug
	case a.verbose == 1:
		level = slog.LevelInfo
	}
	return slog.New(slog.NewTextHandler(a.stderr, &slog.HandlerOptions{Level: level}))
}

// hubClients builds one client per hub over one shared HTTP layer, with
// endpoints and tokens from the environment only. Offline, the HTTP layer
// answers from its cache and never dials. transport, when not nil, is the
// HTTP layer's base round tripper (the audit counts rate-limit answers
// through it). maxRequests bounds the round trips of the layer's life
// (0: httpx's default, sized for one scan; negative: none, for an audit
// whose one layer serves every repository).
func (a *app) hubClients(cfg Config, transport http.RoundTripper, maxRequests int) (map[string]hub.Client, error) {
	for _, k := range []string{"HF_ENDPOINT", "MODELSCOPE_ENDPOINT", "GITHUB_API_URL"} {
		if v := strings.TrimSpace(a.getenv(k)); v != "" {
			if _, err := httpx.Endpoint(v, ""); err != nil {
				return nil, usagef("%s: %v", k, err)
			}
		}
	}
	h := httpx.New(httpx.Config{
		CacheDir:  cfg.CacheDir,
		Offline:   cfg.Offline,
		UserAgent: "aibom/" + a.version(),
		Logger:    a.logger(),
		Transport: transport,
		// --concurrency is the requests in flight to one hub (GitHub keeps
		// its own lower limit).
		PerHost:     cfg.Concurrency,
		MaxRequests: maxRequests,
		Sanitizer:   a.sanitizer(),
	})
	var ollamaHTTP *http.Client
	if !cfg.Offline {
		// Registry blobs redirect to a CDN; no token rides on these requests.
		ollamaHTTP = h.HTTPClient(httpx.RequestOptions{FollowOtherHosts: true})
	}
	return map[string]hub.Client{
		sbom.HubHuggingFace: huggingface.New(h, huggingface.OptionsFromEnv(a.getenv)),
		sbom.HubModelScope:  modelscope.New(h, modelscope.OptionsFromEnv(a.getenv)),
		sbom.HubGitHub:      github.New(h, github.OptionsFromEnv(a.getenv)),
		sbom.HubOllama:      ollama.New(ollama.Options{HTTP: ollamaHTTP}),
	}, nil
}

// sanitizer knows every hub credential the process holds, so that none
// reaches a report, a log line or the cache whatever a hub echoes back.
func (a *app) sanitizer() *sbom.Sanitizer {
	return sbom.NewSanitizer(
		huggingface.OptionsFromEnv(a.getenv).Token,
		strings.TrimSpace(a.getenv("HF_TOKEN")),
		strings.TrimSpace(a.getenv("HUGGING_FACE_HUB_TOKEN")),
		modelscope.OptionsFromEnv(a.getenv).Token,
		github.OptionsFromEnv(a.getenv).Token,
	)
}

// maxDepth maps --max-depth to the resolver's bound: 0 follows no
// ancestor (resolve.NoAncestors), where the resolver's zero means its
// default.
func maxDepth(n int) int {
	if n == 0 {
		return resolve.NoAncestors
	}
	return n
}
