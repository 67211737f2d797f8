package policies

import (
	"slices"

	"github.com/aibom/aibom/licenses"
	"github.com/aibom/aibom/sbom"
)

// The terms below restate facts from ../shared/corpus/labels.yaml (values
// and the short quotes behind them); TestFixtureQuotesInCorpus checks every
// quote against the license text in ../shared/corpus/licenses.

type fixtureLicense struct {
	lic   sbom.License
	terms *licenses.Terms
	file  string // corpus file the quotes come from, unless a clause names its source
}

func clause(q string) licenses.Clause { return licenses.Clause{Quote: q} }

var (
	llama31 = fixtureLicense{
		lic: sbom.License{Key: "llama3.1", SPDXID: "LicenseRef-scancode-llama-3.1-license-2024", HFID: "llama3.1",
			Name: "Llama 3.1 Community License", Source: "declared", Category: licenses.CategoryOpenWeights},
		file: "llama3.1",
		terms: &licenses.Terms{
			CommercialUse:       licenses.Conditional,
			UserLimit:           &licenses.UserLimit{Count: 700_000_000, Unit: licenses.MonthlyActiveUsers},
			AttributionRequired: true,
			AttributionText:     licenses.Str("Built with Llama"),
			NamingRule:          licenses.Str("Llama"),
			OutputUse:           licenses.OutputConditional,
			UseRestrictions:     true,
			UsePolicy:           licenses.Str("llama3.1-aup"),
			Redistribution:      licenses.Conditional,
			GoverningLaw:        licenses.Str("State of California, USA"),
			Evidence: map[string]licenses.Clause{
				"user_limit":       clause("is greater than 700 million monthly active users in the preceding calendar month, you must request a license from Meta"),
				"attribution_text": clause("prominently display “Built with Llama” on a related website, user interface, blogpost, about page, or product documentation"),
				"naming_rule":      clause("you shall also include “Llama” at the beginning of any such AI model name."),
				"output_use":       clause("If you use the Llama Materials or any outputs or results of the Llama Materials to create, train, fine tune, or otherwise improve an AI model"),
				"redistribution":   clause("(A) provide a copy of this Agreement with any such Llama Materials"),
			},
		},
	}
	llama2 = fixtureLicense{
		lic: sbom.License{Key: "llama2", SPDXID: "LicenseRef-scancode-llama-2-license-2023", HFID: "llama2",
			Name: "Llama 2 Community License", Source: "declared", Category: licenses.CategoryOpenWeights},
		file: "llama2",
		terms: &licenses.Terms{
			CommercialUse:       licenses.Conditional,
			UserLimit:           &licenses.UserLimit{Count: 700_000_000, Unit: licenses.MonthlyActiveUsers},
			AttributionRequired: true,
			OutputRestriction:   true,
			OutputUse:           licenses.OutputBan,
			UseRestrictions:     true,
			UsePolicy:           licenses.Str("llama2-aup"),
			Redistribution:      licenses.Conditional,
			Evidence: map[string]licenses.Clause{
				"output_restriction": clause("You will not use the Llama Materials or any output or results of the Llama Materials to improve any other large language model (excluding Llama 2 or derivative works thereof)."),
			},
		},
	}
	llama3 = fixtureLicense{
		lic: sbom.License{Key: "llama3", SPDXID: "LicenseRef-aibom-llama3", HFID: "llama3",
			Name: "Meta Llama 3 Community License", Source: "inherited", Category: licenses.CategoryOpenWeights},
		file: "llama3",
		terms: &licenses.Terms{
			CommercialUse:       licenses.Conditional,
			UserLimit:           &licenses.UserLimit{Count: 700_000_000, Unit: licenses.MonthlyActiveUsers},
			AttributionRequired: true,
			AttributionText:     licenses.Str("Built with Meta Llama 3"),
			NamingRule:          licenses.Str("Llama 3"),
			OutputRestriction:   true,
			OutputUse:           licenses.OutputBan,
			UseRestrictions:     true,
			UsePolicy:           licenses.Str("llama3-aup"),
			Redistribution:      licenses.Conditional,
			Evidence: map[string]licenses.Clause{
				"user_limit":         clause("is greater than 700 million monthly active users in the preceding calendar month, you must request a license from Meta"),
				"attribution_text":   clause("prominently display “Built with Meta Llama 3” on a related website, user interface, blogpost, about page, or product documentation"),
				"naming_rule":        clause("you shall also include “Llama 3” at the beginning of any such AI model name."),
				"output_restriction": clause("You will not use the Llama Materials or any output or results of the Llama Materials to improve any other large language model (excluding Meta Llama 3 or derivative works thereof)."),
			},
		},
	}
	llama32 = fixtureLicense{
		lic: sbom.License{Key: "llama3.2", SPDXID: "LicenseRef-scancode-llama-3.2-license-2024", HFID: "llama3.2",
			Name: "Llama 3.2 Community License", Source: "declared", Category: licenses.CategoryOpenWeights},
		file: "llama3.2",
		terms: &licenses.Terms{
			CommercialUse:       licenses.Conditional,
			UserLimit:           &licenses.UserLimit{Count: 700_000_000, Unit: licenses.MonthlyActiveUsers},
			AttributionRequired: true,
			AttributionText:     licenses.Str("Built with Llama"),
			NamingRule:          licenses.Str("Llama"),
			UseRestrictions:     true,
			UsePolicy:           licenses.Str("llama3.2-aup"),
			Redistribution:      licenses.Conditional,
			TerritoryExcluded:   []string{"EU"},
			Evidence: map[string]licenses.Clause{
				"user_limit": clause("is greater than 700 million monthly active users in the preceding calendar month, you must request a license from Meta"),
				"territory_excluded": {Source: "llama3.2-aup",
					Quote: "With respect to any multimodal models included in Llama 3.2, the rights granted under Section 1(a) of the Llama 3.2 Community License Agreement are not being granted to you if you are an individual domiciled in"},
			},
		},
	}
	gemma = fixtureLicense{
		lic:  sbom.License{Key: "gemma", SPDXID: "LicenseRef-scancode-gemma-tou-2025-03-24", HFID: "gemma", Name: "Gemma Terms of Use", Source: "declared", Category: licenses.CategoryOpenWeights},
		file: "gemma",
		terms: &licenses.Terms{
			CommercialUse:       licenses.Allowed,
			AttributionRequired: true,
			OutputRestriction:   true,
			OutputUse:           licenses.OutputDerivative,
			UseRestrictions:     true,
			UsePolicy:           licenses.Str("gemma-prohibited-use-policy"),
			Redistribution:      licenses.Conditional,
			Evidence: map[string]licenses.Clause{
				"output_use":     clause("methods based on the generation of synthetic data Outputs by Gemma for training that model"),
				"use_policy":     clause("for the restricted uses set forth in the Gemma Prohibited Use Policy at ai.google.dev/gemma/prohibited_use_policy"),
				"redistribution": clause("You must include the use restrictions referenced in Section 3.2 as an enforceable provision in any agreement"),
			},
		},
	}
	ccByNC = fixtureLicense{
		lic:  sbom.License{Key: "cc-by-nc-4.0", SPDXID: "CC-BY-NC-4.0", HFID: "cc-by-nc-4.0", Name: "Creative Commons Attribution-NonCommercial 4.0 International", Source: "declared", Category: licenses.CategoryNonCommercial},
		file: "cc-by-nc-4.0",
		terms: &licenses.Terms{
			CommercialUse:       licenses.Prohibited,
			AttributionRequired: true,
			Redistribution:      licenses.Conditional,
			Evidence: map[string]licenses.Clause{
				"commercial_use": clause("NonCommercial means not primarily intended for or directed towards commercial advantage or monetary compensation."),
			},
		},
	}
	apache = fixtureLicense{
		lic:  sbom.License{Key: "apache-2.0", SPDXID: "Apache-2.0", HFID: "apache-2.0", Name: "Apache License 2.0", Source: "declared", Category: licenses.CategoryPermissive},
		file: "apache-2.0",
		terms: &licenses.Terms{
			CommercialUse:       licenses.Allowed,
			AttributionRequired: true,
			Redistribution:      licenses.Allowed,
			Evidence: map[string]licenses.Clause{
				"commercial_use": clause("perpetual, worldwide, non-exclusive, no-charge, royalty-free, irrevocable copyright license"),
			},
		},
	}
)

