package enum

import (
	"errors"
	"testing"
)

var errBad = errors.New("bad")

func TestRoundTrip(t *testing.T) {
	names := []string{"", "draft", "final"}
	for v := uint8(0); v < 3; v++ {
		b, err := Marshal("state", names, v, errBad)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Parse("state", names, string(b), errBad)
		if err != nil || got != v {
			t.Fatalf("%d: got %d, %v", v, got, err)
		}
	}
	if _, err := Marshal("state", names, 3, errBad); !errors.Is(err, errBad) {
		t.Fatalf("unknown value: %v", err)
	}
	if _, err := Parse("state", names, "Draft", errBad); !errors.Is(err, errBad) || err.Error() != `state "Draft": bad` {
		t.Fatalf("unknown name: %v", err)
	}
	if got := Name("State", names, 7); got != "State(7)" {
		t.Fatalf("Name = %q", got)
	}
	if got := Name("State", names, 0); got != "State(0)" {
		t.Fatalf("Name = %q", got)
	}
}
