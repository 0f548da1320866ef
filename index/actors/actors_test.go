package actors

import (
	"reflect"
	"slices"
	"testing"
)

func TestTokenize(t *testing.T) {
	text := "U.S.-based Gohel’s report: Afghan-Arab fighters, Sajjan M. Gohel."
	var words []string
	for _, tok := range Tokenize(text) {
		if text[tok.Start:tok.End] != tok.Text {
			t.Errorf("token %q has offsets %d..%d pointing at %q", tok.Text, tok.Start, tok.End, text[tok.Start:tok.End])
		}
		if tok.Word {
			words = append(words, tok.Text)
		}
	}
	want := []string{"U.S.-based", "Gohel", "report", "Afghan-Arab", "fighters", "Sajjan", "M.", "Gohel"}
	if !reflect.DeepEqual(words, want) {
		t.Errorf("words = %q\nwant    %q", words, want)
	}
}

func codes(cs []Country) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Code
	}
	return out
}

func TestExtract(t *testing.T) {
	tests := []struct {
		name            string
		text            string
		people, notPeop []string
		countries       []string
		notCountries    []string
		orgs            []string
	}{
		{name: "title stripped, surname resolved",
			text:   "In 2017, Gen John Nicholson revealed the plan. In 2018, Nicholson followed that up.",
			people: []string{"John Nicholson"}, notPeop: []string{"Nicholson", "Gen John Nicholson"}},
		{name: "possessive ends a name",
			text:   "The nefarious agenda Vladimir Putin’s Russia has.",
			people: []string{"Vladimir Putin"}, countries: []string{"RU"}},
		{name: "middle initial and appositive",
			text:   "Sajjan M Gohel, a director, and Allison Bailey, a senior fellow, wrote it. Gohel and Bailey said so.",
			people: []string{"Sajjan M Gohel", "Allison Bailey"}, notPeop: []string{"Gohel and Bailey"}},
		{name: "demonyms, abbreviations and metonyms",
			text:      "Pakistani officials met US envoys. The Kremlin said Afghan-Arab fighters left. Britain agreed.",
			countries: []string{"PK", "US", "RU", "AF", "GB"}},
		{name: "lower-case words are not countries", text: "Let us turkey and china plates.",
			notCountries: []string{"US", "TR", "CN"}},
		{name: "organisations by alias and by cue word",
			text: "NATO and al-Qaida were discussed at the Asia Pacific Foundation and the Russian Foreign Ministry.",
			orgs: []string{"NATO", "al Qaeda", "Asia Pacific Foundation", "Russian Foreign Ministry"}},
		{name: "organisation is not a person", text: "He spoke to the Islamic State and Carnegie Mellon University.",
			notPeop: []string{"Islamic State", "Carnegie Mellon University", "Carnegie Mellon"}},
		{name: "street is not a person", text: "The fire on Karl Marx Avenue spread.", notPeop: []string{"Karl Marx Avenue"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := Extract("", tt.text)
			for _, p := range tt.people {
				if !slices.Contains(a.People, p) {
					t.Errorf("people %q lack %q", a.People, p)
				}
			}
			for _, p := range tt.notPeop {
				if slices.Contains(a.People, p) {
					t.Errorf("people %q contain %q", a.People, p)
				}
			}
			got := codes(a.Countries)
			for _, c := range tt.countries {
				if !slices.Contains(got, c) {
					t.Errorf("countries %q lack %q", got, c)
				}
			}
			for _, c := range tt.notCountries {
				if slices.Contains(got, c) {
					t.Errorf("countries %q contain %q", got, c)
				}
			}
			for _, o := range tt.orgs {
				if !slices.Contains(a.Organizations, o) {
					t.Errorf("organizations %q lack %q", a.Organizations, o)
				}
			}
		})
	}
}

func TestExtractOrdersByMentions(t *testing.T) {
	a := Extract("Russia and Pakistan", "Pakistan said. Pakistan agreed. Russia too. Iran was silent.")
	if got := codes(a.Countries); !reflect.DeepEqual(got, []string{"PK", "RU", "IR"}) {
		t.Errorf("countries = %v, want most mentioned first", got)
	}
}

func TestLookupCountry(t *testing.T) {
	for in, want := range map[string]string{"RU": "RU", "ru": "RU", "Russia": "RU", "russian federation": "RU",
		"United Kingdom": "GB", "UK": "GB", "Pakistan": "PK"} {
		c, ok := LookupCountry(in)
		if !ok || c.Code != want {
			t.Errorf("LookupCountry(%q) = %v, %v; want %s", in, c, ok, want)
		}
	}
	for _, in := range []string{"", "Atlantis", "XX"} {
		if c, ok := LookupCountry(in); ok {
			t.Errorf("LookupCountry(%q) = %v, want not found", in, c)
		}
	}
}

func TestGazetteerParses(t *testing.T) {
	g, err := parseGazetteer()
	if err != nil {
		t.Fatal(err)
	}
	if len(g.countries) < 240 || len(g.firstNames) < 500 || len(g.titles) < 100 {
		t.Errorf("gazetteer too small: %d countries, %d first names, %d titles", len(g.countries), len(g.firstNames), len(g.titles))
	}
}
