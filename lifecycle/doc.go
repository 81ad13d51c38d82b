// Package lifecycle tracks procurement savings initiatives from the first
// estimate to the profit and loss statement, and holds the values the
// rest of realize is built on: money, dates and periods, identifiers,
// the category tree and dated category ownership.
//
// # The stage model
//
// An [Initiative] is one savings opportunity. It moves through four
// stages, each with its own figure, because the leakage between them is
// what the library exists to show:
//
//   - Pipeline: the opportunity is identified; an estimate exists.
//   - Committed: a signed contract states the terms. The commitment
//     names the contract and records the committed value, its term, the
//     annual volume or spend it assumes and when rates are planned to be
//     loaded. These are the plan, frozen from here on: later views go to
//     a forecast series beside it.
//   - Implemented: rates are loaded, systems configured and buyers
//     redirected; the implementation records when, where and the value.
//   - Realized: finance has validated at least one realization entry
//     against actual spend. Realized always means checked by finance,
//     never merely that a project closed or a date passed.
//
// Cancelled ends an initiative before it is realized, with a reason.
// A stage can step back one stage (rates unloaded after a system
// migration) but only with a recorded reason; history is never rewritten.
// [Allowed] answers what may happen in which stage.
//
// Every change names its actor, time and reason and must carry the
// evidence its stage needs; a change without it fails with an
// [EvidenceError] listing what is missing. A [Guard] supplied by the
// caller (the governance package provides one) may refuse a change for
// reasons of policy. A refused change leaves the initiative unchanged.
//
// # Realization entries
//
// Savings count as realized only through entries: an amount for a
// period, on invoice evidence or as a documented manual entry. Whoever
// records an entry, a different person acting as finance validates it
// (maker-checker); self-validation is refused.
//
// # Events, replay and as-of
//
// An initiative is the fold of its events. Replaying the events gives
// the same state byte for byte, and replaying those up to a time gives
// the state as of that time, so month-end reports can be reproduced.
// Each change is decided on a version; a change decided on a stale one
// fails with a [ConflictError], so two writers cannot overwrite each
// other. Events encode to JSON with a schema version.
//
// # Money and time
//
// [Money] is an exact decimal amount in one ISO 4217 currency; amounts
// in different currencies are never added, subtracted or compared, and
// nothing is rounded except under an explicit [Rounding]. An
// [AnnualRate] is a run rate and a distinct type from a total, so the
// two cannot be added by mistake; phasing turns rates into monthly
// totals. Dates are calendar days ([Date]) and months ([Period]).
//
// The package reads no clock, files or network and keeps no global
// state: every time is an argument, and identifiers come from an
// [IDSource] the caller chooses.
package lifecycle
