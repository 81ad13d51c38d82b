package scorecard

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/openprocure/realize/lifecycle"
)

// Errors a program can branch on with errors.Is.
var (
	// ErrInvalidConfig: a Config that cannot give a scorecard.
	ErrInvalidConfig = errors.New("invalid scorecard configuration")
	// ErrInvalidInput: an initiative or match result the scorecard cannot
	// count.
	ErrInvalidInput = errors.New("invalid scorecard input")
	// ErrMissingRate: an amount in a currency with no exchange rate for
	// its month; see RateError.
	ErrMissingRate = errors.New("missing exchange rate")
)

// Dimension is a set of the dimensions a scorecard's rows are keyed by.
// Combine them with |: ByCategory|ByPeriod gives one row per category and
// period.
type Dimension uint8

// The dimensions.
const (
	// ByCategory keys rows by category. With [Config.Categories] set, a
	// parent category's row includes its children's figures.
	ByCategory Dimension = 1 << iota
	// ByOwner keys rows by the category owner who held the category at
	// the time of each figure; it needs [Config.Owners].
	ByOwner
	// BySupplier keys rows by supplier: a line's own supplier, and an
	// initiative's named supplier (several named suppliers form one
	// key, joined in order with ", "; none is the empty key).
	BySupplier
	// ByRegion keys rows by region, as BySupplier does.
	ByRegion
	// ByBusinessUnit keys rows by business unit, as BySupplier does.
	ByBusinessUnit
	// ByPeriod keys rows by period at [Config.Grain].
	ByPeriod

	allDimensions = ByCategory | ByOwner | BySupplier | ByRegion | ByBusinessUnit | ByPeriod
)

var dimensionNames = [...]string{"category", "owner", "supplier", "region", "business unit", "period"}

// String lists the dimensions joined by "+", "category+period"; the
// empty set is "total".
func (d Dimension) String() string {
	if d == 0 {
		return "total"
	}
	var parts []string
	for i, name := range dimensionNames {
		if d&(1<<i) != 0 {
			parts = append(parts, name)
		}
	}
	if d&^allDimensions != 0 {
		parts = append(parts, fmt.Sprintf("unknown(%#x)", uint8(d&^allDimensions)))
	}
	return strings.Join(parts, "+")
}

// Grain is how long a period row is.
type Grain uint8

// The grains. The zero Grain is Month.
const (
	Month      Grain = iota // calendar months
	Quarter                 // fiscal quarters
	FiscalYear              // fiscal years
)

var grainNames = [...]string{"month", "quarter", "fiscal year"}

func (g Grain) String() string {
	if int(g) < len(grainNames) {
		return grainNames[g]
	}
	return fmt.Sprintf("Grain(%d)", uint8(g))
}

// maxWindow is the longest window a scorecard covers, in months: fifty
// years, far beyond any savings horizon.
const maxWindow = 600

// Config says what a scorecard covers and how it is keyed and valued.
// It is read, never changed; [Config.Owners] and [Config.Categories] must
// not change while a Partial built with the Config is in use.
type Config struct {
	// AsOf is when the scorecard is taken: initiatives are read as they
	// stood at this time, savings are due by its day, and lines dated
	// after its day are left out (and counted as such).
	AsOf time.Time

	// From and To are the first and last month the scorecard covers,
	// both included.
	From, To lifecycle.Period

	// Dimensions are the dimensions rows are keyed by; none gives one
	// row, the total.
	Dimensions Dimension

	// Grain is the length of period rows; Fiscal says where fiscal
	// quarters and years begin.
	Grain  Grain
	Fiscal lifecycle.FiscalCalendar

	// Categories, when set, puts category paths on rows and rolls each
	// category's figures up into its ancestors' rows. Every category
	// met must then be in the tree.
	Categories *lifecycle.CategoryTree

	// Owners, when set, gives each figure the owner of its category at
	// the time. Required by ByOwner and by [Scorecard.Owners].
	Owners *lifecycle.Ownership

	// Currency is the reporting currency every amount is converted into.
	Currency lifecycle.Currency

	// Rates are the actual exchange rates into Currency; PlannedRates the
	// rates the plans were made with (budget rates). Without
	// PlannedRates, the actual rates serve both and the gap has no
	// currency part. Amounts already in Currency need no rate.
	Rates, PlannedRates ExchangeRates

	// RateRounding rounds every [Rate]: rates are fractions (0.875 for
	// 87.5 %), so keep at least one place; four is usual.
	RateRounding lifecycle.Rounding
}

// Validate reports every problem with the configuration, each wrapping
// ErrInvalidConfig, joined in one error; nil when it can be used.
func (c *Config) Validate() error {
	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("scorecard: %w: "+format, append([]any{ErrInvalidConfig}, args...)...))
	}
	if c.AsOf.IsZero() {
		bad("no as-of time")
	}
	switch {
	case c.From.IsZero() || c.To.IsZero():
		bad("window %s..%s has no first or last month", c.From, c.To)
	case c.To.Before(c.From):
		bad("window ends in %s, before it starts in %s", c.To, c.From)
	case c.From.MonthsUntil(c.To) >= maxWindow:
		bad("window %s..%s is longer than %d months", c.From, c.To, maxWindow)
	}
	if c.Dimensions&^allDimensions != 0 {
		bad("unknown dimensions %s", c.Dimensions)
	}
	if c.Grain > FiscalYear {
		bad("unknown grain %s", c.Grain)
	}
	if err := c.Fiscal.Validate(); err != nil {
		bad("fiscal calendar: %v", err)
	}
	if c.Dimensions&ByOwner != 0 && c.Owners == nil {
		bad("rows by owner need the category ownership (Owners)")
	}
	if !c.Currency.Valid() {
		bad("reporting currency %q is not an ISO 4217 code", string(c.Currency))
	}
	if c.RateRounding.Places < 1 || c.RateRounding.Places > 64 {
		bad("rate rounding keeps %d places; rates are fractions and need 1 to 64", c.RateRounding.Places)
	}
	return errors.Join(errs...)
}

// months returns the window's months in order.
func (c *Config) months() []lifecycle.Period {
	n := c.From.MonthsUntil(c.To) + 1
	out := make([]lifecycle.Period, n)
	for i := range out {
		out[i] = c.From.AddMonths(i)
	}
	return out
}

// inWindow reports whether p is one of the window's months.
func (c *Config) inWindow(p lifecycle.Period) bool {
	return !p.Before(c.From) && !p.After(c.To)
}
