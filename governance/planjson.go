package governance

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"github.com/openprocure/realize/internal/jsonx"
	"github.com/openprocure/realize/lifecycle"
)

// PlanSchemaVersion is the version of the JSON form of plan events this
// package writes and reads; another version is refused with
// [ErrUnknownSchema].
const PlanSchemaVersion = 1

type planEventJSON struct {
	Schema  int             `json:"schema"`
	Plan    PlanID          `json:"plan"`
	Version int             `json:"version"`
	Kind    PlanEventKind   `json:"kind"`
	Actor   lifecycle.Actor `json:"actor"`
	At      time.Time       `json:"at"`
	Reason  string          `json:"reason,omitempty"`
	Payload json.RawMessage `json:"payload,omitempty"`
}

// MarshalJSON encodes the event with the current [PlanSchemaVersion], in
// the shape of [lifecycle.Event]'s JSON with "plan" for "initiative".
func (e PlanEvent) MarshalJSON() ([]byte, error) {
	v := planEventJSON{
		Schema:  PlanSchemaVersion,
		Plan:    e.Plan,
		Version: e.Version,
		Kind:    e.Kind,
		Actor:   e.Actor,
		At:      e.At,
		Reason:  e.Reason,
	}
	if e.Payload != nil {
		p, err := json.Marshal(e.Payload)
		if err != nil {
			return nil, fmt.Errorf("plan event v%d %s: payload: %w", e.Version, e.Kind, err)
		}
		v.Payload = p
	}
	return json.Marshal(v)
}

// UnmarshalJSON decodes an event written by MarshalJSON. Unknown fields,
// an unknown schema or kind, and a payload that does not fit the kind are
// errors; the event's meaning is checked when it is applied.
func (e *PlanEvent) UnmarshalJSON(b []byte) error {
	var v planEventJSON
	if err := jsonx.Strict(b, &v); err != nil {
		return fmt.Errorf("plan event: %w", err)
	}
	if v.Schema != PlanSchemaVersion {
		return fmt.Errorf("plan event v%d: schema %d, this package reads %d: %w",
			v.Version, v.Schema, PlanSchemaVersion, ErrUnknownSchema)
	}
	if v.Version < 1 || !v.Kind.Valid() {
		return fmt.Errorf("plan event: version %d kind %q: %w", v.Version, v.Kind, ErrInvalidValue)
	}
	p, err := decodePlanPayload(v.Kind, v.Payload)
	if err != nil {
		return fmt.Errorf("plan event v%d %s: payload: %w", v.Version, v.Kind, err)
	}
	*e = PlanEvent{
		Plan:    v.Plan,
		Version: v.Version,
		Kind:    v.Kind,
		Actor:   v.Actor,
		At:      v.At.UTC(),
		Reason:  v.Reason,
		Payload: p,
	}
	return nil
}

func decodePlanPayload(k PlanEventKind, raw json.RawMessage) (PlanPayload, error) {
	absent := jsonx.IsNull(raw)
	var p PlanPayload
	var err error
	switch k {
	case PlanSubmitted, PlanActivated, PlanRetired:
		if !absent {
			return nil, fmt.Errorf("%s carries no payload: %w", k, ErrInvalidValue)
		}
		return nil, nil
	case PlanCreated:
		p, err = decodeAs[PlanContent](raw)
	case PlanRevised:
		p, err = decodeAs[Revision](raw)
	case PlanSignedOff:
		p, err = decodeAs[SignOff](raw)
	}
	if absent {
		return nil, fmt.Errorf("missing: %w", ErrInvalidValue)
	}
	return p, err
}

func decodeAs[P PlanPayload](raw json.RawMessage) (PlanPayload, error) {
	var p P
	if err := jsonx.Strict(raw, &p); err != nil {
		return nil, err
	}
	return p, nil
}

// Equal reports whether e and o record the same change, as their JSON
// forms do.
func (e PlanEvent) Equal(o PlanEvent) bool {
	a, errA := json.Marshal(e)
	b, errB := json.Marshal(o)
	return errA == nil && errB == nil && bytes.Equal(a, b)
}
