package licenses

import (
	"regexp"
	"strings"
)

// OpennessInput is what the hub and the catalog say about one model.
type OpennessInput struct {
	License   License  // the effective license (catalog entry or extracted terms)
	Gated     bool     // the hub requires accepting terms before download
	API       bool     // reachable only through a provider API (no weights)
	HasCard   bool     // the repository has a model card (README)
	CardText  []byte   // the model card, when read
	Tags      []string // hub tags ("arxiv:2307.09288", "dataset:…", "license:…")
	Datasets  []string // training datasets declared in the card metadata
	FileNames []string // files in the repository
}

// Values of the openness dimensions.
const (
	OpenOpen    = "open"
	OpenPartial = "partial"
	OpenClosed  = "closed"
	OpenGated   = "gated"
	OpenUnknown = "unknown"
)

// Values of Openness.LicenseClass.
const (
	ClassOSI            = "osi-open-source"
	ClassOpenWeights    = "open-weights-restricted"
	ClassNonCommercial  = "non-commercial"
	ClassProprietary    = "proprietary"
	ClassLicenseUnknown = "unknown"
)

// maxCardBytes caps how much of a model card the openness rules read.
const maxCardBytes = 512 << 10

var (
	reArxiv        = regexp.MustCompile(`(?i)arxiv\.org/(abs|pdf)/\d{4}\.\d{4,5}|\barxiv:\s?\d{4}\.\d{4,5}`)
	rePaperLink    = regexp.MustCompile(`(?i)(openreview\.net/forum|aclanthology\.org/|proceedings\.(mlr|neurips)|doi\.org/10\.)`)
	reTechReport   = regexp.MustCompile(`(?i)technical report|tech(nical)? blog|model report|system card|white ?paper`)
	reGitHubRepo   = regexp.MustCompile(`(?i)github\.com/[\w.-]+/[\w.-]+`)
	reTrainingCode = regexp.MustCompile(`(?i)(training|pre-?training|fine-?tuning|finetuning|reproduc\w*)\s+(code|scripts?|recipes?|pipeline|framework)|code\s+(for|to)\s+(train|reproduce)`)
	reDataSection  = regexp.MustCompile(`(?i)(training data|pre-?training data|trained on|data mixture|training corpus|datasets? used)`)
	reDataUndiscl  = regexp.MustCompile(`(?i)(publicly available (sources|data)|proprietary data|undisclosed|a mix of|licensed data|publicly available online data|not (be )?(released|disclosed|public))`)
	reCardBody     = regexp.MustCompile(`(?i)(intended use|limitations|bias|evaluation|training (details|procedure|data)|how to use|usage)`)
)

// OpennessOf derives a model's openness profile from hub facts and its
// license. The dimensions and grades follow the European Open Source AI
// Index (Liesenfeld & Dingemanse) and the LF AI & Data Model Openness
// Framework; docs/terms.md gives the rules. A dimension aibom has no
// evidence for is "unknown", never "open".
func OpennessOf(in OpennessInput) Openness {
	card := in.CardText
	if len(card) > maxCardBytes {
		card = card[:maxCardBytes]
	}
	o := Openness{
		Weights:      weightsOpenness(in),
		LicenseClass: licenseClass(in.License),
		TrainingCode: OpenUnknown,
		TrainingData: OpenUnknown,
		ModelCard:    OpenUnknown,
		Paper:        OpenUnknown,
	}
	if in.API {
		// A closed API model: nothing but the service is published unless
		// the card says otherwise; with no card there is no evidence.
		o.TrainingCode, o.TrainingData = OpenClosed, OpenClosed
	}

	// Paper: an arXiv id in the tags or card, or a peer-reviewed venue link,
	// is a paper; only a technical report or blog is partial.
	switch {
	case hasTagPrefix(in.Tags, "arxiv:") || reArxiv.Match(card) || rePaperLink.Match(card):
		o.Paper = OpenOpen
	case reTechReport.Match(card):
		o.Paper = OpenPartial
	case in.HasCard && len(card) > 0:
		o.Paper = OpenClosed
	}

	// Model card: present with substantive sections is open; a stub is
	// partial; absent is closed (when we know it is absent).
	switch {
	case in.HasCard && len(card) >= 1000 && len(reCardBody.FindAll(card, 3)) >= 2:
		o.ModelCard = OpenOpen
	case in.HasCard:
		o.ModelCard = OpenPartial
	case !in.API && (len(in.FileNames) > 0 || len(in.Tags) > 0):
		o.ModelCard = OpenClosed
	}

	// Training code: a training script in the repository, or the card
	// pointing at training/fine-tuning code on GitHub.
	switch {
	case hasTrainingScript(in.FileNames):
		o.TrainingCode = OpenOpen
	case reTrainingCode.Match(card) && reGitHubRepo.Match(card):
		o.TrainingCode = OpenOpen
	case reGitHubRepo.Match(card):
		// A code repository exists but may hold only inference code.
		o.TrainingCode = OpenPartial
	case in.HasCard && len(card) > 0:
		o.TrainingCode = OpenClosed
	}

	// Training data: named datasets are at least partial; the card
	// describing its data only vaguely ("publicly available sources") is
	// closed; nothing said is unknown.
	datasets := len(in.Datasets) > 0 || hasTagPrefix(in.Tags, "dataset:")
	switch {
	case datasets && !reDataUndiscl.Match(card):
		o.TrainingData = OpenPartial
		if len(in.Datasets) > 0 && allPublicDatasets(in.Datasets) && o.TrainingCode == OpenOpen {
			o.TrainingData = OpenOpen
		}
	case datasets:
		o.TrainingData = OpenPartial
	case reDataSection.Match(card) && reDataUndiscl.Match(card):
		o.TrainingData = OpenClosed
	case reDataSection.Match(card):
		o.TrainingData = OpenPartial
	}
	return o
}

