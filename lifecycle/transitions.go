package lifecycle

// The transition table: for each kind of event, the stages it may happen
// in and the stage it leaves the initiative in. This is the whole stage
// machine; everything else only checks evidence.
//
//	created                  (none)                         → pipeline
//	estimate-revised         pipeline                       → pipeline
//	committed                pipeline                       → committed
//	implemented              committed                      → implemented
//	realization-validated    implemented                    → realized
//	                         realized                       → realized
//	stepped-back             committed                      → pipeline
//	                         implemented                    → committed
//	cancelled                pipeline, committed, implemented → cancelled
//	forecast-revised, realization-recorded, realization-rejected,
//	cost-recorded, owner-reassigned: stay where they are, in the stages
//	listed below.
//
// An initiative becomes Realized through the validation of its first
// realization entry: finance checking a saving against actual spend is
// what makes it realized, never the passing of a date. Realized does not
// step back; a saving that turns out wrong is reversed by a negative
// entry that finance validates, so the P&L history stays as it was.
var transitions = map[EventKind]map[Stage]Stage{
	KindCreated:         {noStage: Pipeline},
	KindEstimateRevised: {Pipeline: Pipeline},
	KindCommitted:       {Pipeline: Committed},
	KindImplemented:     {Committed: Implemented},
	KindRealizationValidated: {
		Implemented: Realized,
		Realized:    Realized,
	},
	KindSteppedBack: {
		Committed:   Pipeline,
		Implemented: Committed,
	},
	KindCancelled: {
		Pipeline:    Cancelled,
		Committed:   Cancelled,
		Implemented: Cancelled,
	},
	KindForecastRevised:     stay(Committed, Implemented, Realized),
	KindRealizationRecorded: stay(Implemented, Realized),
	KindRealizationRejected: stay(Implemented, Realized),
	KindCostRecorded:        stay(Pipeline, Committed, Implemented, Realized),
	KindOwnerReassigned:     stay(Pipeline, Committed, Implemented, Realized),
}

// noStage is the stage of an initiative that does not exist yet.
const noStage Stage = 0

// stay returns table rows for an event that leaves the stage unchanged.
func stay(stages ...Stage) map[Stage]Stage {
	m := make(map[Stage]Stage, len(stages))
	for _, s := range stages {
		m[s] = s
	}
	return m
}

// Allowed reports whether an event of kind k may happen to an initiative
// in stage from, and the stage it would leave it in. Use the zero Stage
// for an initiative not yet created. Allowed checks the table only; the
// change itself must still carry its evidence and pass the guard.
func Allowed(from Stage, k EventKind) (to Stage, ok bool) {
	to, ok = transitions[k][from]
	return to, ok
}
