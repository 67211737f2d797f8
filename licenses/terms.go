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
	NamingKind           string            `json:"naming_kind,omitempty"` // how NamingRule binds a derivative's name; see Naming* below
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

// Units of UserLimit. A cap is recorded in the unit the text uses; a new
// unit is added here rather than forced into monthly active users, since a
// figure in one unit cannot be compared with a context figure in another.
const (
	MonthlyActiveUsers = "monthly_active_users"
	DailyActiveUsers   = "daily_active_users"
	Users              = "users"            // users (or registered users, customers) with no period
	VisitsPerMonth     = "visits_per_month" // visits, page views, 访问量/人次
	VisitsPerDay       = "visits_per_day"
	CallsPerMonth      = "calls_per_month" // API calls or invocations, 调用次数
	CallsPerDay        = "calls_per_day"
	RequestsPerMonth   = "requests_per_month"
	RequestsPerDay     = "requests_per_day"
	Devices            = "devices"   // devices or units the model is deployed on
	Employees          = "employees" // the licensee's employees or staff (a company-size cap)
)

// Values of Terms.NamingKind: what NamingRule asks of the name of a model
// derived from the licensed one. Empty means NamingPrefix, the shape of
// every catalog entry written before the field existed.
const (
	NamingPrefix   = "prefix"   // the name begins with NamingRule ("Llama-…")
	NamingContains = "contains" // the name contains NamingRule somewhere
	NamingAvoid    = "avoid"    // the name must not contain NamingRule (the licensor's name or mark)
	NamingKeep     = "keep"     // the original model names must be kept (NamingRule quotes the clause)
	NamingMark     = "mark"     // the derivative must be marked as built on the model, as NamingRule says
	// NamingEndorse: the derivative may not be presented as official or
	// endorsed, nor promoted with the licensor's names (NamingRule quotes
	// the clause).
	NamingEndorse = "endorsement"
)

// Certainty of a term the clause extractor read, in Clause.Certainty.
// Curated catalog terms carry none.
const (
	Stated     = "stated"     // a clause says it (the clause is the quote)
	Inferred   = "inferred"   // derived from a clause that does not say it outright: allowed from a broad grant
	Unresolved = "unresolved" // the text is silent or contradicts itself; the quote, if any, is the clause in doubt
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
// Certainty says how the clause extractor came to the term (Stated,
// Inferred, Unresolved); it is empty for curated catalog terms.
//
// In combined terms (Combine) License and Model name the part whose value
// decided the term: the license (catalog key or SPDX id) and the ref of the
// model it binds through.
type Clause struct {
	Quote     string `json:"quote"`
	Start     int    `json:"start,omitempty"`
	End       int    `json:"end,omitempty"`
	Source    string `json:"source,omitempty"`
	Certainty string `json:"certainty,omitempty"`
	License   string `json:"license,omitempty"`
	Model     string `json:"model,omitempty"`
}

// Str returns a pointer to s, or nil when s is empty; for the nullable
// string fields of Terms.
func Str(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
