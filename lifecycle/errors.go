package lifecycle

import "errors"

// Sentinel errors. Every error the package returns wraps one of these, so a
// caller can branch with [errors.Is]; the message around it names the value
// and the place that was wrong.
var (
	// ErrUnknownCurrency: a code that is not an active ISO 4217 currency,
	// or an amount with no currency where one is needed.
	ErrUnknownCurrency = errors.New("unknown currency")

	// ErrCurrencyMismatch: two amounts in different currencies were added,
	// subtracted or compared. The package never converts on its own.
	ErrCurrencyMismatch = errors.New("currency mismatch")

	// ErrDivisionByZero: an amount was divided by zero.
	ErrDivisionByZero = errors.New("division by zero")

	// ErrInvalidAmount: an amount that does not parse as a decimal number.
	ErrInvalidAmount = errors.New("invalid amount")

	// ErrInvalidDate: a date or period that does not exist or does not parse.
	ErrInvalidDate = errors.New("invalid date")

	// ErrInvalidID: an identifier that does not parse, or the nil identifier
	// where a real one is needed.
	ErrInvalidID = errors.New("invalid identifier")
)
