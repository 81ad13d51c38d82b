package lifecycle

import (
	"fmt"
	"time"
)

// Replay rebuilds an initiative from its events, oldest first. Every
// event is checked as it was when it happened (order, version, the
// transition table, evidence, maker-checker); the first that does not
// fit is an error naming its version. Replaying the same events always
// gives the same state. Guards are not consulted, and the result has
// none: attach one with [Initiative.SetGuard] before changing it.
func Replay(events []Event) (*Initiative, error) {
	if len(events) == 0 {
		return nil, fmt.Errorf("replay: %w", ErrNoHistory)
	}
	in := &Initiative{}
	for _, e := range events {
		if err := in.Apply(e); err != nil {
			return nil, fmt.Errorf("replay: %w", err)
		}
	}
	return in, nil
}

// ReplayAsOf rebuilds the initiative as it stood at time t: from the
// events at or before t. Because event times never go backwards, these
// are a prefix of the history, and the result is what a report run at t
// showed. It is an error wrapping [ErrNoHistory] when the initiative did
// not exist yet at t.
func ReplayAsOf(events []Event, t time.Time) (*Initiative, error) {
	n := 0
	for n < len(events) && !events[n].At.After(t) {
		n++
	}
	if n == 0 {
		return nil, fmt.Errorf("replay as of %s: %w", t.Format(time.RFC3339), ErrNoHistory)
	}
	return Replay(events[:n])
}

// AsOf returns the initiative as it stood at time t, rebuilt from its own
// history; see [ReplayAsOf].
func (in *Initiative) AsOf(t time.Time) (*Initiative, error) {
	return ReplayAsOf(in.events, t)
}

// Apply appends an event made elsewhere, for example read back from an
// integrator's event store or received from another replica. The event
// must be the next version, else it is a [ConflictError]; it is checked
// as [Replay] checks it, and the guard is not consulted. Its time is
// kept in UTC. On error the initiative is unchanged.
func (in *Initiative) Apply(e Event) error {
	e.At = e.At.UTC() // as every event is kept
	next, err := in.s.fold(e)
	if err != nil {
		return err
	}
	in.s = next
	in.events = append(in.events, e.clone())
	return nil
}