var fixtureLicenses = []fixtureLicense{llama31, llama2, llama3, llama32, gemma, ccByNC, apache}

const pin = "0e9e39f249a16976918f6564b8830bc894c89659"

// model builds a resolved model governed by own, and bound also by the
// licenses of the given ancestors.
func model(ref string, direct bool, own fixtureLicense, ancestors ...struct {
	ref string
	lic fixtureLicense
}) sbom.Model {
	hub, id, rev, err := sbom.ParseRef(ref)
	if err != nil {
		panic(err)
	}
	ol := own.lic
	m := sbom.Model{Ref: ref, Hub: hub, ID: id, Revision: rev, Direct: direct, Status: sbom.StatusResolved,
		Declared: &sbom.Declared{License: own.lic.HFID, Normalized: &ol}}
	parts := []sbom.LicensePart{{License: own.lic, From: []string{ref}, Terms: own.terms}}
	for _, a := range ancestors {
		al := a.lic.lic
		al.Source = "inherited"
		parts = append(parts, sbom.LicensePart{License: al, From: []string{a.ref}, Terms: a.lic.terms})
		m.BaseModels = append(m.BaseModels, sbom.BaseModel{Ref: a.ref, Relation: "finetune"})
	}
	conclude(&m, parts)
	if direct {
		m.Locations = []sbom.Location{{Path: "app/model.py", Line: 12, Column: 9, Via: "from_pretrained"}}
	}
	return m
}

