package main

import "testing"

// TestPlaceCountry pins which country a place name several countries
// use is given to, or that it is left out.
func TestPlaceCountry(t *testing.T) {
	tests := []struct {
		name   string
		major  map[string]bool // regions and capitals of the name
		cities map[string]int  // largest city of the name, by country
		want   string
	}{
		{"a region wins over a smaller city elsewhere (Ontario)", map[string]bool{"CA": true}, map[string]int{"US": 175_000}, "CA"},
		{"a large city wins over a parish elsewhere (Portland)", map[string]bool{"JM": true}, map[string]int{"US": 652_000}, "US"},
		{"a capital keeps its name when its own city is large (Santiago)", map[string]bool{"CL": true},
			map[string]int{"CL": 4_800_000, "DO": 1_200_000}, "CL"},
		{"regions of two countries: unclear", map[string]bool{"IN": true, "PK": true}, nil, ""},
		{"a city far larger than its namesakes (Los Angeles)", nil, map[string]int{"US": 3_970_000, "CL": 125_000}, "US"},
		{"cities of similar size: unclear (Birmingham)", nil, map[string]int{"GB": 984_000, "US": 212_000}, ""},
		{"namesakes under 100,000 do not compete (Halifax)", nil, map[string]int{"CA": 359_000, "GB": 82_000}, "CA"},
		{"a town is too small to name a country", nil, map[string]int{"US": 63_000}, ""},
		{"nor does a smaller namesake elsewhere compete with a town", nil, map[string]int{"US": 63_000, "GB": 40_000}, ""},
	}
	for _, tt := range tests {
		if got := placeCountry(tt.major, tt.cities); got != tt.want {
			t.Errorf("%s: placeCountry = %q, want %q", tt.name, got, tt.want)
		}
	}
}
