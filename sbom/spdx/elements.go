package spdx

// The typed shapes of the SPDX 3.0.1 JSON-LD objects aibom writes. Key
// names follow the 3.0.1 JSON schema (spdx-json-schema.json in
// ../shared/schemas): core keys unprefixed, profile keys prefixed with
// software_, ai_, dataset_, simplelicensing_ and expandedlicensing_. The
// schema rejects unknown keys, so every field here is one it defines.

// Context is the JSON-LD context every 3.0.1 document names.
const Context = "https://spdx.org/rdf/3.0.1/spdx-context.jsonld"

// noAssertionElement is the core individual meaning "no assertion is made";
// aibom uses it where a required URI (download location) is not known.
const noAssertionElement = "https://spdx.org/rdf/3.0.1/terms/Core/NoAssertionElement"

type document struct {
	Context string `json:"@context"`
	Graph   []any  `json:"@graph"`
}

type creationInfo struct {
	Type         string   `json:"type"`
	ID           string   `json:"@id"`
	SpecVersion  string   `json:"specVersion"`
	Created      string   `json:"created"`
	CreatedBy    []string `json:"createdBy"`
	CreatedUsing []string `json:"createdUsing,omitempty"`
	Comment      string   `json:"comment,omitempty"`
}

// element holds the keys every SPDX Element has.
type element struct {
	Type         string        `json:"type"`
	SpdxID       string        `json:"spdxId"`
	CreationInfo string        `json:"creationInfo"`
	Name         string        `json:"name,omitempty"`
	Description  string        `json:"description,omitempty"`
	Comment      string        `json:"comment,omitempty"`
	ExternalRef  []externalRef `json:"externalRef,omitempty"`
	// VerifiedUsing holds the sha256 of each weight file of a model, the
	// file's path in the hash's comment.
	VerifiedUsing []hash `json:"verifiedUsing,omitempty"`
}

type hash struct {
	Type      string `json:"type"` // Hash
	Algorithm string `json:"algorithm"`
	HashValue string `json:"hashValue"`
	Comment   string `json:"comment,omitempty"`
}

type externalRef struct {
	Type            string   `json:"type"`
	ExternalRefType string   `json:"externalRefType"`
	Locator         []string `json:"locator"`
}

type dictionaryEntry struct {
	Type  string `json:"type"`
	Key   string `json:"key"`
	Value string `json:"value"`
}

type spdxDocument struct {
	element
	ProfileConformance []string `json:"profileConformance"`
	DataLicense        string   `json:"dataLicense"`
	RootElement        []string `json:"rootElement"`
	Element            []string `json:"element"`
}

// pkg holds the keys of software_Package (and so of ai_AIPackage and
// dataset_DatasetPackage, which inherit them).
type pkg struct {
	element
	SuppliedBy       string   `json:"suppliedBy,omitempty"`
	OriginatedBy     []string `json:"originatedBy,omitempty"`
	ReleaseTime      string   `json:"releaseTime,omitempty"`
	BuiltTime        string   `json:"builtTime,omitempty"`
	PackageVersion   string   `json:"software_packageVersion,omitempty"`
	DownloadLocation string   `json:"software_downloadLocation,omitempty"`
	PackageURL       string   `json:"software_packageUrl,omitempty"`
	HomePage         string   `json:"software_homePage,omitempty"`
	PrimaryPurpose   string   `json:"software_primaryPurpose,omitempty"`
}

type aiPackage struct {
	pkg
	InformationAboutApplication string `json:"ai_informationAboutApplication,omitempty"`
	InformationAboutTraining    string `json:"ai_informationAboutTraining,omitempty"`
}

type datasetPackage struct {
	pkg
	DatasetType []string `json:"dataset_datasetType"`
}

type licenseExpression struct {
	element
	Expression    string            `json:"simplelicensing_licenseExpression"`
	ListVersion   string            `json:"simplelicensing_licenseListVersion,omitempty"`
	CustomIDToURI []dictionaryEntry `json:"simplelicensing_customIdToUri,omitempty"`
}

type customLicense struct {
	element
	LicenseText string   `json:"simplelicensing_licenseText"`
	SeeAlso     []string `json:"expandedlicensing_seeAlso,omitempty"`
}

type relationship struct {
	element
	From             string   `json:"from"`
	RelationshipType string   `json:"relationshipType"`
	To               []string `json:"to"`
}
