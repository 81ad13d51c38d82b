package lifecycle_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openprocure/realize/lifecycle"
)

func TestEventJSONForm(t *testing.T) {
	w := newWorld(t)
	in := w.reach(t, lifecycle.Committed)
	got, err := json.Marshal(in.Events()[1])
	require.NoError(t, err)
	want := `{"schema":1,"initiative":"` + in.ID().String() + `","version":2,` +
		`"kind":"committed","actor":{"id":"` + w.owner.ID.String() + `","role":"owner",` +
		`"name":"Olga Owner"},"at":"2024-01-25T09:00:00Z","payload":{` +
		`"contractRef":"CW-2024-017",` +
		`"value":{"annual":{"amount":"120000","currency":"EUR","per":"year"},"oneTime":null},` +
		`"term":{"start":"2024-04-01","end":"2026-03-31"},` +
		`"plannedVolume":{"quantity":"0","spend":{"amount":"800000","currency":"EUR","per":"year"}},` +
		`"plannedImplementation":"2024-04-01"}}`
	assert.Equal(t, want, string(got))
}

func TestEventJSONRoundTripEveryKind(t *testing.T) {
	w := newWorld(t)
	in := richHistory(t, w)
	kinds := map[lifecycle.EventKind]bool{}
	for _, e := range in.Events() {
		kinds[e.Kind] = true
		raw, err := json.Marshal(e)
		require.NoError(t, err)
		var back lifecycle.Event
		require.NoError(t, json.Unmarshal(raw, &back), string(raw))
		assert.True(t, back.Equal(e), "%s", e)
		again, err := json.Marshal(back)
		require.NoError(t, err)
		assert.Equal(t, string(raw), string(again))
	}
	// richHistory covers every kind but cancelled; add it.
	c := w.reach(t, lifecycle.Cancelled).Events()[1]
	kinds[c.Kind] = true
	raw, err := json.Marshal(c)
	require.NoError(t, err)
	var back lifecycle.Event
	require.NoError(t, json.Unmarshal(raw, &back))
	assert.True(t, back.Equal(c))
	assert.Len(t, kinds, 12, "every kind is exercised")
}

func TestEventJSONErrors(t *testing.T) {
	w := newWorld(t)
	in := w.reach(t, lifecycle.Committed)
	raw, err := json.Marshal(in.Events()[1])
	require.NoError(t, err)
	good := string(raw)
	cases := []struct {
		name string
		doc  string
		is   error
		says string
	}{
		{"unknown schema", strings.Replace(good, `"schema":1`, `"schema":2`, 1), lifecycle.ErrUnknownSchema, "schema 2"},
		{"no schema", strings.Replace(good, `"schema":1,`, ``, 1), lifecycle.ErrUnknownSchema, "schema 0"},
		{"unknown kind", strings.Replace(good, `"committed"`, `"approved"`, 1), lifecycle.ErrInvalidValue, `"approved"`},
		{"unknown field", good[:len(good)-1] + `,"extra":1}`, nil, "extra"},
		{"payload on cancel", strings.Replace(good, `"committed"`, `"cancelled"`, 1), lifecycle.ErrInvalidValue, "no payload"},
		{"payload missing", strings.Split(good, `,"payload"`)[0] + "}", lifecycle.ErrInvalidValue, "payload"},
		{"bad amount", strings.Replace(good, `"120000"`, `"12O000"`, 1), lifecycle.ErrInvalidAmount, "12O000"},
		{"bad currency", strings.Replace(good, `"EUR","per"`, `"EURO","per"`, 1), lifecycle.ErrUnknownCurrency, "EURO"},
		{"bad date", strings.Replace(good, `"2026-03-31"`, `"2026-02-31"`, 1), lifecycle.ErrInvalidDate, "2026-02-31"},
		{"bad id", strings.Replace(good, in.ID().String(), "not-a-uuid", 1), lifecycle.ErrInvalidID, "not-a-uuid"},
		{"version zero", strings.Replace(good, `"version":2`, `"version":0`, 1), lifecycle.ErrInvalidValue, "version 0"},
		{"bad role", strings.Replace(good, `"owner"`, `"boss"`, 1), lifecycle.ErrInvalidValue, "boss"},
		{"truncated", good[:40], nil, "unexpected end"},
		{"not an object", `[1,2]`, nil, "event"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var e lifecycle.Event
			err := json.Unmarshal([]byte(tc.doc), &e)
			require.Error(t, err)
			if tc.is != nil {
				require.ErrorIs(t, err, tc.is)
			}
			assert.Contains(t, err.Error(), tc.says)
		})
	}
}

func FuzzDecodeEvent(f *testing.F) {
	w := newWorld(f)
	for _, e := range richHistory(f, w).Events() {
		raw, err := json.Marshal(e)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(raw)
	}
	f.Add([]byte(`{"schema":1}`))
	f.Add([]byte(`{"schema":1,"version":1,"kind":"cancelled","payload":null}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		var e lifecycle.Event
		if err := json.Unmarshal(raw, &e); err != nil {
			return
		}
		// Whatever decodes re-encodes, and decodes again to the same event.
		again, err := json.Marshal(e)
		if err != nil {
			t.Fatalf("a decoded event does not encode: %v\n%s", err, raw)
		}
		var back lifecycle.Event
		if err := json.Unmarshal(again, &back); err != nil {
			t.Fatalf("re-encoded event does not decode: %v\n%s", err, again)
		}
		if !back.Equal(e) {
			t.Fatalf("round trip changed the event:\n%s", again)
		}
		// Applying it to a fresh initiative must fail cleanly or succeed.
		_, _ = lifecycle.Replay([]lifecycle.Event{e})
	})
}
