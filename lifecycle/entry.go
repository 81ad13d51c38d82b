package lifecycle

import (
	"fmt"
	"time"
)

// SourceKind says where a realization entry's amount comes from.
type SourceKind uint8

// The source kinds.
const (
	// InvoiceEvidence: computed from matched invoice lines, which the
	// entry lists.
	InvoiceEvidence SourceKind = iota + 1
	// ManualEntry: entered by finance with a documented reason.
	ManualEntry
)

var sourceKindNames = [...]string{"", "invoice", "manual"}

// String returns "invoice" or "manual".
func (k SourceKind) String() string {
	if k != 0 && int(k) < len(sourceKindNames) {
		return sourceKindNames[k]
	}
	return fmt.Sprintf("SourceKind(%d)", uint8(k))
}

// MarshalText encodes the name; the zero value as empty text.
func (k SourceKind) MarshalText() ([]byte, error) {
	return marshalName("source kind", sourceKindNames[:], uint8(k))
}

// UnmarshalText decodes the kind's name.
func (k *SourceKind) UnmarshalText(b []byte) error {
	v, err := parseName("source kind", sourceKindNames[:], string(b))
	*k = SourceKind(v)
	return err
}

// Source is the evidence behind a realization entry: the invoice lines it
// was computed from, or the reason for a manual entry.
type Source struct {
	Kind SourceKind `json:"kind"`

	// InvoiceLines identifies the matched lines ("INV-1001/3"), for
	// invoice evidence.
	InvoiceLines []string `json:"invoiceLines,omitempty"`

	// Reason documents a manual entry.
	Reason string `json:"reason,omitempty"`
}

// EntryRecord is what is recorded for a realization entry: which period,
// how much and on what evidence.
type EntryRecord struct {
	ID     EntryID `json:"id"`
	Period Period  `json:"period"`
	Amount Money   `json:"amount"` // negative reverses earlier savings
	Source Source  `json:"source"`
}

// EntryStatus is where a realization entry stands in maker-checker.
type EntryStatus uint8

// The entry statuses.
const (
	EntryRecorded  EntryStatus = iota + 1 // recorded, awaiting a checker
	EntryValidated                        // validated by finance: realized
	EntryRejected                         // rejected by finance, with a reason
)

var entryStatusNames = [...]string{"", "recorded", "validated", "rejected"}

// String returns "recorded", "validated" or "rejected".
func (s EntryStatus) String() string {
	if s != 0 && int(s) < len(entryStatusNames) {
		return entryStatusNames[s]
	}
	return fmt.Sprintf("EntryStatus(%d)", uint8(s))
}

// MarshalText encodes the name; the zero value as empty text.
func (s EntryStatus) MarshalText() ([]byte, error) {
	return marshalName("entry status", entryStatusNames[:], uint8(s))
}

// UnmarshalText decodes the status's name.
func (s *EntryStatus) UnmarshalText(b []byte) error {
	v, err := parseName("entry status", entryStatusNames[:], string(b))
	*s = EntryStatus(v)
	return err
}

// Entry is a realization entry as the initiative holds it: the record,
// who made it, and finance's decision. Only a validated entry counts as
// realized.
type Entry struct {
	EntryRecord
	Status     EntryStatus `json:"status"`
	RecordedBy Actor       `json:"recordedBy"`
	RecordedAt time.Time   `json:"recordedAt"`

	// DecidedBy and DecidedAt are the checker and the time of the
	// validation or rejection; zero while the entry is only recorded.
	DecidedBy Actor     `json:"decidedBy"`
	DecidedAt time.Time `json:"decidedAt"`

	// Reason is the checker's reason for a rejection.
	Reason string `json:"reason,omitempty"`
}