// conclude sets the model's concluded license and combined terms from
// parts, as the identify stage does.
func conclude(m *sbom.Model, parts []sbom.LicensePart) {
	m.License = sbom.Conclude(m.Ref, parts)
	t := m.License.CombinedTerms()
	m.Terms = &t
}

func anc(ref string, l fixtureLicense) struct {
	ref string
	lic fixtureLicense
} {
	return struct {
		ref string
		lic fixtureLicense
	}{ref, l}
}

func report(models ...sbom.Model) *sbom.Report {
	// Ancestors are reached through every direct model that names them.
	for i := range models {
		if models[i].Direct {
			continue
		}
		for _, d := range models {
			if d.Direct && containsAncestor(d, models[i].Ref) {
				models[i].Via = append(models[i].Via, d.Ref)
			}
		}
	}
	return &sbom.Report{SchemaVersion: sbom.SchemaVersion, Models: models}
}

func containsAncestor(m sbom.Model, ref string) bool {
	for _, p := range m.License.Parts {
		if slices.Contains(p.From, ref) {
			return true
		}
	}
	return false
}

// Models of the cases.
var (
	llamaFT = func() sbom.Model {
		return model("hf:acme/support-assistant-8b@"+pin, true, llama31, anc("hf:meta-llama/Llama-3.1-8B-Instruct", llama31))
	}
	llamaBase = func() sbom.Model {
		m := model("hf:meta-llama/Llama-3.1-8B-Instruct", false, llama31)
		m.Gated = true
		return m
	}
	musicgen = func() sbom.Model {
		m := model("hf:facebook/musicgen-small@"+pin, true, ccByNC)
		m.Task = "text-to-audio"
		return m
	}
	llamaVision = func() sbom.Model {
		m := model("hf:meta-llama/Llama-3.2-11B-Vision-Instruct@"+pin, true, llama32)
		m.Task = "image-text-to-text"
		m.Gated = true
		return m
	}
	llamaText32 = func() sbom.Model {
		m := model("hf:meta-llama/Llama-3.2-1B-Instruct@"+pin, true, llama32)
		m.Task = "text-generation"
		return m
	}
	gemma2 = func() sbom.Model {
		m := model("hf:google/gemma-2-9b@"+pin, true, gemma)
		m.Gated = true
		m.Task = "text-generation"
		return m
	}
	// A GGUF quantization of Llama 3 whose card declares Apache-2.0.
	llama3GGUF = func() sbom.Model {
		m := model("hf:someone/Meta-Llama-3-8B-Instruct-GGUF@"+pin, true, apache, anc("hf:meta-llama/Meta-Llama-3-8B-Instruct", llama3))
		m.BaseModels[0].Relation = "quantized"
		return m
	}
)
