package jsonx_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/openprocure/realize/internal/jsonx"
)

func TestStrict(t *testing.T) {
	tests := []struct {
		in       string
		trailing bool // want ErrTrailing
		fails    bool // want some other error
	}{
		{in: `{"a":1}`},
		{in: " \t\r\n{\"a\":1} \t\r\n"},
		{in: `{"a":1}]`, trailing: true},
		{in: `{"a":1}}`, trailing: true},
		{in: `{"a":1} 2`, trailing: true},
		{in: `{"a":1}{"a":2}`, trailing: true},
		{in: `{"a":1},`, trailing: true},
		{in: `{"a":1}x`, trailing: true},
		{in: `{"a":1,"b":2}`, fails: true},
		{in: `{"a":`, fails: true},
		{in: ``, fails: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			var v struct {
				A int `json:"a"`
			}
			err := jsonx.Strict([]byte(tt.in), &v)
			switch {
			case tt.trailing:
				if !errors.Is(err, jsonx.ErrTrailing) {
					t.Fatalf("Strict(%q) = %v, want ErrTrailing", tt.in, err)
				}
			case tt.fails:
				if err == nil || errors.Is(err, jsonx.ErrTrailing) {
					t.Fatalf("Strict(%q) = %v, want a decoding error", tt.in, err)
				}
			default:
				if err != nil || v.A != 1 {
					t.Fatalf("Strict(%q) = %v, a = %d; want nil, 1", tt.in, err, v.A)
				}
			}
		})
	}
}

func TestIsNull(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"", true}, {"null", true}, {" null\n", true}, {"{}", false}, {`"null"`, false},
	}
	for _, tt := range tests {
		if got := jsonx.IsNull(json.RawMessage(tt.in)); got != tt.want {
			t.Errorf("IsNull(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
