package lifecycle

import (
	"fmt"
	"time"
)

// EventKind says what an event did to an initiative.
//
// EventKind is a small comparable value; it marshals to text as its name
// ("committed"). The zero value is no kind and never appears in a valid
// event.
type EventKind uint8

// The event kinds. Each has its own payload type, named beside it; kinds
// without a payload carry nil.
const (
	KindCreated              EventKind = iota + 1 // Plan
	KindEstimateRevised                           // EstimateRevision
	KindCommitted                                 // Commitment
	KindImplemented                               // Implementation
	KindForecastRevised                           // ForecastRevision
	KindCostRecorded                              // Cost
	KindRealizationRecorded                       // EntryRecord
	KindRealizationValidated                      // EntryDecision
	KindRealizationRejected                       // EntryDecision
	KindSteppedBack                               // nil; the reason is required
	KindCancelled                                 // nil; the reason is required
	KindOwnerReassigned                           // OwnerReassignment
)

var kindNames = [...]string{
	"", "created", "estimate-revised", "committed", "implemented",
	"forecast-revised", "cost-recorded", "realization-recorded",
	"realization-validated", "realization-rejected", "stepped-back",
	"cancelled", "owner-reassigned",
}

// String returns the kind's name, such as "committed".
func (k EventKind) String() string {
	if k != 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("EventKind(%d)", uint8(k))
}

// Valid reports whether k is a known kind.
func (k EventKind) Valid() bool { return k != 0 && int(k) < len(kindNames) }

// MarshalText encodes the name; the zero value as empty text.
func (k EventKind) MarshalText() ([]byte, error) {
	return marshalName("event kind", kindNames[:], uint8(k))
}

// UnmarshalText decodes a kind's name.
func (k *EventKind) UnmarshalText(b []byte) error {
	v, err := parseName("event kind", kindNames[:], string(b))
	*k = EventKind(v)
	return err
}

// Event is one change to one initiative: who did what, when, why, and the
// version of the initiative after it. An initiative is the fold of its
// events, in version order; nothing is ever edited or removed, so the
// events are its complete audit trail.
//
// Event is a value; the library never modifies an event after it is made.
// Payload holds the kind's payload type as a value (see [EventKind]).
// Compare events with [Event.Equal]: times compare as instants. In JSON
// an event carries a schema version (see [SchemaVersion]).
type Event struct {
	Initiative InitiativeID
	Version    int // the initiative's version after this event; the first is 1
	Kind       EventKind
	Actor      Actor
	At         time.Time // when it happened, as the caller said; always UTC
	Reason     string
	Payload    Payload
}

// Payload is the kind-specific part of an [Event]: one of [Plan],
// [EstimateRevision], [Commitment], [Implementation], [ForecastRevision],
// [Cost], [EntryRecord], [EntryDecision], [OwnerReassignment], or nil.
type Payload interface {
	fits(k EventKind) bool // reports whether the payload is kind k's
}

// EstimateRevision is the payload of [KindEstimateRevised]: a new
// pipeline estimate, before the plan freezes.
type EstimateRevision struct {
	Estimate Savings `json:"estimate"`
}

// ForecastRevision is the payload of [KindForecastRevised]: the value now
// expected, recorded beside the frozen plan.
type ForecastRevision struct {
	Forecast Savings `json:"forecast"`
}

// EntryDecision is the payload of [KindRealizationValidated] and
// [KindRealizationRejected]: which entry finance decided on.
type EntryDecision struct {
	Entry EntryID `json:"entry"`
}

// OwnerReassignment is the payload of [KindOwnerReassigned]: the new
// accountable owner.
type OwnerReassignment struct {
	Owner OwnerID `json:"owner"`
}

func (Plan) fits(k EventKind) bool              { return k == KindCreated }
func (EstimateRevision) fits(k EventKind) bool  { return k == KindEstimateRevised }
func (Commitment) fits(k EventKind) bool        { return k == KindCommitted }
func (Implementation) fits(k EventKind) bool    { return k == KindImplemented }
func (ForecastRevision) fits(k EventKind) bool  { return k == KindForecastRevised }
func (Cost) fits(k EventKind) bool              { return k == KindCostRecorded }
func (EntryRecord) fits(k EventKind) bool       { return k == KindRealizationRecorded }
func (OwnerReassignment) fits(k EventKind) bool { return k == KindOwnerReassigned }
func (EntryDecision) fits(k EventKind) bool {
	return k == KindRealizationValidated || k == KindRealizationRejected
}

// payloadFits reports whether p is the payload type kind k carries.
func payloadFits(k EventKind, p Payload) bool {
	if p == nil {
		return k == KindSteppedBack || k == KindCancelled
	}
	return p.fits(k)
}

// clone returns e with its own copies of the payload's lists, so that
// what a caller holds never aliases an initiative's history.
func (e Event) clone() Event {
	switch p := e.Payload.(type) {
	case Plan:
		e.Payload = p.normalized()
	case EntryRecord:
		e.Payload = p.normalized()
	}
	return e
}

// String describes the event in one line, for logs and reports:
// "v3 2024-03-01T09:00:00Z committed by Ana (owner)".
func (e Event) String() string {
	s := fmt.Sprintf("v%d %s %s by %s", e.Version, e.At.Format(time.RFC3339), e.Kind, e.Actor)
	if e.Reason != "" {
		s += ": " + e.Reason
	}
	return s
}
