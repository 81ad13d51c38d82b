// Package enum holds the text forms the public packages' small
// enumerations (stages, roles, kinds, states) share: each is a uint8
// whose names sit in an array, index 0 being the unnamed zero value.
package enum

import "fmt"

// Name returns names[v], or "Type(v)" for a value without a name.
func Name(typ string, names []string, v uint8) string {
	if v != 0 && int(v) < len(names) {
		return names[v]
	}
	return fmt.Sprintf("%s(%d)", typ, v)
}

// Marshal returns the text of v, empty for the zero value. An unknown
// value is an error wrapping invalid, since it would not read back.
func Marshal(what string, names []string, v uint8, invalid error) ([]byte, error) {
	if int(v) >= len(names) {
		return nil, fmt.Errorf("%s %d: %w", what, v, invalid)
	}
	return []byte(names[v]), nil
}

// Parse finds s among names; empty text is the zero value. An unknown
// name is an error wrapping invalid that quotes it.
func Parse(what string, names []string, s string, invalid error) (uint8, error) {
	for i, n := range names {
		if n == s {
			return uint8(i), nil
		}
	}
	return 0, fmt.Errorf("%s %q: %w", what, s, invalid)
}
