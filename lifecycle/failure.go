package lifecycle

import (
	"fmt"
	"strings"
)

// TransitionError reports a change that the transition table does not
// permit from the initiative's current stage. It matches
// [ErrTransitionNotAllowed], and also [ErrPlanFrozen] when the change was
// an estimate revision after the plan froze.
type TransitionError struct {
	Initiative InitiativeID
	Kind       EventKind
	From       Stage
}

// Error names the change, the stage and, for a frozen plan, what to do instead.
func (e *TransitionError) Error() string {
	msg := fmt.Sprintf("initiative %s: %s is not allowed in stage %s", e.Initiative, e.Kind, e.From)
	if e.frozen() {
		msg += "; the plan froze at commitment, record a forecast instead"
	}
	return msg
}

func (e *TransitionError) frozen() bool {
	return e.Kind == KindEstimateRevised && e.From != Pipeline && e.From != noStage
}

// Unwrap returns the sentinels the error matches.
func (e *TransitionError) Unwrap() []error {
	if e.frozen() {
		return []error{ErrTransitionNotAllowed, ErrPlanFrozen}
	}
	return []error{ErrTransitionNotAllowed}
}

// EvidenceError reports a change that lacks the evidence its stage needs
// or carries values that break a rule. It lists every problem, not only
// the first. It matches [ErrMissingEvidence] when something is missing,
// and the sentinel of each invalid value ([ErrCurrencyMismatch],
// [ErrSelfValidation]...).
type EvidenceError struct {
	Initiative InitiativeID
	Kind       EventKind
	Missing    []string // what is missing, in words: "a contract reference"
	Invalid    []error  // values that break a rule, each naming the value
}

// Error lists what is missing, then each invalid value.
func (e *EvidenceError) Error() string {
	var parts []string
	if len(e.Missing) > 0 {
		parts = append(parts, "missing "+strings.Join(e.Missing, ", "))
	}
	for _, err := range e.Invalid {
		parts = append(parts, err.Error())
	}
	return fmt.Sprintf("initiative %s: %s: %s", e.Initiative, e.Kind, strings.Join(parts, "; "))
}

// Unwrap returns the sentinels the error matches.
func (e *EvidenceError) Unwrap() []error {
	errs := make([]error, 0, len(e.Invalid)+1)
	if len(e.Missing) > 0 {
		errs = append(errs, ErrMissingEvidence)
	}
	return append(errs, e.Invalid...)
}

// RefusedError reports a change that a [Guard] refused. Err is the
// guard's own error, so a caller can inspect it with [errors.As]; the
// error also matches [ErrRefused].
type RefusedError struct {
	Initiative InitiativeID
	Kind       EventKind
	From, To   Stage
	Err        error
}

// Error names the change and carries the guard's reason.
func (e *RefusedError) Error() string {
	return fmt.Sprintf("initiative %s: %s (%s → %s) refused: %v", e.Initiative, e.Kind, e.From, e.To, e.Err)
}

// Unwrap returns [ErrRefused] and the guard's error.
func (e *RefusedError) Unwrap() []error { return []error{ErrRefused, e.Err} }

// ConflictError reports a change decided on a stale version: someone else
// changed the initiative in between. It matches [ErrVersionConflict].
type ConflictError struct {
	Initiative InitiativeID
	Expected   int // the version the change was decided on
	Actual     int // the initiative's current version
}

// Error names both versions.
func (e *ConflictError) Error() string {
	return fmt.Sprintf("initiative %s: change decided on version %d, current version is %d",
		e.Initiative, e.Expected, e.Actual)
}

// Unwrap returns [ErrVersionConflict].
func (e *ConflictError) Unwrap() error { return ErrVersionConflict }

// evidence collects the problems of one change.
type evidence struct {
	missing []string
	invalid []error
}

// need records what as missing unless ok.
func (c *evidence) need(ok bool, what string) {
	if !ok {
		c.missing = append(c.missing, what)
	}
}

// bad records an invalid value; nil is ignored.
func (c *evidence) bad(err error) {
	if err != nil {
		c.invalid = append(c.invalid, err)
	}
}

// badf records an invalid value described by a format and a sentinel.
func (c *evidence) badf(sentinel error, format string, args ...any) {
	c.invalid = append(c.invalid, fmt.Errorf(format+": %w", append(args, sentinel)...))
}

func (c *evidence) err(id InitiativeID, k EventKind) error {
	if len(c.missing) == 0 && len(c.invalid) == 0 {
		return nil
	}
	return &EvidenceError{Initiative: id, Kind: k, Missing: c.missing, Invalid: c.invalid}
}
