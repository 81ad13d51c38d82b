package lifecycle

// Guard decides whether a change may happen, beyond what the lifecycle
// itself checks. The governance package implements it (a category plan
// signed off before Committed, an approval matrix, segregation of
// duties); callers may write their own.
//
// Check is called after the change has passed the transition table and
// its evidence checks, and before it is applied. current is a copy of
// the initiative as it stands, without its guard, and proposed a copy of
// the event that would be appended: a guard that changes either changes
// nothing that is applied. A nil error lets the change through; an
// error refuses it and the initiative stays as it was. The error should
// say, in words for a person, what is missing ("the category plan lacks
// the sign-off of Plant Operations"); the caller receives it inside a
// [RefusedError].
//
// Guards are not consulted when events are replayed: a recorded event
// was allowed when it happened.
type Guard interface {
	Check(current *Initiative, proposed Event) error
}

// GuardFunc adapts a function to the [Guard] interface.
type GuardFunc func(current *Initiative, proposed Event) error

// Check calls f.
func (f GuardFunc) Check(current *Initiative, proposed Event) error {
	return f(current, proposed)
}

// Guards combines guards into one that asks each in turn and refuses with
// the first refusal. A nil guard in the list is skipped.
func Guards(gs ...Guard) Guard {
	return GuardFunc(func(current *Initiative, proposed Event) error {
		for _, g := range gs {
			if g == nil {
				continue
			}
			if err := g.Check(current, proposed); err != nil {
				return err
			}
		}
		return nil
	})
}
