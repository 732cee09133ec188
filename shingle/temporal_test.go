package shingle

import "testing"

func TestIsTemporal(t *testing.T) {
	tests := []struct {
		w    string
		want bool
	}{
		{"الاثنين", true},
		{"الاربعاء", true},
		{"الجمعه", true},
		{"يوليو", true},
		{"وفي", false},
		{"بالاثنين", true},
		{"ويوليو", true},
		{"بيوليو", true},
		{"رمضان", true},
		{"monday", true},
		{"sept", true},
		{"may", false}, // a modal verb far more often than a month
		{"moon", false},
		{"الرييس", false},
		{"", false},
	}
	for _, tc := range tests {
		if got := IsTemporal([]byte(tc.w)); got != tc.want {
			t.Errorf("IsTemporal(%q) = %v, want %v", tc.w, got, tc.want)
		}
	}
}
