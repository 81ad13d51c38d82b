package lifecycle

import (
	"time"

	"github.com/shopspring/decimal"
)

// Savings is what an initiative is worth at one stage. A recurring saving
// is an annual run rate; a one-time saving is a single total. Exactly one
// of the two fields is set, the one the initiative's [Recurrence] names.
type Savings struct {
	Annual  AnnualRate `json:"annual"`  // recurring: the run rate
	OneTime Money      `json:"oneTime"` // one-time: the total
}

// Currency returns the currency of whichever figure is set.
func (s Savings) Currency() Currency {
	if s.Annual.IsSet() {
		return s.Annual.Currency()
	}
	return s.OneTime.Currency()
}

// String returns the figure that is set, such as "1200 EUR/year".
func (s Savings) String() string {
	if s.Annual.IsSet() {
		return s.Annual.String()
	}
	return s.OneTime.String()
}

// Plan is what an initiative is created with: what it is about, who is
// accountable for it, and the pipeline estimate. The initiative's
// currency is the estimate's; every later figure must use it.
type Plan struct {
	Title       string      `json:"title"`
	Category    CategoryID  `json:"category"`
	Owner       OwnerID     `json:"owner"`
	SavingsType SavingsType `json:"savingsType"`
	Recurrence  Recurrence  `json:"recurrence"`

	// Baseline says what savings are measured against: last price paid,
	// an average over a period, a budget or a quote.
	Baseline string `json:"baseline"`

	// Estimate is the estimated value: the pipeline figure.
	Estimate Savings `json:"estimate"`

	// Optional scope: suppliers, regions and business units concerned.
	Suppliers     []string `json:"suppliers,omitempty"`
	Regions       []string `json:"regions,omitempty"`
	BusinessUnits []string `json:"businessUnits,omitempty"`

	// Ref is the integrator's own reference, carried along untouched.
	Ref string `json:"ref,omitempty"`
}

// Volume is the annual volume or spend a commitment assumes; the volume
// variance of a scorecard is measured against it. Quantity with its unit,
// spend, or both may be given.
type Volume struct {
	Quantity decimal.Decimal `json:"quantity"`
	Unit     string          `json:"unit,omitempty"`
	Spend    AnnualRate      `json:"spend"`
}

// IsZero reports whether no volume and no spend is given.
func (v Volume) IsZero() bool {
	return v.Quantity.IsZero() && v.Unit == "" && !v.Spend.IsSet()
}

// Commitment is the evidence and the figures that make an initiative
// Committed. Its values are the frozen plan.
type Commitment struct {
	// ContractRef names the signed contract that states the terms.
	ContractRef string `json:"contractRef"`

	// Value is the committed value: an annual rate for recurring savings,
	// a total for one-time savings.
	Value Savings `json:"value"`

	// Term is when the savings run: a recurring rate from Start to End,
	// a one-time saving on Start (End may equal Start).
	Term Term `json:"term"`

	// PlannedVolume is the annual volume or spend the value assumes.
	// Required for recurring savings.
	PlannedVolume Volume `json:"plannedVolume"`

	// PlannedImplementation is when rates are planned to be loaded.
	PlannedImplementation Date `json:"plannedImplementation"`
}

// Implementation is the evidence and the figures that make an initiative
// Implemented.
type Implementation struct {
	// Date is when the new rates were loaded and buyers redirected.
	Date Date `json:"date"`

	// Where names the systems or places the rates were loaded into.
	Where string `json:"where"`

	// Value is the implemented value, in the form of the plan's estimate.
	Value Savings `json:"value"`
}

// Cost is a one-time implementation cost, set against savings for net
// figures.
type Cost struct {
	Amount      Money  `json:"amount"`
	Date        Date   `json:"date"`
	Description string `json:"description"`
}

// ForecastPoint is one revision of the forecast: the value expected now,
// beside the frozen plan.
type ForecastPoint struct {
	At     time.Time `json:"at"`
	By     Actor     `json:"by"`
	Value  Savings   `json:"value"`
	Reason string    `json:"reason"`
}
