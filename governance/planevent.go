package governance

import (
	"fmt"
	"time"

	"github.com/openprocure/realize/lifecycle"
)

// PlanEventKind says what an event did to a category plan.
type PlanEventKind uint8

// The plan event kinds, with their payload types.
const (
	PlanCreated   PlanEventKind = iota + 1 // PlanContent
	PlanSubmitted                          // nil
	PlanRevised                            // Revision
	PlanSignedOff                          // SignOff
	PlanActivated                          // nil
	PlanRetired                            // nil; the reason is required
)

var planKindNames = [...]string{"", "created", "submitted", "revised", "signed-off", "activated", "retired"}

// String returns the kind's name, such as "signed-off".
func (k PlanEventKind) String() string { return nameOf("PlanEventKind", planKindNames[:], uint8(k)) }

// Valid reports whether k is a known kind.
func (k PlanEventKind) Valid() bool { return k != 0 && int(k) < len(planKindNames) }

// MarshalText encodes the name; the zero value as empty text.
func (k PlanEventKind) MarshalText() ([]byte, error) {
	return marshalName("plan event kind", planKindNames[:], uint8(k))
}

// UnmarshalText decodes a kind's name.
func (k *PlanEventKind) UnmarshalText(b []byte) error {
	v, err := parseName("plan event kind", planKindNames[:], string(b))
	*k = PlanEventKind(v)
	return err
}

// PlanEvent is one change to one category plan, like [lifecycle.Event]
// for initiatives: who did what, when, why, and the plan's version after
// it. A plan is the fold of its events; nothing is edited or removed.
type PlanEvent struct {
	Plan    PlanID
	Version int
	Kind    PlanEventKind
	Actor   lifecycle.Actor
	At      time.Time // always UTC
	Reason  string
	Payload PlanPayload
}

// PlanPayload is the kind-specific part of a [PlanEvent]: [PlanContent],
// [Revision], [SignOff], or nil.
type PlanPayload interface {
	fits(k PlanEventKind) bool
}

// Revision is the payload of [PlanRevised]: the new content, and what the
// revision did. A material revision names the material fields it
// changed and the sign-offs it voided, so the record says why a plan
// went back to review.
type Revision struct {
	Content PlanContent `json:"content"`

	// Changed lists the material fields changed ("strategy",
	// "stakeholders"); empty for a revision that needs no new sign-off.
	Changed []string `json:"changed,omitempty"`

	// Voided lists the business units whose sign-offs the revision
	// voided.
	Voided []string `json:"voided,omitempty"`
}

func (PlanContent) fits(k PlanEventKind) bool { return k == PlanCreated }
func (Revision) fits(k PlanEventKind) bool    { return k == PlanRevised }
func (SignOff) fits(k PlanEventKind) bool     { return k == PlanSignedOff }

func planPayloadFits(k PlanEventKind, p PlanPayload) bool {
	if p == nil {
		return k == PlanSubmitted || k == PlanActivated || k == PlanRetired
	}
	return p.fits(k)
}

// clone returns e with its own copies of the payload's lists, so that
// what a caller holds never aliases a plan's history.
func (e PlanEvent) clone() PlanEvent {
	switch p := e.Payload.(type) {
	case PlanContent:
		e.Payload = p.normalized()
	case Revision:
		p.Content = p.Content.normalized()
		p.Changed = cloneOrNil(p.Changed)
		p.Voided = cloneOrNil(p.Voided)
		e.Payload = p
	}
	return e
}

// String describes the event in one line.
func (e PlanEvent) String() string {
	s := fmt.Sprintf("v%d %s %s by %s", e.Version, e.At.Format(time.RFC3339), e.Kind, e.Actor)
	if e.Reason != "" {
		s += ": " + e.Reason
	}
	return s
}
