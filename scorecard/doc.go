// Package scorecard turns initiatives and match results into the
// realization scorecard a monthly finance review reads: what was in the
// pipeline, committed, implemented, due and realized, per category,
// owner, supplier, region, business unit and period; the rates that
// judge it; and where the gap between committed and realized savings
// went.
//
// # Building a scorecard
//
// A [Config] says as of when the scorecard is taken, which months it
// covers, which dimensions its rows have, and how amounts reach one
// reporting currency. [Build] takes the initiatives and the match
// results in one call. For data too large for one pass, feed shards into
// separate [Partial] values (one per goroutine or machine), [Partial.Merge]
// them in any grouping and order, and take [Partial.Scorecard]: the result
// is exactly the one a single pass gives.
//
//	sc, err := scorecard.Build(cfg, initiatives, results)
//	for _, row := range sc.Rows() {
//		fmt.Println(row.Path, row.Reduction.Realized, row.RealizationRate(lifecycle.CostReduction))
//	}
//
// # What the figures mean
//
// Every initiative is read as it stood at [Config.AsOf], from its own
// event history, so a scorecard for a past date shows exactly what it
// showed that day. Its figures are measured over the window of months
// [Config.From] to [Config.To]:
//
//   - Pipeline: the estimate of every initiative not cancelled, phased
//     over the committed term when there is one, and otherwise over the
//     window (a recurring estimate) or in the as-of month (a one-time
//     estimate).
//   - Committed: the frozen plan's phasing ([lifecycle.Initiative.Phasing])
//     of initiatives committed or beyond.
//   - Implemented: the implemented value, phased from the implementation
//     date to the end of the committed term.
//   - Due: the committed months that have ended by the as-of date.
//   - Realized: realization entries finance has validated, by their
//     period. Entries awaiting validation count for nothing.
//   - Costs: one-time implementation costs by their date; net figures
//     subtract them.
//
// Cost reduction and cost avoidance are kept apart in every row
// ([Row.Reduction], [Row.Avoidance]) and never added.
//
// From the match results come the spend figures ([Spend]): on-contract,
// leakage and maverick spend (together addressable spend), the leakage
// amount, and uncontracted spend. Duplicates, suspected duplicates,
// rejected and ambiguous lines are counted in [Accounting] but carry no
// spend, because the matcher already counted their spend once.
//
// # Where the gap went
//
// Each figure set carries a [Gap]: committed minus realized, split into
// the causes the data shows, month by month for each initiative, and
// adding up exactly to the gap:
//
//   - Currency: committed savings valued at the planned exchange rates
//     minus the same at the actual rates.
//   - Not yet due: committed savings of months that have not ended.
//   - Timing: committed savings of ended months before the month the
//     initiative was implemented (all of them while it is not).
//   - Volume: for implemented months of a recurring initiative with a
//     planned annual quantity, the committed savings minus the savings
//     the quantity actually bought on its contracts would give at the
//     committed unit saving (committed annual value ÷ planned quantity).
//     Negative when more was bought than planned.
//   - Price: leakage on the lines matched to the initiative's contracts.
//   - Compliance: maverick spend that went around the initiative's
//     contracts, times the savings rate the commitment assumed
//     (committed annual value ÷ planned annual spend).
//   - Unexplained: the rest, shown, never hidden: for example entries
//     still awaiting validation, or savings bought before implementation.
//
// # Rates
//
// A [Rate] is a ratio rounded under [Config.RateRounding]. A rate whose
// denominator is zero is undefined and says so; it is never 0, NaN or a
// panic.
//
// # Currency
//
// Amounts reach [Config.Currency] through caller-given exchange rates per
// currency and month ([ExchangeRates], [RateTable]). Committed-side
// figures (pipeline, committed, implemented, due) use the planned rates,
// realized-side figures (realized, costs, spend) the actual ones; the
// difference is the currency part of the gap. A missing rate is an error
// naming the currency and the month. Conversion multiplies exactly and
// rounds nothing, so merged shards agree to the last digit.
//
// # Purity
//
// The package reads no clock, file or network and keeps no global state.
// A [Scorecard] is immutable once built and safe for concurrent use; a
// [Partial] is not safe for concurrent use.
package scorecard
