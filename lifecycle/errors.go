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

	// ErrInvalidSchedule: a phasing schedule or allocation that cannot be
	// built: a repeated or missing period, a negative or all-zero weight,
	// or a figure asked of an empty schedule.
	ErrInvalidSchedule = errors.New("invalid schedule")

	// ErrInvalidCategory: a category that cannot be part of a category
	// tree: no id, a repeated id, a bad name, a name its sibling already
	// uses, or a parent chain that loops back on itself.
	ErrInvalidCategory = errors.New("invalid category")

	// ErrUnknownCategory: a category id that is not in the list or tree
	// where it was looked for.
	ErrUnknownCategory = errors.New("unknown category")

	// ErrOwnership: a change of category ownership that would rewrite
	// history or leave other than exactly one owner at a time.
	ErrOwnership = errors.New("ownership change refused")
)

// Sentinel errors of the initiative lifecycle.
var (
	// ErrInvalidValue: an enumerated value (stage, role, kind...) that is
	// not one of its known values, or a field that breaks its own rule.
	ErrInvalidValue = errors.New("invalid value")

	// ErrTransitionNotAllowed: the change is not permitted from the
	// initiative's current stage. See [Allowed].
	ErrTransitionNotAllowed = errors.New("transition not allowed")

	// ErrMissingEvidence: the change lacks the evidence its stage needs;
	// the [EvidenceError] lists what is missing.
	ErrMissingEvidence = errors.New("missing evidence")

	// ErrRefused: a [Guard] refused the change; the [RefusedError] holds
	// the guard's reasons.
	ErrRefused = errors.New("refused")

	// ErrVersionConflict: the change was decided on a version of the
	// initiative that is no longer current. Reload and decide again.
	ErrVersionConflict = errors.New("version conflict")

	// ErrPlanFrozen: planned values cannot change once the initiative is
	// committed; later views go into the forecast.
	ErrPlanFrozen = errors.New("plan frozen")

	// ErrSelfValidation: an actor tried to validate a realization entry
	// they recorded themselves.
	ErrSelfValidation = errors.New("self-validation refused")

	// ErrUnknownEntry: a realization entry that the initiative does not
	// hold, or one recorded twice.
	ErrUnknownEntry = errors.New("unknown realization entry")

	// ErrOutOfOrder: an event dated before the event it follows, or an
	// event of another initiative.
	ErrOutOfOrder = errors.New("event out of order")

	// ErrUnknownSchema: a serialised event written with a schema version
	// this package does not read.
	ErrUnknownSchema = errors.New("unknown event schema")

	// ErrNoHistory: no events, or none up to the date asked for.
	ErrNoHistory = errors.New("no history")
)

// ErrRoleNotPermitted reports an actor whose role may not make the change:
// only finance validates or rejects realized savings.
var ErrRoleNotPermitted = errors.New("role not permitted")

// ErrNotCommitted reports a figure that needs a commitment, asked of an
// initiative that has none.
var ErrNotCommitted = errors.New("not committed")
