package governance

import (
	"errors"

	"github.com/openprocure/realize/lifecycle"
)

// Sentinel errors. Governance reuses the lifecycle's sentinels where the
// meaning is the same, so a caller branches on one set of errors
// whichever package refused; the rest are its own.
var (
	// ErrInvalidValue is lifecycle's: a value that breaks its own rule.
	ErrInvalidValue = lifecycle.ErrInvalidValue

	// ErrTransitionNotAllowed is lifecycle's: the plan's state does not
	// permit the change.
	ErrTransitionNotAllowed = lifecycle.ErrTransitionNotAllowed

	// ErrMissingEvidence is lifecycle's: a plan or a sign-off lacks
	// something it needs; the [DocumentError] lists what.
	ErrMissingEvidence = lifecycle.ErrMissingEvidence

	// ErrVersionConflict is lifecycle's: the change was decided on a plan
	// version that is no longer current.
	ErrVersionConflict = lifecycle.ErrVersionConflict

	// ErrOutOfOrder is lifecycle's: an event dated before the one it
	// follows, or an event of another plan.
	ErrOutOfOrder = lifecycle.ErrOutOfOrder

	// ErrUnknownSchema is lifecycle's: a serialised plan event written
	// with a schema version this package does not read.
	ErrUnknownSchema = lifecycle.ErrUnknownSchema

	// ErrNoHistory is lifecycle's: no plan events, or none up to the time
	// asked for.
	ErrNoHistory = lifecycle.ErrNoHistory

	// ErrNotStakeholder reports a sign-off by someone who is not the
	// named representative of a required stakeholder.
	ErrNotStakeholder = errors.New("not a required stakeholder")

	// ErrPlanExists reports a second live plan for a category that has
	// one.
	ErrPlanExists = errors.New("category already has a live plan")

	// ErrGate reports an initiative change refused because its category
	// plan is not signed off; the [GateError] lists what is missing.
	ErrGate = errors.New("category plan gate")

	// ErrNotPermitted reports a change the actor's role may not make, or
	// an owner acting on what they do not own.
	ErrNotPermitted = errors.New("not permitted")

	// ErrApprovalNeeded reports a change above an approval threshold
	// without a finance approval that covers it.
	ErrApprovalNeeded = errors.New("finance approval needed")

	// ErrSegregation reports a breach of segregation of duties: approving
	// one's own change, or validating savings one approved or owns.
	ErrSegregation = errors.New("segregation of duties")

	// ErrMissingRate reports an amount that must be compared with a
	// threshold in another currency when no rate between the two is given.
	ErrMissingRate = errors.New("missing exchange rate")

	// ErrUnknownPlan reports a compliance report naming a category plan
	// that is not among the plans given.
	ErrUnknownPlan = errors.New("unknown category plan")
)
