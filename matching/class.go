package matching

import (
	"fmt"

	"github.com/openprocure/realize/internal/enum"
	"github.com/openprocure/realize/lifecycle"
)

// Class is what the matcher concluded about an invoice line. Every line
// lands in exactly one class, so class totals add up to the input.
type Class uint8

// The classes.
const (
	// OnContract: a term of a contract valid that day matches the line,
	// and the price is within tolerance.
	OnContract Class = iota + 1
	// Leakage: matched, but the price is above the contracted one beyond
	// tolerance, or, under a two-sided tolerance, below it (rule
	// [RuleBelowTolerance]: a mismatch, with no leakage amount).
	Leakage
	// Maverick: no term matches, yet the category has a contract valid
	// that day in that region: the buyer went around the contract.
	Maverick
	// Uncontracted: no contract covers the category there and then.
	Uncontracted
	// Duplicate: the same invoice line was already seen; counted once.
	Duplicate
	// SuspectedDuplicate: same supplier, amount and date as a line of
	// another invoice; reported for review, its spend counted here once.
	SuspectedDuplicate
	// Rejected: the line itself is invalid; the reason says why.
	Rejected
	// Ambiguous: two candidate terms fit and no rule separates them.
	Ambiguous
)

// NumClasses is the number of classes, for arrays indexed by Class.
const NumClasses = int(Ambiguous) + 1

var classNames = [...]string{"", "on-contract", "leakage", "maverick", "uncontracted",
	"duplicate", "suspected-duplicate", "rejected", "ambiguous"}

// String returns the class's name, such as "on-contract".
func (c Class) String() string { return enum.Name("Class", classNames[:], uint8(c)) }

// MarshalText encodes the class's name.
func (c Class) MarshalText() ([]byte, error) {
	return enum.Marshal("class", classNames[:], uint8(c), lifecycle.ErrInvalidValue)
}

// UnmarshalText decodes a class's name.
func (c *Class) UnmarshalText(b []byte) error {
	v, err := enum.Parse("class", classNames[:], string(b), lifecycle.ErrInvalidValue)
	*c = Class(v)
	return err
}

// Addressable reports whether spend in the class is addressable: on
// contract, leakage or maverick.
func (c Class) Addressable() bool { return c == OnContract || c == Leakage || c == Maverick }

// Rule names the rule that decided a line's class, for explanations.
type Rule uint8

// The rules.
const (
	RuleInvalidLine          Rule = iota + 1 // the line failed validation
	RuleSameLine                             // same invoice and line seen before
	RuleSameAmount                           // same supplier, amount and date on another invoice
	RuleOnlyCandidate                        // one term matched
	RuleLatestStart                          // several contracts matched; the latest start won
	RuleSmallerID                            // same start; the smaller contract id won
	RuleNoRuleSeparates                      // several terms of one contract matched
	RuleWithinTolerance                      // the price is within tolerance
	RuleAboveTolerance                       // the price is above contract beyond tolerance
	RuleBelowTolerance                       // two-sided: below contract beyond tolerance
	RuleCategoryContracted                   // no term matched; the category has a contract
	RuleCategoryUncontracted                 // no term matched; no contract for the category
)

var ruleNames = [...]string{"", "invalid-line", "same-line", "same-amount", "only-candidate",
	"latest-start", "smaller-id", "no-rule-separates", "within-tolerance", "above-tolerance",
	"below-tolerance", "category-contracted", "category-uncontracted"}

// String returns the rule's name, such as "latest-start".
func (r Rule) String() string { return enum.Name("Rule", ruleNames[:], uint8(r)) }

// MarshalText encodes the rule's name.
func (r Rule) MarshalText() ([]byte, error) {
	return enum.Marshal("rule", ruleNames[:], uint8(r), lifecycle.ErrInvalidValue)
}

// Reason says why a line was rejected.
type Reason uint8

// The rejection reasons.
const (
	ReasonNone        Reason = iota
	NoInvoice                // the invoice identity is empty
	BadLineNumber            // the line number is not positive
	NoSupplier               // the supplier is empty
	NoItem                   // the item is empty
	NoCategory               // the category is the zero ID
	NoDate                   // the date is the zero Date
	ZeroQuantity             // the quantity is zero
	NoUnit                   // the unit of measure is empty
	NegativePrice            // the unit price is below zero
	UnknownCurrency          // the currency is not ISO 4217
	TooPrecise               // quantity or price beyond six decimal places or range
	InexactConversion        // the unit converts to the term's only inexactly
)

var reasonNames = [...]string{"", "no invoice", "line number not positive", "no supplier",
	"no item", "no category", "no date", "quantity is zero", "no unit of measure",
	"negative unit price", "unknown currency",
	"quantity or price beyond six decimal places or range",
	"unit does not convert exactly"}

// String describes the reason, such as "no supplier".
func (r Reason) String() string {
	if r == ReasonNone {
		return "none"
	}
	if int(r) < len(reasonNames) {
		return reasonNames[r]
	}
	return fmt.Sprintf("Reason(%d)", uint8(r))
}
