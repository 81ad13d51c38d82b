// Package matching checks every invoice line against the contract that
// should govern it, and says what it found.
//
// Contracts and their price terms go into an [Index], built once and
// validated whole (every problem reported with its contract), then
// immutable and shared. A [Matcher] classifies each [InvoiceLine] into
// exactly one [Class] — on contract, leakage, maverick, uncontracted,
// duplicate, suspected duplicate, rejected or ambiguous — and explains
// it in a [Result]: the contract, term and tier chosen, the rule that
// decided, the expected amount, the variance, the leakage
// ((paid − contracted) × quantity) and the savings against the baseline
// ((baseline − paid) × quantity), attributed to the contract's one
// initiative and the line's month. [Totals] roll results up by
// category, month and currency so that the classes add back up to the
// input, and [Realizations] turn savings into lifecycle realization
// entries for finance to validate.
//
// A large batch is best held in [Lines], which keep each distinct text
// once and each number as an exact scaled integer: [Matcher.MatchLines]
// gives the results [Matcher.MatchBatch] gives, faster, and holds no
// pointer per line for the garbage collector to follow.
//
// The rules: among contracts whose term fits a line (supplier, item,
// unit or a convertible one, currency, validity including both end
// days, region), the latest start wins, then the smaller contract ID;
// two terms of one contract that both fit are ambiguous. A line in
// another currency than the term's never matches it: there are no
// silent exchange rates. Credit notes (negative quantities) reverse what
// they credit. See [TierKind] for tiers and [Tolerance] for tolerances.
//
// Arithmetic is exact: quantities and prices are read into scaled
// integers of up to six decimal places, amounts are 128-bit, and no
// figure is rounded; a line beyond six places is rejected as too precise
// rather than matched approximately. Matching a valid line allocates
// nothing, alone or in a batch: a matcher keeps its scratch space and
// allocates only to grow it, for a larger batch or more lines seen. A
// parallel batch allocates a little for its goroutines.
//
// Limitations, stated so nobody relies on more:
//
//   - Supplier and item pairs, invoice lines and same-amount keys are
//     known by two independent 64-bit hashes rather than by their
//     strings. Two supplier and item pairs are confused only if both
//     hashes collide, about 2^-128 per pair; a matcher keeps 88 of the
//     128 bits of a line's keys, so two lines are taken for duplicates
//     with a chance of about 2^-88 per pair: about one in 600 million
//     that it happens at all among a billion lines.
//   - A matcher numbers the lines it remembers in 40 bits: it tells
//     apart the first 2^40 lines it sees, over a trillion.
//   - Cumulative tiers follow invoice-date order within a batch and
//     arrival order across batches: feed batches in date order.
//   - Maverick and uncontracted look at the line's own category, not at
//     contracts of its parent categories.
//   - A credit note is priced on its own quantity; it is not matched to
//     the purchase it credits.
package matching