func weightsOpenness(in OpennessInput) string {
	switch {
	case in.API:
		return OpenClosed
	case in.Gated:
		return OpenGated
	case len(in.FileNames) > 0 || in.HasCard:
		return OpenOpen
	}
	return OpenUnknown
}

// licenseClass maps a license's category and terms to the openness license
// class. Terms take precedence over a permissive-looking category: a license
// that prohibits commercial use is non-commercial whatever it is called.
func licenseClass(l License) string {
	switch l.Terms.CommercialUse {
	case Prohibited:
		return ClassNonCommercial
	}
	if l.Terms.ResearchOnly || l.Terms.EvaluationOnly {
		return ClassNonCommercial
	}
	switch l.Category {
	case CategoryPermissive, CategoryCopyleft:
		if l.Terms.UseRestrictions || l.Terms.CommercialUse == Conditional || l.Terms.OutputRestriction {
			return ClassOpenWeights
		}
		// Only SPDX-listed software licenses count as OSI-style open
		// source; a LicenseRef- id is a modified or custom text.
		if l.SPDXID == "" || strings.HasPrefix(l.SPDXID, "LicenseRef-") {
			return ClassOpenWeights
		}
		return ClassOSI
	case CategoryOpenWeights:
		return ClassOpenWeights
	case CategoryNonCommercial:
		return ClassNonCommercial
	case CategoryProprietary:
		return ClassProprietary
	}
	return ClassLicenseUnknown
}

func hasTagPrefix(tags []string, prefix string) bool {
	for _, t := range tags {
		if strings.HasPrefix(strings.ToLower(t), prefix) {
			return true
		}
	}
	return false
}

// hasTrainingScript reports a training entry point among the repository's
// files (train.py, finetune.sh, scripts/train_*.py, a training config).
func hasTrainingScript(files []string) bool {
	for _, f := range files {
		base := strings.ToLower(f)
		if i := strings.LastIndexByte(base, '/'); i >= 0 {
			base = base[i+1:]
		}
		if !(strings.HasSuffix(base, ".py") || strings.HasSuffix(base, ".sh") || strings.HasSuffix(base, ".yaml") || strings.HasSuffix(base, ".yml")) {
			continue
		}
		for _, p := range []string{"train", "finetune", "fine_tune", "pretrain", "sft", "dpo"} {
			if strings.HasPrefix(base, p) {
				return true
			}
		}
	}
	return false
}

// allPublicDatasets reports whether every declared dataset is a Hub dataset
// id (owner/name or a bare Hub name), i.e. something a reader can fetch,
// rather than a prose description.
func allPublicDatasets(ds []string) bool {
	for _, d := range ds {
		if d == "" || strings.ContainsAny(d, " \t") {
			return false
		}
	}
	return true
}
