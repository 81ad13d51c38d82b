package governance_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openprocure/realize/governance"
	"github.com/openprocure/realize/lifecycle"
)

func TestPlanEventJSONForm(t *testing.T) {
	w := planFixture(t)
	p := w.reach(t, governance.InReview)
	e := w.sign(t, p, planPlant, w.day(2))

	got, err := json.Marshal(e)
	require.NoError(t, err)
	want := `{"schema":1,"plan":"` + p.ID().String() + `","version":3,"kind":"signed-off",` +
		`"actor":{"id":"` + w.plant.ID.String() + `","role":"stakeholder","name":"Pia Plant"},` +
		`"at":"2024-02-03T09:00:00Z","payload":{"businessUnit":"Plant Operations",` +
		`"date":"2024-02-20","resourceCommitments":"one buyer half time; ERP catalogue update",` +
		`"cadence":"quarterly","complianceLevel":"0.9",` +
		`"consequences":"off-contract orders escalated to the plant director"}}`
	assert.Equal(t, want, string(got))

	// A change without a payload has no payload field.
	got, err = json.Marshal(p.Events()[1])
	require.NoError(t, err)
	assert.NotContains(t, string(got), "payload")
	assert.Contains(t, string(got), `"kind":"submitted"`)
}

func TestPlanEventJSONRoundTripEveryKind(t *testing.T) {
	w := planFixture(t)
	p := planHistory(t, w)
	kinds := map[governance.PlanEventKind]bool{}
	for _, e := range p.Events() {
		kinds[e.Kind] = true
		raw, err := json.Marshal(e)
		require.NoError(t, err)
		var back governance.PlanEvent
		require.NoError(t, json.Unmarshal(raw, &back), string(raw))
		assert.True(t, back.Equal(e), "%s", e)
		assert.Equal(t, e.Payload == nil, back.Payload == nil, "%s", e)
		again, err := json.Marshal(back)
		require.NoError(t, err)
		assert.Equal(t, string(raw), string(again), "%s", e)
	}
	assert.Len(t, kinds, 6, "every kind is exercised")
}

func TestPlanEventJSONTimesInUTC(t *testing.T) {
	w := planFixture(t)
	p := w.create(t)
	raw, err := json.Marshal(p.Events()[0])
	require.NoError(t, err)
	shifted := strings.Replace(string(raw), `"2024-02-01T09:00:00Z"`, `"2024-02-01T10:00:00+01:00"`, 1)
	require.NotEqual(t, string(raw), shifted)

	var e governance.PlanEvent
	require.NoError(t, json.Unmarshal([]byte(shifted), &e))
	assert.Equal(t, time.UTC, e.At.Location())
	assert.True(t, e.At.Equal(w.day(0)))
	assert.True(t, e.Equal(p.Events()[0]))
}

// TestPlanEventJSONNullPayload: an explicit null is no payload.
func TestPlanEventJSONNullPayload(t *testing.T) {
	w := planFixture(t)
	p := w.reach(t, governance.InReview)
	raw, err := json.Marshal(p.Events()[1])
	require.NoError(t, err)
	withNull := strings.TrimSuffix(string(raw), "}") + `,"payload":null}`

	var e governance.PlanEvent
	require.NoError(t, json.Unmarshal([]byte(withNull), &e))
	assert.Nil(t, e.Payload)
	assert.True(t, e.Equal(p.Events()[1]))
}

