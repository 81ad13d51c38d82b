package lifecycle

import "fmt"

// Phasing returns the committed savings spread over their term by
// calendar month, rounded under r: the plan against which realization
// is judged. A recurring saving's annual rate is phased with
// [PhaseAnnual]; a one-time saving falls whole in the month its term
// starts. It is an error wrapping [ErrNotCommitted] when the initiative
// has no commitment.
func (in *Initiative) Phasing(r Rounding) (Schedule, error) {
	c, ok := in.Commitment()
	if !ok {
		return Schedule{}, fmt.Errorf("initiative %s in stage %s: %w", in.s.id, in.s.stage, ErrNotCommitted)
	}
	if in.s.plan.Recurrence == OneTime {
		return NewSchedule([]PeriodAmount{{Period: c.Term.Start.Period(), Amount: c.Value.OneTime}})
	}
	return PhaseAnnual(c.Value.Annual, c.Term, r)
}

// Due returns the committed savings due by day d: the phased amounts of
// every month of the term that has ended on or before d (see
// [Schedule.DueBy]). Set against [Initiative.Realized], it shows the
// slippage.
func (in *Initiative) Due(d Date, r Rounding) (Money, error) {
	s, err := in.Phasing(r)
	if err != nil {
		return Money{}, err
	}
	return s.DueBy(d), nil
}
