package discover

import "strings"

// classifyShape recognises a value by its shape alone, where nothing around
// it says it holds a model: a name of a bare provider family (GPT_4O =
// "gpt-4o", a list of supported models), a registry name whose shape is
// the registry's own (a Piper voice, a Coqui model name, an Ultralytics
// weight). Hub URLs are the URL extractor's, in every file. Everything
// else needs a context (classify).
func classifyShape(v string) (classified, bool) {
	// Every shape holds a '-', '/' or '.' and is at least four bytes
	// long; most strings of a config file are turned down here.
	if len(v) < 4 || len(v) > 256 || !strings.ContainsAny(v, "-/.") || strings.ContainsAny(v, " \t\n") {
		return classified{}, false
	}
	if hub, id, ok := registryOf(v, nil); ok {
		return classified{hub: hub, id: id, kind: KindModel}, true
	}
	if p, bare := familyOf(v); p != "" && bare {
		return classified{hub: p, id: strings.TrimPrefix(v, "models/"), kind: KindModel}, true
	}
	if c, ok := vendorPrefixed(v); ok {
		return c, true
	}
	return classified{}, false
}

// vendorPrefixed reads a gateway's or router's path to a closed-API model
// ("openai/gpt-4o-mini", "truefoundry/openai-main/gpt-4o-mini",
// "Anthropic/claude-3-opus-20240229"): the last segment is a name of a bare
// family and an earlier segment names that family's provider.
func vendorPrefixed(v string) (classified, bool) {
	i := strings.LastIndexByte(v, '/')
	if i <= 0 || i == len(v)-1 {
		return classified{}, false
	}
	name := v[i+1:]
	p, bare := familyOf(name)
	if p == "" || !bare {
		return classified{}, false
	}
	for _, seg := range strings.Split(v[:i], "/") {
		if vendorOf(seg) == p {
			return classified{hub: p, id: name, kind: KindModel}, true
		}
	}
	return classified{}, false
}

// closedOnlyVendors publish the bare families of their own names on no
// hub: "OpenAI/GPT-5.2-high" or "Google/Gemini-3-Pro-Preview" (a
// leaderboard's display name, a router's label) is neither a repository
// nor, spelled so, an API name. (Moonshot, MiniMax, Qwen publish open
// checkpoints under their API names' shapes: moonshotai/Kimi-K2-Instruct.)
var closedOnlyVendors = map[string]bool{"openai": true, "anthropic": true, "google": true}

// closedVendorFirst holds the first letters of the vendor words
// (vendorWords) of closedOnlyVendors.
var closedVendorFirst = func() (t [256]bool) {
	for w, p := range vendorWords {
		if closedOnlyVendors[p] {
			t[w[0]] = true
		}
	}
	return t
}()

// closedDisplayName reports an owner/name whose owner is such a vendor and
// whose name, lower-cased, is one of the vendor's bare family names
// (vendorPrefixed has already taken the names written as the API spells
// them).
func closedDisplayName(v string) bool {
	owner, name, ok := strings.Cut(v, "/")
	if !ok || strings.Contains(name, "/") || owner == "" {
		return false
	}
	// most owners are turned down by their first letter before vendorOf
	// splits them
	if !closedVendorFirst[lowerASCII(owner[0])] {
		return false
	}
	p := vendorOf(owner)
	if !closedOnlyVendors[p] {
		return false
	}
	fp, bare := familyOf(strings.ToLower(name))
	return fp == p && bare
}

// splitNames are the names of dataset splits, configurations and columns,
// which a dataset key may hold instead of a dataset (dataset_split: train,
// dataset_splits = ["train"], dataset_text_field="messages").
var splitNames = map[string]bool{
	"train": true, "test": true, "validation": true, "valid": true, "val": true, "dev": true, "eval": true,
	"all": true, "default": true, "none": true, "null": true, "true": true, "false": true, "auto": true,
	"evaluation": true, "full": true, "train_sft": true, "test_sft": true, "train_prefs": true, "test_prefs": true,
	"train_gen": true, "test_gen": true, "messages": true, "prompt": true, "completion": true, "chosen": true,
	"rejected": true, "label": true, "labels": true, "content": true,
}

// datasetValueOK rules out what dataset-shaped keys hold besides datasets:
// numbers (dataset_num_proc: 48, mixture weights, a package pin
// DATASETS=2.13.0), split names. classify applies it to every value in a
// dataset's place, with the packaged loaders (dataset_text_field="text").
func datasetValueOK(v string) bool {
	if splitNames[strings.ToLower(v)] || isHexID(v) {
		return false
	}
	for i := 0; i < len(v); i++ {
		if c := v[i]; c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
			return true
		}
	}
	return false
}

// isHexID reports a commit or content hash (seven or more hex digits),
// which is never a model or dataset name.
func isHexID(v string) bool {
	if len(v) < 7 {
		return false
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}