func TestPlanEventJSONErrors(t *testing.T) {
	w := planFixture(t)
	p := planHistory(t, w)
	encode := func(e governance.PlanEvent) string {
		raw, err := json.Marshal(e)
		require.NoError(t, err)
		return string(raw)
	}
	created := encode(p.Events()[0])
	submitted := encode(p.Events()[2])
	signed := encode(p.Events()[3])
	revised := encode(p.Events()[9])
	require.Contains(t, revised, `"voided":[`)

	cases := []struct {
		name string
		doc  string
		is   error
		says string
	}{
		{"unknown schema", strings.Replace(signed, `"schema":1`, `"schema":2`, 1),
			governance.ErrUnknownSchema, "schema 2"},
		{"no schema", strings.Replace(signed, `"schema":1,`, ``, 1),
			governance.ErrUnknownSchema, "schema 0"},
		{"unknown kind", strings.Replace(signed, `"signed-off"`, `"approved"`, 1),
			governance.ErrInvalidValue, `"approved"`},
		{"no kind", strings.Replace(signed, `"kind":"signed-off",`, ``, 1),
			governance.ErrInvalidValue, "kind"},
		{"version zero", strings.Replace(signed, `"version":4`, `"version":0`, 1),
			governance.ErrInvalidValue, "version 0"},
		{"unknown field", strings.TrimSuffix(signed, "}") + `,"extra":1}`, nil, "extra"},
		{"unknown payload field", strings.Replace(signed, `"cadence"`, `"frequency"`, 1), nil, "frequency"},
		{"unknown content field", strings.Replace(created, `"strategy"`, `"vision"`, 1), nil, "vision"},
		{"payload on submitted", strings.Replace(created, `"created"`, `"submitted"`, 1),
			governance.ErrInvalidValue, "no payload"},
		{"payload on activated", strings.Replace(signed, `"signed-off"`, `"activated"`, 1),
			governance.ErrInvalidValue, "no payload"},
		{"payload on retired", strings.Replace(revised, `"revised"`, `"retired"`, 1),
			governance.ErrInvalidValue, "no payload"},
		{"payload missing", strings.Split(created, `,"payload"`)[0] + "}",
			governance.ErrInvalidValue, "missing"},
		{"payload null", strings.Split(signed, `,"payload"`)[0] + `,"payload":null}`,
			governance.ErrInvalidValue, "missing"},
		{"revision without payload", strings.Replace(submitted, `"submitted"`, `"revised"`, 1),
			governance.ErrInvalidValue, "missing"},
		{"sign-off payload on created", strings.Replace(signed, `"signed-off"`, `"created"`, 1),
			nil, "businessUnit"},
		{"payload not an object", strings.Split(signed, `,"payload"`)[0] + `,"payload":[1]}`,
			nil, "payload"},
		{"bad cadence", strings.Replace(signed, `"quarterly"`, `"weekly"`, 1),
			governance.ErrInvalidValue, "weekly"},
		{"bad compliance level", strings.Replace(signed, `"0.9"`, `"0.9x"`, 1), nil, "0.9x"},
		{"bad date", strings.Replace(signed, `"2024-02-20"`, `"2024-02-30"`, 1),
			lifecycle.ErrInvalidDate, "2024-02-30"},
		{"bad plan id", strings.Replace(signed, p.ID().String(), "not-a-uuid", 1),
			lifecycle.ErrInvalidID, "not-a-uuid"},
		{"bad role", strings.Replace(signed, `"stakeholder"`, `"boss"`, 1),
			lifecycle.ErrInvalidValue, "boss"},
		{"bad gate", strings.Replace(created, `"ref"`, `"gate":"approved","ref"`, 1),
			lifecycle.ErrInvalidValue, "approved"},
		{"bad time", strings.Replace(signed, `"2024-02-04T09:00:00Z"`, `"yesterday"`, 1), nil, "yesterday"},
		{"truncated", signed[:60], nil, "unexpected end"},
		{"trailing data", signed + `{}`, nil, "after top-level value"},
		{"not an object", `[]`, nil, "plan event"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			require.NotEqual(t, signed, tc.doc, "the case must change the document")
			var e governance.PlanEvent
			err := json.Unmarshal([]byte(tc.doc), &e)
			require.Error(t, err)
			if tc.is != nil {
				require.ErrorIs(t, err, tc.is)
			}
			assert.Contains(t, err.Error(), tc.says)
			assert.Equal(t, governance.PlanEvent{}, e, "a refused document leaves the event as it was")
		})
	}
}

// FuzzDecodePlanEvent decodes arbitrary bytes as a plan event: it never
// panics, and what decodes encodes again, and decodes to an equal event
// with the same bytes.
func FuzzDecodePlanEvent(f *testing.F) {
	w := planFixture(f)
	for _, e := range planHistory(f, w).Events() {
		raw, err := json.Marshal(e)
		require.NoError(f, err)
		f.Add(raw)
		f.Add([]byte(strings.Replace(string(raw), `"schema":1`, `"schema":2`, 1)))
		f.Add([]byte(strings.Split(string(raw), `,"payload"`)[0] + "}"))
	}
	f.Add([]byte(`{"schema":1}`))
	f.Add([]byte(`{"schema":1,"version":1,"kind":"retired","payload":null}`))
	f.Add([]byte(`null`))
	f.Add([]byte(``))

	f.Fuzz(func(t *testing.T, raw []byte) {
		var e governance.PlanEvent
		if err := json.Unmarshal(raw, &e); err != nil {
			return
		}
		again, err := json.Marshal(e)
		require.NoError(t, err, "decoded from %q", raw)
		var back governance.PlanEvent
		require.NoError(t, json.Unmarshal(again, &back), "%s", again)
		require.True(t, back.Equal(e), "%s", again)
		third, err := json.Marshal(back)
		require.NoError(t, err)
		require.Equal(t, string(again), string(third))
	})
}
