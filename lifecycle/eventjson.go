package lifecycle

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"github.com/openprocure/realize/internal/jsonx"
)

// SchemaVersion is the version of the JSON form of events that this
// package writes and reads. An event written with another version is
// refused with [ErrUnknownSchema] rather than misread.
const SchemaVersion = 1

// eventJSON is the JSON form of an Event.
type eventJSON struct {
	Schema     int             `json:"schema"`
	Initiative InitiativeID    `json:"initiative"`
	Version    int             `json:"version"`
	Kind       EventKind       `json:"kind"`
	Actor      Actor           `json:"actor"`
	At         time.Time       `json:"at"`
	Reason     string          `json:"reason,omitempty"`
	Payload    json.RawMessage `json:"payload,omitempty"`
}

// MarshalJSON encodes the event with the current [SchemaVersion]:
//
//	{"schema":1,"initiative":"…","version":3,"kind":"committed",
//	 "actor":{"id":"…","role":"owner"},"at":"2024-03-01T09:00:00Z",
//	 "reason":"…","payload":{…}}
//
// Amounts are strings, dates "2024-03-01", times RFC 3339 in UTC.
func (e Event) MarshalJSON() ([]byte, error) {
	v := eventJSON{
		Schema:     SchemaVersion,
		Initiative: e.Initiative,
		Version:    e.Version,
		Kind:       e.Kind,
		Actor:      e.Actor,
		At:         e.At,
		Reason:     e.Reason,
	}
	if e.Payload != nil {
		p, err := json.Marshal(e.Payload)
		if err != nil {
			return nil, fmt.Errorf("event v%d %s: payload: %w", e.Version, e.Kind, err)
		}
		v.Payload = p
	}
	return json.Marshal(v)
}

// UnmarshalJSON decodes an event written by MarshalJSON. Unknown fields,
// an unknown schema version or kind, and a payload that does not fit the
// kind are errors naming what was wrong; the event's meaning is checked
// when it is applied to an initiative.
func (e *Event) UnmarshalJSON(b []byte) error {
	var v eventJSON
	if err := jsonx.Strict(b, &v); err != nil {
		return fmt.Errorf("event: %w", err)
	}
	if v.Schema != SchemaVersion {
		return fmt.Errorf("event v%d: schema %d, this package reads %d: %w",
			v.Version, v.Schema, SchemaVersion, ErrUnknownSchema)
	}
	if v.Version < 1 {
		return fmt.Errorf("event: version %d: %w", v.Version, ErrInvalidValue)
	}
	if !v.Kind.Valid() {
		return fmt.Errorf("event v%d: no kind: %w", v.Version, ErrInvalidValue)
	}
	p, err := decodePayload(v.Kind, v.Payload)
	if err != nil {
		return fmt.Errorf("event v%d %s: payload: %w", v.Version, v.Kind, err)
	}
	*e = Event{
		Initiative: v.Initiative,
		Version:    v.Version,
		Kind:       v.Kind,
		Actor:      v.Actor,
		At:         v.At.UTC(),
		Reason:     v.Reason,
		Payload:    p,
	}
	return nil
}

// decodePayload decodes raw into the payload type of kind k.
func decodePayload(k EventKind, raw json.RawMessage) (Payload, error) {
	absent := jsonx.IsNull(raw)
	switch k {
	case KindSteppedBack, KindCancelled:
		if !absent {
			return nil, fmt.Errorf("%s carries no payload, got %s: %w", k, raw, ErrInvalidValue)
		}
		return nil, nil
	}
	if absent {
		return nil, fmt.Errorf("missing: %w", ErrInvalidValue)
	}
	decode, ok := payloadDecoders[k]
	if !ok {
		return nil, fmt.Errorf("kind %s: %w", k, ErrInvalidValue)
	}
	return decode(raw)
}

// payloadDecoders decodes each kind's payload into its type.
var payloadDecoders = map[EventKind]func(json.RawMessage) (Payload, error){
	KindCreated:              decodeAs[Plan],
	KindEstimateRevised:      decodeAs[EstimateRevision],
	KindCommitted:            decodeAs[Commitment],
	KindImplemented:          decodeAs[Implementation],
	KindForecastRevised:      decodeAs[ForecastRevision],
	KindCostRecorded:         decodeAs[Cost],
	KindRealizationRecorded:  decodeAs[EntryRecord],
	KindRealizationValidated: decodeAs[EntryDecision],
	KindRealizationRejected:  decodeAs[EntryDecision],
	KindOwnerReassigned:      decodeAs[OwnerReassignment],
}

func decodeAs[P Payload](raw json.RawMessage) (Payload, error) {
	var p P
	if err := jsonx.Strict(raw, &p); err != nil {
		return nil, err
	}
	return p, nil
}

// Equal reports whether e and o record the same change: the same fields,
// times as the same instant, amounts as the same numbers (1.5 equals
// 1.50 only if written alike: an event's amounts are what was recorded).
func (e Event) Equal(o Event) bool {
	a, errA := json.Marshal(e)
	b, errB := json.Marshal(o)
	return errA == nil && errB == nil && bytes.Equal(a, b)
}
