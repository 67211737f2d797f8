package sbom

import (
	"cmp"
	"net/url"
	"path"
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

// GenericPurl is the package URL of a model whose hub has no purl type
// (docs/formats.md, "Package URLs"): pkg:generic/<namespace>/<name>[@version]
// with the hub's registry as the repository_url qualifier.
//
//	modelscope  pkg:generic/<org>/<name>@<rev>?repository_url=modelscope.cn
//	ollama      pkg:generic/<owner or library>/<name>@<tag>?repository_url=registry.ollama.ai
//	API models  pkg:generic/<provider>/<model>          (no registry: reached through an API)
//	local files pkg:generic/<file name>                 (the path is in the location)
//
// It returns "" for hubs that have a purl type (Purl) and for empty ids.
func GenericPurl(hub, id, rev string) string {
	if id == "" {
		return ""
	}
	var ns, name, repo string
	switch hub {
	case HubHuggingFace, HubGitHub:
		return ""
	case HubModelScope:
		ns, name, _ = strings.Cut(id, "/")
		if name == "" {
			ns, name = "", ns
		}
		repo = "modelscope.cn"
	case HubOllama:
		full, tag, _ := strings.Cut(id, ":")
		ns, name = "library", full
		if i := strings.LastIndex(full, "/"); i >= 0 {
			ns, name = full[:i], full[i+1:]
		}
		if rev == "" {
			rev = tag
		}
		repo = "registry.ollama.ai"
	case HubLocal, "":
		name = path.Base(strings.ReplaceAll(id, "\\", "/"))
		rev = ""
	default: // API providers
		ns, name = hub, id
	}
	p := "pkg:generic/"
	if ns != "" {
		p += EscapePath(ns) + "/"
	}
	p += url.PathEscape(name)
	if rev != "" {
		p += "@" + url.PathEscape(rev)
	}
	if repo != "" {
		p += "?repository_url=" + repo
	}
	return p
}

// ComponentPurl is the package URL an SBOM gives a model: its purl where
// its hub has a type, else the GenericPurl form.
func ComponentPurl(m *Model) string {
	if m.Purl != "" {
		return m.Purl
	}
	if p := Purl(m.Hub, m.ID, m.Revision); p != "" {
		return p
	}
	return GenericPurl(m.Hub, m.ID, m.Revision)
}

// DatasetPurl is the package URL of a dataset: pkg:huggingface has no
// dataset form, so every dataset uses pkg:generic with its hub's dataset
// registry (huggingface.co/datasets, modelscope.cn/datasets).
func DatasetPurl(d *Dataset) string {
	if d.ID == "" {
		return ""
	}
	var repo string
	switch d.Hub {
	case HubHuggingFace:
		repo = "huggingface.co/datasets"
	case HubModelScope:
		repo = "modelscope.cn/datasets"
	}
	ns, name, _ := strings.Cut(d.ID, "/")
	p := "pkg:generic/"
	if name == "" {
		name = ns
	} else {
		p += EscapePath(ns) + "/"
	}
	p += url.PathEscape(name)
	if repo != "" {
		p += "?repository_url=" + repo
	}
	return p
}

// FileDownloadURL is where a file of a model repository is downloaded at a
// revision (hub-apis.md: Hugging Face's resolve URL, ModelScope's repo file
// API); "" for other hubs and without a revision, since a URL at a moving
// branch would not be the file whose hash the report holds.
func FileDownloadURL(hub, id, rev, file string) string {
	if id == "" || rev == "" || file == "" {
		return ""
	}
	switch hub {
	case HubHuggingFace:
		return "https://huggingface.co/" + EscapePath(id) + "/resolve/" + url.PathEscape(rev) + "/" + EscapePath(file)
	case HubModelScope:
		return "https://modelscope.cn/api/v1/models/" + EscapePath(id) + "/repo?" +
			url.Values{"Revision": {rev}, "FilePath": {file}}.Encode()
	}
	return ""
}
