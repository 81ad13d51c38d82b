// Package jsonx holds the strict JSON decoding the public packages share
// for their event histories.
package jsonx

import (
	"bytes"
	"encoding/json"
	"errors"
)

// ErrTrailing reports data after the one JSON value expected.
var ErrTrailing = errors.New("trailing data after the value")

// Strict decodes exactly one JSON value from b into v, refusing fields v
// does not have and anything but white space after the value.
func Strict(b []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		return err
	}
	// Decoder.More reports false before a stray ']' or '}', so the rest
	// of the input is looked at directly.
	if rest := b[d.InputOffset():]; len(bytes.Trim(rest, " \t\r\n")) > 0 {
		return ErrTrailing
	}
	return nil
}

// IsNull reports whether raw is absent or the JSON null.
func IsNull(raw json.RawMessage) bool {
	return len(raw) == 0 || bytes.Equal(bytes.TrimSpace(raw), []byte("null"))
}
