package matching

import (
	"github.com/shopspring/decimal"

	"github.com/openprocure/realize/lifecycle"
)

// InvoiceLine is one line of a supplier invoice as the buyer's systems
// hold it. A credit note is a line with a negative quantity; its unit
// price stays positive, and it reverses the spend, leakage and savings of
// what it credits.
type InvoiceLine struct {
	Invoice      string // the invoice's identity
	Line         int    // the line's number on the invoice
	Supplier     string
	Item         string
	Category     lifecycle.CategoryID
	Region       string
	BusinessUnit string
	Date         lifecycle.Date
	Quantity     decimal.Decimal
	Unit         string
	UnitPrice    decimal.Decimal
	Currency     lifecycle.Currency
}
