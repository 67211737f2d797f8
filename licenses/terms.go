package licenses

// Terms are the conditions of a license that decide whether a product may
// ship. The same shape appears in `aibom license` output and in every model of
// a scan report. The zero value means "nothing known": CommercialUse is empty
// and must be read as unknown, never as allowed.
type Terms struct {
	CommercialUse string        `json:"commercial_use"` // allowed | conditional | prohibited | unknown
	UserLimit     *UserLimit    `json:"user_limit"`
	RevenueLimit  *RevenueLimit `json:"revenue_limit"`
	// OtherUserLimits and OtherRevenueLimits appear only in combined terms
	// (Combine): the caps of other licenses binding the same model that
	// user_limit and revenue_limit cannot stand for, being in another unit,
	// currency or period.
	OtherUserLimits      []UserLimit       `json:"other_user_limits,omitempty"`
	OtherRevenueLimits   []RevenueLimit    `json:"other_revenue_limits,omitempty"`
	ResearchOnly         bool              `json:"research_only"`
	EvaluationOnly       bool              `json:"evaluation_only"`
	RegistrationRequired bool              `json:"registration_required"`
	AttributionRequired  bool              `json:"attribution_required"`
	AttributionText      *string           `json:"attribution_text"`
	NamingRule           *string           `json:"naming_rule"`
	OutputRestriction    bool              `json:"output_restriction"`
	OutputUse            string            `json:"output_use,omitempty"` // unrestricted | ban | derivative | conditional | unknown; see OutputUse* below
	UseRestrictions      bool              `json:"use_restrictions"`
	UsePolicy            *string           `json:"use_policy"`
	Redistribution       string            `json:"redistribution"` // allowed | conditional | prohibited | unknown
	ShareAlike           bool              `json:"share_alike"`
	TerritoryExcluded    []string          `json:"territory_excluded"`
	GoverningLaw         *string           `json:"governing_law"`
	Evidence             map[string]Clause `json:"evidence,omitempty"`
}

// Values of Terms.CommercialUse and Terms.Redistribution.
const (
	Allowed     = "allowed"
	Conditional = "conditional" // allowed only under a cap, or after registration/approval
	Prohibited  = "prohibited"
	Unknown     = "unknown"
)

// Values of Terms.OutputUse: what the license says about using the model's
// outputs (generated text, images, synthetic data) to build other models.
// OutputRestriction stays the coarse flag it always was; OutputUse says
// what kind of limit it is, because a ban and a flow-down call for different
// action. An empty OutputUse (reports written before the field existed,
// terms built by hand) means "not classified": read OutputRestriction alone.
const (
	OutputUnrestricted = "unrestricted" // the license puts no limit on outputs
	OutputBan          = "ban"          // outputs may not be used to build or improve other (or competing) models
	OutputDerivative   = "derivative"   // a model trained on outputs (distillation, synthetic data) is a derivative and stays under the license
	OutputConditional  = "conditional"  // outputs may be used, under conditions: a name prefix, an attribution, the license's use or purpose limits
	OutputUnknown      = "unknown"      // the text was read but what it says about outputs could not be told
)

// Units of UserLimit.
const (
	MonthlyActiveUsers = "monthly_active_users"
	DailyActiveUsers   = "daily_active_users"
)

// UserLimit is a cap on the licensee's users above which the grant stops.
type UserLimit struct {
	Count int64  `json:"count"`
	Unit  string `json:"unit"`
}

// RevenueLimit is a cap on the licensee's revenue above which the grant stops.
type RevenueLimit struct {
	Amount   int64  `json:"amount"`
	Currency string `json:"currency"`
	Period   string `json:"period"` // annual | monthly
}

// Clause is the text that supports a term: a quote and, when it was found in
// a document aibom read, its byte offsets in that document. Source names the
// catalog key of the document when the quote comes from a related document
// (a use policy) rather than the license itself.
//
// In combined terms (Combine) License and Model name the part whose value
// decided the term: the license (catalog key or SPDX id) and the ref of the
// model it binds through.
type Clause struct {
	Quote   string `json:"quote"`
	Start   int    `json:"start,omitempty"`
	End     int    `json:"end,omitempty"`
	Source  string `json:"source,omitempty"`
	License string `json:"license,omitempty"`
	Model   string `json:"model,omitempty"`
}

// Str returns a pointer to s, or nil when s is empty; for the nullable
// string fields of Terms.
func Str(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
