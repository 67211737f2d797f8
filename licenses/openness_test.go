package licenses

import (
	"strings"
	"testing"
)

func TestOpennessOf(t *testing.T) {
	richCard := []byte("# Model\n\n## Intended use\nChat.\n\n## Limitations and bias\n" + strings.Repeat("Details. ", 120) +
		"\n\n## Evaluation\nSee the paper at https://arxiv.org/abs/2401.01234.\n\nTraining code: https://github.com/example/trainer\n")
	vagueCard := []byte("# Model\n\nThe model was trained on a mix of publicly available online data. Technical report coming soon.\n")
	apache := License{Key: "apache-2.0", SPDXID: "Apache-2.0", Category: CategoryPermissive, Terms: Terms{CommercialUse: Allowed}}
	llama := License{Key: "llama3.1", SPDXID: "LicenseRef-llama3.1", Category: CategoryOpenWeights, Terms: Terms{CommercialUse: Conditional, UseRestrictions: true}}
	ccnc := License{Key: "cc-by-nc-4.0", SPDXID: "CC-BY-NC-4.0", Category: CategoryNonCommercial, Terms: Terms{CommercialUse: Prohibited}}
	mislabelled := License{Key: "x", SPDXID: "MIT", Category: CategoryPermissive, Terms: Terms{CommercialUse: Prohibited}}
	modifiedMIT := License{Key: "kimi", SPDXID: "LicenseRef-kimi", Category: CategoryPermissive, Terms: Terms{CommercialUse: Allowed}}
	api := License{Key: "openai-api", SPDXID: "LicenseRef-openai-api", Category: CategoryProprietary, Kind: KindServiceTerms}

	cases := []struct {
		name string
		in   OpennessInput
		want Openness
	}{
		{"fully documented open model", OpennessInput{License: apache, HasCard: true, CardText: richCard, Datasets: []string{"allenai/dolma"}, FileNames: []string{"model.safetensors", "scripts/train_sft.py"}},
			Openness{OpenOpen, ClassOSI, OpenOpen, OpenOpen, OpenOpen, OpenOpen}},
		{"gated open-weights black box", OpennessInput{License: llama, Gated: true, HasCard: true, CardText: vagueCard, FileNames: []string{"model.safetensors"}},
			Openness{OpenGated, ClassOpenWeights, OpenClosed, OpenClosed, OpenPartial, OpenPartial}},
		{"non-commercial with arxiv tag", OpennessInput{License: ccnc, HasCard: true, CardText: []byte("A model."), Tags: []string{"arxiv:2305.00001"}, Datasets: []string{"my private scrape"}},
			Openness{OpenOpen, ClassNonCommercial, OpenClosed, OpenPartial, OpenPartial, OpenOpen}},
		{"terms beat category", OpennessInput{License: mislabelled}, Openness{OpenUnknown, ClassNonCommercial, OpenUnknown, OpenUnknown, OpenUnknown, OpenUnknown}},
		{"modified MIT is not OSI", OpennessInput{License: modifiedMIT, FileNames: []string{"a.bin"}}, Openness{OpenOpen, ClassOpenWeights, OpenUnknown, OpenUnknown, OpenClosed, OpenUnknown}},
		{"closed API", OpennessInput{License: api, API: true}, Openness{OpenClosed, ClassProprietary, OpenClosed, OpenClosed, OpenUnknown, OpenUnknown}},
		{"nothing known", OpennessInput{}, Openness{OpenUnknown, ClassLicenseUnknown, OpenUnknown, OpenUnknown, OpenUnknown, OpenUnknown}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := OpennessOf(c.in); got != c.want {
				t.Errorf("OpennessOf = %+v\nwant        %+v", got, c.want)
			}
		})
	}
}
