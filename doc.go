// Package realize tracks procurement savings from the first idea to the
// profit and loss statement.
//
// Procurement teams sign contracts that promise savings; most of that
// money never arrives, because buyers keep ordering from old suppliers,
// pay above the negotiated price, or nobody loads the new rates. realize
// makes that gap visible and owned.
//
// Package [github.com/openprocure/realize/lifecycle] is the foundation:
// money, categories and their dated owners, and savings initiatives
// moving through four stages — pipeline, committed, implemented,
// realized — as an event history that replays to any past date, with
// committed savings phased by month and fiscal year.
//
// Package [github.com/openprocure/realize/governance] enforces the
// operating model on top of it: category plans signed off by the
// business units that must execute them, a guard that gates initiatives
// on those sign-offs, an approval matrix and segregation of duties, and
// the compliance reports each sign-off promises.
//
// Package [github.com/openprocure/realize/matching] checks every invoice
// line against the contract that should govern it — on contract,
// leakage, maverick, uncontracted, duplicate, rejected or ambiguous —
// exactly and explainably, and turns matched savings into realization
// entries. Scorecards are built on these as a package of their own.
//
// The library is pure: it reads no files, network or clock and logs
// nothing. Every time is an argument, money is exact decimal in one
// currency at a time, results are deterministic, and every error can be
// tested with errors.Is or errors.As. This package holds documentation
// only.
package realize
