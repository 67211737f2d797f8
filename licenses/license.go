package licenses

// License is one entry of the catalog: a model license, a use policy
// incorporated by one, a common OSS license, or a closed API provider's terms.
type License struct {
	// Key is aibom's stable catalog key; for the corpus texts it is the file stem.
	Key string `json:"key"`
	// SPDXID is the SPDX id where one exists, else a LicenseRef- id
	// (see docs/licenses.md for the naming rules).
	SPDXID string `json:"spdx_id"`
	// HFID is the Hugging Face Hub license id, when the Hub has one.
	HFID string `json:"hf_id,omitempty"`
	Name string `json:"name"`
	// Kind is license, use_policy or service_terms.
	Kind        string   `json:"kind"`
	VersionDate string   `json:"version_date,omitempty"`
	URL         string   `json:"url,omitempty"`
	Related     []string `json:"related,omitempty"`
	// Category is the license class used by policies and the openness
	// profile: permissive, copyleft, open-weights (restricted),
	// non-commercial, proprietary, or unknown.
	Category string `json:"category"`
	Terms    Terms  `json:"terms"`
}

// Document kinds.
const (
	KindLicense      = "license"
	KindUsePolicy    = "use_policy"
	KindServiceTerms = "service_terms"
)

// License categories.
const (
	CategoryPermissive    = "permissive"
	CategoryCopyleft      = "copyleft"
	CategoryOpenWeights   = "open-weights"
	CategoryNonCommercial = "non-commercial"
	CategoryProprietary   = "proprietary"
	CategoryUnknown       = "unknown"
)

// Openness is a model's openness profile after the European Open Source AI
// Index (Liesenfeld & Dingemanse) and the LF AI Model Openness Framework.
// Each dimension is open, partial, closed or unknown.
type Openness struct {
	Weights      string `json:"weights"`       // open | gated | closed (API only) | unknown
	LicenseClass string `json:"license_class"` // osi-open-source | open-weights-restricted | non-commercial | proprietary | unknown
	TrainingCode string `json:"training_code"`
	TrainingData string `json:"training_data"`
	ModelCard    string `json:"model_card"`
	Paper        string `json:"paper"`
}
