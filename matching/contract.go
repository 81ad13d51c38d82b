package matching

import (
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/openprocure/realize/internal/enum"
	"github.com/openprocure/realize/lifecycle"
)

type contractKind struct{}

// KindName names what a [ContractID] identifies.
func (contractKind) KindName() string { return "contract" }

// ContractID identifies a contract: a [lifecycle.ID], a UUID held by
// value. Among overlapping contracts of equal start, the smaller ID (by
// its bytes, see [lifecycle.ID.Compare]) wins.
type ContractID = lifecycle.ID[contractKind]

// NewContractID returns a new contract identifier from src.
func NewContractID(src lifecycle.IDSource) (ContractID, error) {
	return lifecycle.NewID[contractKind](src)
}

// ParseContractID parses a contract identifier in canonical UUID form.
func ParseContractID(s string) (ContractID, error) { return lifecycle.ParseID[contractKind](s) }

// Contract is a signed agreement with one supplier for one category: the
// prices it fixes, where and when they hold, and the initiative whose
// savings it delivers.
type Contract struct {
	ID       ContractID
	Supplier string
	Category lifecycle.CategoryID

	// Regions the contract covers; empty means every region.
	Regions []string

	Currency lifecycle.Currency

	// Valid is when the contract's prices hold, both days included.
	Valid lifecycle.Term

	// Initiative is the initiative whose savings the contract delivers;
	// zero when it delivers none. Its matched lines' savings go to this
	// initiative and no other.
	Initiative lifecycle.InitiativeID

	// Ref is the integrator's own reference ("CW-2024-017").
	Ref string

	Terms []PriceTerm
}

// PriceTerm is one contracted price: an item in a unit of measure, the
// contracted unit price, the baseline it saves against, and tiers.
type PriceTerm struct {
	Item string
	Unit string

	// Price is the contracted unit price: the whole price when there are
	// no tiers, the price below the first tier when there are.
	Price decimal.Decimal

	// Baseline is the unit price savings are measured against (last price
	// paid, an average, a budget or a quote).
	Baseline decimal.Decimal

	// TierKind says how Tiers apply; NoTiers ignores them.
	TierKind TierKind

	// Tiers are quantity breaks in the term's unit, in any order: from
	// quantity From on, the unit price is Price. Each From is above zero.
	Tiers []Tier
}

// Tier is one quantity break of a [PriceTerm].
type Tier struct {
	From  decimal.Decimal // quantity, in the term's unit, where the tier starts
	Price decimal.Decimal // unit price from there on
}

// TierKind says how a term's tiers set the price of a line.
type TierKind uint8

// The tier kinds.
const (
	// NoTiers: one price for every quantity.
	NoTiers TierKind = iota
	// Range: the whole line gets the price of the tier its quantity
	// reaches (the tier with the largest From not above the quantity).
	Range
	// Slab: each band of the line's units gets its own tier's price.
	Slab
	// Cumulative: the tier is set by the quantity already bought under
	// the contract's term before this line, in invoice-date order; the
	// whole line gets that tier's price.
	Cumulative
)

var tierKindNames = [...]string{"none", "range", "slab", "cumulative"}

// String returns the kind's name, such as "slab".
func (k TierKind) String() string {
	if int(k) < len(tierKindNames) {
		return tierKindNames[k]
	}
	return fmt.Sprintf("TierKind(%d)", uint8(k))
}

// MarshalText encodes the kind's name.
func (k TierKind) MarshalText() ([]byte, error) {
	return enum.Marshal("tier kind", tierKindNames[:], uint8(k), lifecycle.ErrInvalidValue)
}

// UnmarshalText decodes a kind's name.
func (k *TierKind) UnmarshalText(b []byte) error {
	v, err := enum.Parse("tier kind", tierKindNames[:], string(b), lifecycle.ErrInvalidValue)
	*k = TierKind(v)
	return err
}

// UnitConversion says that one From is Factor To: a BOX is 12 EA is
// {From: "BOX", To: "EA", Factor: 12}. The matcher uses it both ways, as
// long as the converted quantity stays exact at six decimal places.
type UnitConversion struct {
	From, To string
	Factor   decimal.Decimal
}
