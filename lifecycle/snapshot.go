package lifecycle

import (
	"encoding/json"
	"time"
)

// snapshotJSON is the JSON form of an initiative's state.
type snapshotJSON struct {
	ID             InitiativeID    `json:"id"`
	Version        int             `json:"version"`
	Stage          Stage           `json:"stage"`
	Plan           Plan            `json:"plan"`
	Owner          OwnerID         `json:"owner"`
	Currency       Currency        `json:"currency"`
	CreatedAt      time.Time       `json:"createdAt"`
	UpdatedAt      time.Time       `json:"updatedAt"`
	Commitment     *Commitment     `json:"commitment"`
	Implementation *Implementation `json:"implementation"`
	Forecast       []ForecastPoint `json:"forecast"`
	Costs          []Cost          `json:"costs"`
	Entries        []Entry         `json:"entries"`
	Realized       Money           `json:"realized"`
	Pending        Money           `json:"pending"`
	CancelReason   string          `json:"cancelReason,omitempty"`
}

// MarshalJSON encodes the initiative's current state, not its history:
// a read model for reports and other services. Encode [Initiative.Events]
// to keep the history; [Replay] rebuilds the initiative from it, and the
// rebuilt initiative encodes to the same bytes.
func (in *Initiative) MarshalJSON() ([]byte, error) {
	v := snapshotJSON{
		ID:        in.s.id,
		Version:   in.s.version,
		Stage:     in.s.stage,
		Plan:      in.Plan(),
		Owner:     in.s.owner,
		Currency:  in.s.currency(),
		CreatedAt: in.s.createdAt,
		UpdatedAt: in.s.updatedAt,
		Forecast:  in.Forecast(),
		Costs:     in.Costs(),
		Entries:   in.Entries(),
		Realized:  in.Realized(),
		Pending:   in.Pending(),

		CancelReason: in.s.cancelReason,
	}
	if c, ok := in.Commitment(); ok {
		v.Commitment = &c
	}
	if m, ok := in.Implementation(); ok {
		v.Implementation = &m
	}
	return json.Marshal(v)
}
