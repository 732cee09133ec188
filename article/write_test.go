package article

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"
)

// kv is one top-level member of a JSON object: its key and raw value.
type kv struct {
	Key string
	Val string
}

// objectMembers lists the top-level members of a JSON object in order,
// duplicates included, with their raw values (independently of the
// package's own scanner).
func objectMembers(b []byte) ([]kv, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	if tok != json.Delim('{') {
		return nil, fmt.Errorf("not an object: starts with %v", tok)
	}
	var out []kv
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		var val json.RawMessage
		if err := dec.Decode(&val); err != nil {
			return nil, err
		}
		out = append(out, kv{tok.(string), string(val)})
	}
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	return out, nil
}

// appendRecord calls AppendRecord and turns a panic into an error.
func appendRecord(dst, raw, ann []byte) (out []byte, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	return AppendRecord(dst, raw, ann)
}

func TestAppendRecordExact(t *testing.T) {
	ann := `{"group":3,"of":["x","y"]}`
	for _, c := range []struct {
		raw, want string
	}{
		{`{"a":1}`, `{"a":1,"samestory":` + ann + "}\n"},
		{`{}`, `{"samestory":` + ann + "}\n"},
		{`{ }`, `{"samestory":` + ann + "}\n"},
		{"{\n\t}", `{"samestory":` + ann + "}\n"},
		{`{"a":1 }`, `{"a":1,"samestory":` + ann + "}\n"},
		{"{\"a\" : 1 ,\t\"b\":[1, 2]\r\n}", "{\"a\" : 1 ,\t\"b\":[1, 2],\"samestory\":" + ann + "}\n"},
		{`  {"a":1}` + "\r\n", `{"a":1,"samestory":` + ann + "}\n"},
		{`{"a":"}","b":{"c":"]}"}}`, `{"a":"}","b":{"c":"]}"},"samestory":` + ann + "}\n"},
		{`{"a":"samestory"}`, `{"a":"samestory","samestory":` + ann + "}\n"},
		{`{"a":{"samestory":1}}`, `{"a":{"samestory":1},"samestory":` + ann + "}\n"},
		{`{"a":"\u00e9"}`, `{"a":"\u00e9","samestory":` + ann + "}\n"},
		// An earlier run's member is replaced.
		{`{"samestory":{"old":1},"a":1,"b":[2]}`, `{"a":1,"b":[2],"samestory":` + ann + "}\n"},
		{`{"a":1,"samestory":"old","b":2}`, `{"a":1,"b":2,"samestory":` + ann + "}\n"},
		{`{"a":1, "samestory": {"x":"}"} }`, `{"a":1,"samestory":` + ann + "}\n"},
		{`{"a":1,"samestory":null}`, `{"a":1,"samestory":` + ann + "}\n"},
		{`{"samestory":1}`, `{"samestory":` + ann + "}\n"},
		{`{ "samestory" : [1,2] }`, `{"samestory":` + ann + "}\n"},
		{`{"a":1,"samestor\u0079":2,"b":3}`, `{"a":1,"b":3,"samestory":` + ann + "}\n"},
	} {
		got, err := appendRecord([]byte("prev\n"), []byte(c.raw), []byte(ann))
		if err != nil {
			t.Errorf("AppendRecord(%q): %v", c.raw, err)
			continue
		}
		if string(got) != "prev\n"+c.want {
			t.Errorf("AppendRecord(%q) =\n %q\nwant\n %q", c.raw, got, "prev\n"+c.want)
		}
	}
}

// TestAppendRecordMembers checks the properties that must hold for any
// object: valid JSON, one line, exactly one samestory member holding the
// annotation, last, and every other member byte-identical and in order.
func TestAppendRecordMembers(t *testing.T) {
	ann := `{"g":1}`
	for _, raw := range []string{
		`{"a":1}`,
		`{"samestory":1,"a":1,"b":2}`,
		`{"a":1,"samestory":1,"b":2}`,
		`{"a":1,"b":2,"samestory":1}`,
		`{"samestory":1}`,
		`{"a" : "x" , "samestory" : {"k":[1,{"samestory":2}]} , "c" : null }`,
		`{"id":"1","text":"a \"samestory\": b","samestory":{}}`,
		`{"s\u0061mestory":1,"a":2}`,
		// Repeated samestory members (possible in any input): all go.
		`{"samestory":1,"samestory":2}`,
		`{"a":1,"samestory":1,"samestory":2}`,
		`{"samestory":1,"a":1,"samestory":2}`,
		`{"samestory":1,"samestory":2,"a":1}`,
		`{"a":1,"samestory":1,"b":2,"samestory":2,"c":3}`,
		`{"samestory":1, "samestory":2, "samestory":3}`,
		`{"a":1 , "samestory":1 , "samestory":2 }`,
		`{"a":1,"samestory":1,"samestory":2 , "samestory":3 }`,
		`{"a":1,"b":{"c":2},"samestory":[1],"samestory":{"x":"y"}}`,
	} {
		orig, err := objectMembers([]byte(raw))
		if err != nil {
			t.Fatalf("bad test input %q: %v", raw, err)
		}
		got, err := appendRecord(nil, []byte(raw), []byte(ann))
		if err != nil {
			t.Errorf("AppendRecord(%q): %v", raw, err)
			continue
		}
		if !bytes.HasSuffix(got, []byte("}\n")) || bytes.Count(got, []byte("\n")) != 1 {
			t.Errorf("AppendRecord(%q) = %q: want one line ending in }\\n", raw, got)
		}
		if !json.Valid(got) {
			t.Errorf("AppendRecord(%q) = %q: not valid JSON", raw, got)
			continue
		}
		var m map[string]json.RawMessage
		if err := json.Unmarshal(got, &m); err != nil {
			t.Errorf("AppendRecord(%q) = %q: %v", raw, got, err)
			continue
		}
		if string(m[Key]) != ann {
			t.Errorf("AppendRecord(%q): samestory = %s, want %s", raw, m[Key], ann)
		}
		out, err := objectMembers(got)
		if err != nil {
			t.Errorf("AppendRecord(%q) = %q: %v", raw, got, err)
			continue
		}
		var want []kv
		for _, m := range orig {
			if m.Key != Key {
				want = append(want, m)
			}
		}
		want = append(want, kv{Key, ann})
		if fmt.Sprint(out) != fmt.Sprint(want) {
			t.Errorf("AppendRecord(%q) = %q\nmembers %q\nwant    %q", raw, got, out, want)
		}
	}
}

func TestAppendRecordNotObject(t *testing.T) {
	for _, raw := range []string{``, `  `, `{`, `}`, `[1,2]`, `"x"`, `null`, `42`, `[{"a":1}]`, `x{}`} {
		dst := []byte("keep")
		got, err := appendRecord(dst, []byte(raw), []byte(`{}`))
		if err == nil {
			t.Errorf("AppendRecord(%q) = %q, want an error", raw, got)
			continue
		}
		if string(got) != "keep" {
			t.Errorf("AppendRecord(%q) with an error changed dst to %q", raw, got)
		}
	}
}
