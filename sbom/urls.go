package sbom

import (
	"cmp"
	"net/url"
	"strings"
)

// IsAPI reports whether models on hub are reached only through a
// provider's API (openai, anthropic, …): every hub that is not a model
// repository or a local file.
func IsAPI(hub string) bool {
	switch hub {
	case HubHuggingFace, HubModelScope, HubGitHub, HubOllama, HubLocal, "":
		return false
	}
	return true
}

// HubURL is the web address of a model or dataset on its hub, or of one
// file in it at a revision when file is set; "" for local and API models
// and where the hub has no such page.
func HubURL(hub, id, rev string, dataset bool, file string) string {
	if id == "" {
		return ""
	}
	p := EscapePath(id)
	switch hub {
	case HubHuggingFace:
		base := "https://huggingface.co/" + p
		if dataset {
			base = "https://huggingface.co/datasets/" + p
		}
		if file != "" {
			return base + "/blob/" + url.PathEscape(cmp.Or(rev, "main")) + "/" + EscapePath(file)
		}
		return base
	case HubModelScope:
		base := "https://modelscope.cn/models/" + p
		if dataset {
			base = "https://modelscope.cn/datasets/" + p
		}
		if file != "" {
			return base + "/file/view/" + url.PathEscape(cmp.Or(rev, "master")) + "/" + EscapePath(file)
		}
		return base
	case HubGitHub:
		if file != "" {
			return "https://github.com/" + p + "/blob/" + url.PathEscape(cmp.Or(rev, "HEAD")) + "/" + EscapePath(file)
		}
		return "https://github.com/" + p
	case HubOllama:
		if file != "" {
			return ""
		}
		name, _, _ := strings.Cut(id, ":")
		if strings.Contains(name, "/") {
			return "https://ollama.com/" + EscapePath(name)
		}
		return "https://ollama.com/library/" + url.PathEscape(name)
	}
	return ""
}

// EscapePath percent-encodes each /-separated segment, so an id with
// spaces, pipes or angle brackets still yields a valid URI.
func EscapePath(id string) string {
	seg := strings.Split(id, "/")
	for i, s := range seg {
		seg[i] = url.PathEscape(s)
	}
	return strings.Join(seg, "/")
}

// HTTPURL returns u when it is an absolute http(s) URL, else "": links
// from model cards may be anything (javascript:, relative paths).
func HTTPURL(u string) string {
	p, err := url.Parse(strings.TrimSpace(u))
	if err != nil || (p.Scheme != "https" && p.Scheme != "http") || p.Host == "" {
		return ""
	}
	return p.String()
}

// Purl is the package URL of a model: pkg:huggingface/org/name@rev or
// pkg:github/owner/repo@rev (GitHub names are case-insensitive, so
// lower-cased); "" for other hubs, API models and local files.
func Purl(hub, id, rev string) string {
	var p string
	switch hub {
	case HubHuggingFace:
		p = "pkg:huggingface/" + EscapePath(id)
	case HubGitHub:
		p = "pkg:github/" + EscapePath(strings.ToLower(id))
	default:
		return ""
	}
	if rev != "" {
		p += "@" + url.PathEscape(rev)
	}
	return p
}
