package actors

import (
	"bytes"
	"compress/gzip"
	"io"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
)

func TestTokenize(t *testing.T) {
	text := "U.S.-based Gohel’s report: Afghan-Arab fighters, Sajjan M. Gohel and Gen. Nicholson."
	var words []string
	for _, tok := range Tokenize(text) {
		if text[tok.Start:tok.End] != tok.Text {
			t.Errorf("token %q has offsets %d..%d pointing at %q", tok.Text, tok.Start, tok.End, text[tok.Start:tok.End])
		}
		words = append(words, tok.Text)
	}
	want := []string{"U.S.-based", "Gohel", "’s", "report", ":", "Afghan-Arab", "fighters", ",", "Sajjan", "M.", "Gohel",
		"and", "Gen.", "Nicholson", "."}
	if !reflect.DeepEqual(words, want) {
		t.Errorf("tokens = %q\nwant     %q", words, want)
	}
	parts := Tokenize("US-based")[0].Parts()
	if len(parts) != 2 || parts[0].Text != "US" || parts[1].Text != "based" || parts[1].Start != 3 {
		t.Errorf("Parts(US-based) = %+v", parts)
	}
}

func TestSentences(t *testing.T) {
	text := "Gen. John Nicholson spoke in the U.S. on Monday. He left.\nA new line starts here! Does it? Yes."
	var got []string
	for _, s := range sentences(text, Tokenize(text)) {
		got = append(got, text[s[0].Start:s[len(s)-1].End])
	}
	want := []string{"Gen. John Nicholson spoke in the U.S. on Monday.", "He left.", "A new line starts here!", "Does it?", "Yes."}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("sentences = %q\nwant        %q", got, want)
	}
}

// TestSentencesOfWrappedText: wire copy broken into lines of a set width
// keeps its sentences across the breaks (a name can be cut in two); text
// written a sentence or a paragraph a line, and tables, break at every
// line.
func TestSentencesOfWrappedText(t *testing.T) {
	wrapped := "White House Chief of Staff Howard\nBaker said President Reagan will address the nation\n" +
		"on Wednesday night about the report, which was released by the\ncommission on Thursday in Washington.\n" +
		"    The speech will be carried live by the three major networks,\nofficials said."
	var got []string
	for _, s := range sentences(wrapped, Tokenize(wrapped)) {
		got = append(got, strings.Join(tokenTexts(s), " "))
	}
	want := []string{
		"White House Chief of Staff Howard Baker said President Reagan will address the nation on Wednesday night " +
			"about the report , which was released by the commission on Thursday in Washington .",
		"The speech will be carried live by the three major networks , officials said ."}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("sentences of wrapped text = %q\nwant %q", got, want)
	}
	for _, text := range []string{
		"SOCCER - JAPAN GET LUCKY WIN\nAL-AIN , United Arab Emirates 1996-12-06\nJapan began the defence of their title .\nChina lost .",
		"1. Jan Ullrich ( Germany ) 4:38:51\n2. Marco Pantani ( Italy ) 4:39:02\n3. Richard Virenque ( France ) 4:40:10\n",
		"Officials met in the capital on Monday to discuss the plan for the coming year.\n" +
			"They said the talks had gone well and that more would follow in the spring.\nNo one else spoke.",
	} {
		lines := strings.Count(strings.TrimSpace(text), "\n") + 1
		if n := len(sentences(text, Tokenize(text))); n < lines {
			t.Errorf("%q: %d sentences, want at least one a line (%d)", text, n, lines)
		}
	}
}

func codes(cs []Country) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Code
	}
	return out
}

// TestExtract pins the classes of errors a people or country facet must
// not make, each with a sentence that shows it.
func TestExtract(t *testing.T) {
	tests := []struct {
		name                    string
		title, text             string
		people, notPeople       []string
		countries, notCountries []string
		orgs, notOrgs           []string
	}{
		{name: "surnames resolve to the full names used earlier",
			text:   "Sajjan M Gohel and Allison Bailey, a senior fellow, wrote it. Gohel and Bailey said so.",
			people: []string{"Sajjan M Gohel", "Allison Bailey"}, notPeople: []string{"Gohel", "Bailey", "Gohel and Bailey"}},
		{name: "a pronoun or verb with a clitic is no name, capitalised or not",
			text: "He said. \"With the revised milder temperatures... I'm more inclined to think we'll push lower.\" " +
				"\"Don't worry,\" said Mary Jones. \"It’s over.\"",
			people: []string{"Mary Jones"}, notPeople: []string{"I'm", "Don't", "It’s"}, notOrgs: []string{"I'm", "Don't", "It’s"}},
		{name: "common nouns in initials are no organisation",
			text:    "Sales of the PC and DVDs rose, Sony said. The PCS union and IBM disagreed; a TV ad ran.",
			orgs:    []string{"IBM"},
			notOrgs: []string{"PC", "DVDs", "TV"}, notPeople: []string{"Tv", "PC"}},
		{name: "feasts and seasons are no organisation",
			text:    "\"We expect a continuation in that trend into the New Year.\" Service sector activity improved, Tesco said.",
			notOrgs: []string{"New Year"}, notPeople: []string{"New Year"}},
		{name: "a party's members are no person",
			title:  "Blair rejects Tory terror offer",
			text:   "Tory leader Michael Howard attacked the plans. The Tory leader said Labour had failed.",
			people: []string{"Michael Howard"}, notPeople: []string{"Tory", "Labour", "Tory leader Michael Howard"}},
		{name: "a name given only as a surname counts",
			text: "Gohel and Bailey said the report was accurate.", people: []string{"Gohel", "Bailey"}},
		{name: "US-based names the country, not an organisation",
			text: "It appeared in US-based Foreign Policy.", countries: []string{"US"}, notPeople: []string{"Policy", "Foreign Policy"}},
		{name: "titles are stripped",
			text: "In 2017, Gen John Nicholson revealed the plan.", people: []string{"John Nicholson"}, notPeople: []string{"Gen John Nicholson", "Gen"}},
		{name: "demonym inside a phrase", text: "Russian night-vision sniper scopes were found.", countries: []string{"RU"}},
		{name: "government metonym", text: "The Kremlin maintains that it has no ties.", countries: []string{"RU"}, notOrgs: []string{"Kremlin"}},
		{name: "a country word in a person's name is not the country",
			text: "Jordan Henderson scored twice on Saturday.", people: []string{"Jordan Henderson"}, notCountries: []string{"JO"}},
		{name: "a country word heading a place's name is not the country",
			text: "The Turkey Point nuclear plant in Florida was shut down.", notCountries: []string{"TR"}},
		{name: "Georgia, the US state, in a US context",
			text: "Voters in Georgia went to the polls as Atlanta braced for long lines.", countries: []string{"US"}, notCountries: []string{"GE"}},
		{name: "Georgia, the country", text: "Georgia's president met officials in Tbilisi.", countries: []string{"GE"}, notCountries: []string{"US"}},
		{name: "web-page leftovers name nobody", text: "Leave a Reply\n\nYour email address will not be published."},
		{name: "demonyms and capitals", text: "Pakistani officials met Afghan leaders in Kabul.", countries: []string{"PK", "AF"}},
		{name: "a large city wins its name over a small region or an old name elsewhere",
			text:      "Talks moved from Philadelphia to Portland, Oregon, and then to Charlotte.",
			countries: []string{"US"}, notCountries: []string{"JO", "JM", "VC"}},
		{name: "a name cut by a line break in wire copy is one name",
			text: "White House Chief of Staff Howard\nBaker said President Reagan will address the nation\n" +
				"on Wednesday night about the report, which was released by the\ncommission on Thursday in a " +
				"long session\nthat lasted well into the evening, officials said.\n",
			people: []string{"Howard Baker", "Reagan"}, notPeople: []string{"Howard"}},
		{name: "country words inside organisation names count",
			text:      "The Bank of Japan and the French Foreign Ministry issued statements, the U.S. Treasury said.",
			countries: []string{"JP", "FR", "US"}, orgs: []string{"Bank of Japan", "French Foreign Ministry", "U.S. Treasury"}},
		{name: "companies are not people",
			text: "Shares of Walt Disney Co and Glencore Ltd rose.", orgs: []string{"Walt Disney Co", "Glencore Ltd"},
			notPeople: []string{"Walt Disney", "Walt Disney Co", "Glencore"}},
		{name: "names inside organisation and place names are not people",
			text:      "Police closed the Lincoln Center and Lake Victoria, officials at Carnegie Mellon University said.",
			notPeople: []string{"Lincoln", "Lincoln Center", "Victoria", "Carnegie Mellon", "Carnegie Mellon University"}},
		{name: "a lone first name resolves to the full name; a lone surname too",
			text:   "Former prime minister Margaret Thatcher spoke. Boris Johnson agreed. Later Boris said the Thatcher government had been right.",
			people: []string{"Margaret Thatcher", "Boris Johnson"}, notPeople: []string{"Boris", "Thatcher"}},
		{name: "ordinary words that are country names", text: "A turkey was eaten and the guinea pig escaped, said Chad Smith.",
			people: []string{"Chad Smith"}, notCountries: []string{"TR", "GN", "TD"}},
		{name: "abbreviations", text: "Officials in N.Z. and S. Korea agreed.", countries: []string{"NZ", "KR"}},
		{name: "a lone name heading an organisation named in the report is the organisation",
			text: "Jones Medical Industries Inc said on Friday it completed the purchase. Jones said the deal would add to earnings.",
			orgs: []string{"Jones Medical Industries Inc"}, notPeople: []string{"Jones"}},
		{name: "companies named like people are organisations",
			text: "Analysts at Goldman Sachs and Morgan Stanley agreed, and Ernst and Young's Sanjay Mehta said so.",
			orgs: []string{"Goldman Sachs", "Morgan Stanley", "Ernst & Young"}, people: []string{"Sanjay Mehta"},
			notPeople: []string{"Goldman Sachs", "Morgan Stanley", "Ernst"}},
		{name: "people named by where they come from",
			text:   "Scot Kathy Butler finished ahead of Texan Michael Chicoine at the Brit Awards.",
			people: []string{"Kathy Butler", "Michael Chicoine"}, notPeople: []string{"Scot Kathy Butler", "Texan Michael Chicoine", "Brit Awards"}},
		{name: "what sticks to a name's edges is not the name",
			text: "It was then-U.S.-president Jimmy Carter's plan. Podcaster Spike Cohen joined Bernie Sanders-backed groups. " +
				"Taoiseach Leo Varadkar spoke.",
			people:    []string{"Jimmy Carter", "Spike Cohen", "Bernie Sanders", "Leo Varadkar"},
			notPeople: []string{"then-U.S.-president Jimmy Carter", "Podcaster Spike Cohen", "Bernie Sanders-backed"}},
		{name: "storms, prisons and contractions are not people",
			text: "Tropical Storm Humberto grew. Sirhan was held at the Richard J. Donovan Correctional Facility. " +
				"\"I've never been better,\" she said.",
			notPeople: []string{"Storm Humberto", "Richard J. Donovan Correctional Facility", "I've"}},
		{name: "a person span inside a known name is not a person",
			text: "In 2017, Gen John Nicholson, then-commander of the NATO-led Resolute Support Mission in Afghanistan, " +
				"revealed in a Senate Armed Services Committee hearing that Russia was actively funding the Taliban and " +
				"therefore, by proxy, al Qaeda.",
			orgs: []string{"al Qaeda"}, notPeople: []string{"Qaeda"}},
		{name: "organisation aliases", text: "NATO, the U.N. and al-Qaida were named.", orgs: []string{"NATO", "United Nations", "al Qaeda"}},
		{name: "a street is not a person", text: "The fire on Karl Marx Avenue spread to Wellhouse Lane.",
			notPeople: []string{"Karl Marx Avenue", "Karl Marx", "Wellhouse Lane"}},
		{name: "events and companies are not people", text: "Hyundai Motor sponsored the Sydney Olympics, said Kim Chang.",
			people: []string{"Kim Chang"}, notPeople: []string{"Hyundai Motor", "Sydney Olympics"}},
		{name: "a capital that is a first name is not the country", text: "Michael Douglas said Douglas would sign. Victoria agreed.",
			notCountries: []string{"IM", "SC"}},
		{name: "a capital that is no first name is the country", text: "Officials in Kabul and Moscow met.",
			countries: []string{"AF", "RU"}},
		{name: "a nationality before a name is no part of it",
			text:   "Englishman Mark Cairns beat Frenchman Thierry Lincou, and Australian Greg Norman watched.",
			people: []string{"Mark Cairns", "Thierry Lincou", "Greg Norman"}, notPeople: []string{"Englishman Mark Cairns", "Frenchman Thierry Lincou", "Australian Greg Norman"}},
		{name: "an al- surname belongs to the name", text: "Presidents Omar al-Bashir of Sudan and Idriss Deby of Chad met. Abu Musab al-Zarqawi was captured.",
			people: []string{"Omar al-Bashir", "Abu Musab al-Zarqawi"}, notPeople: []string{"Omar", "Abu Musab"}},
		{name: "an al- surname and the rest of the name the tagger ran on over",
			text: "Zine al-Abidine Ben Ali met the delegation in Tunis.", people: []string{"Zine al-Abidine Ben Ali"},
			notPeople: []string{"Zine al-Abidine", "Ben Ali"}},
		{name: "a role before and a verb after make a person",
			text:   "Burmese opposition leader Aung San Suu Kyi said the military abused the law.",
			people: []string{"Aung San Suu Kyi"}},
		{name: "a name ends before its country", text: "Joseph Garba of Nigeria applied.\n\n1. Dmitri Dashinski Belarus 256.5 points",
			people: []string{"Joseph Garba", "Dmitri Dashinski"}, notPeople: []string{"Joseph Garba of Nigeria", "Dmitri Dashinski Belarus"},
			countries: []string{"NG", "BY"}},
		{name: "a name written two ways counts once, in full",
			text:   "Police named the man as Brian T. Carroll, 45. Officers said Leon van Biljon, the owner, was away.\n\nLater Brian Carroll said Van Biljon agreed.",
			people: []string{"Brian T. Carroll", "Leon van Biljon"}, notPeople: []string{"Brian Carroll", "Van Biljon"}},
		{name: "a known organisation read as a person is the organisation",
			text: "Al Jazeera reported that the BBC aired the footage. Al-Jazeera said Human Rights Watch agreed.",
			orgs: []string{"Al Jazeera", "BBC", "Human Rights Watch"}, notPeople: []string{"Al Jazeera", "Al-Jazeera"}},
		{name: "a known organisation the tagger cut short counts whole",
			text: "One activist on Sunday told Agence France-Presse that arson was used.",
			orgs: []string{"Agence France-Presse"}, notOrgs: []string{"Agence"}, notCountries: []string{"FR"}},
		{name: "a person inside an organisation span is the person",
			text:   "Secretary of State Mike Pompeo and House Foreign Affairs Committee chairman Eliot Engel spoke.",
			people: []string{"Mike Pompeo"}, orgs: []string{"House Foreign Affairs Committee"},
			notOrgs: []string{"State Mike Pompeo", "State Mike Pompeo and House Foreign Affairs Committee", "State"}},
		{name: "titles of local office are stripped; the place before the title counts",
			text:   "Nevada Assemblywoman Selena Torres said so.",
			people: []string{"Selena Torres"}, notPeople: []string{"Nevada Assemblywoman Selena Torres", "Assemblywoman Selena Torres"},
			countries: []string{"US"}},
		{name: "plural titles, particles and post-nominals",
			text:      "Senate Minority Whip Dick Durbin and Senators Marco Rubio of Florida spoke. NYC Mayor Bill de Blasio agreed.\n\nKama Melly QC and John Mills Jr. appeared.",
			people:    []string{"Dick Durbin", "Marco Rubio", "Bill de Blasio", "Kama Melly", "John Mills"},
			notPeople: []string{"Kama Melly QC", "John Mills Jr.", "Marco Rubio of Florida"},
			orgs:      []string{"Senate"},
			notOrgs:   []string{"Senate Minority Whip Dick Durbin", "Senate Minority", "NYC Mayor Bill de Blasio", "Senators Marco Rubio of Florida"}},
		{name: "a surname the tagger left after a given name belongs to it",
			text:   "The bill passed, as did Senate Majority Leader Mitch McConnell.\n\nWTO members met. Derek da Cunha, senior fellow at the institute, said so.",
			people: []string{"Mitch McConnell", "Derek da Cunha"}, notPeople: []string{"Mitch", "Derek"}, orgs: []string{"Senate"}},
		{name: "scorers in a results line are people",
			text:   "Rangers 4 (Ferguson 34, McCoist 71 74, Le Saux 83 pen) Hibernian 3 (Wright 12).\n\nThe index rose (Nasdaq up 5).",
			people: []string{"Ferguson", "McCoist", "Le Saux", "Wright"}, notPeople: []string{"Rangers", "Hibernian", "Nasdaq"}},
		{name: "clubs are not people",
			text:   "Spanish first division standings, said John Smith.\n\nReal Madrid 15 10 4 1 31 12 34\n\nReal Betis 15 8 5 2 31 15 29",
			people: []string{"John Smith"}, notPeople: []string{"Real Madrid", "Real Betis"}},
		{name: "companies and clubs the tagger read as people are organisations",
			text: "The contract went to Contrack International, said Eric Schnaible.\n\nSteven Gerrard scored twice against Werder Bremen. Blackburn Rovers lost 2-0." +
				"\n\nManchester United striker Ole Gunnar Solskjaer could return next season.\n\nThe Norwegian has been out with a knee injury." +
				" \"I want to play again,\" Solskjaer told Aftenposten Daily. \"The problem will be the knee.\"",
			people:    []string{"Eric Schnaible", "Steven Gerrard"},
			notPeople: []string{"Contrack International", "Werder Bremen", "Blackburn Rovers", "Aftenposten Daily"},
			orgs:      []string{"Contrack International", "Werder Bremen", "Blackburn Rovers", "Aftenposten Daily"}},
		{name: "a backslash for a line break (AG News) does not cut a name",
			text:   `U.N. Secretary-General Kofi\Annan on Monday chose the British head of a key\agency as his chief of staff.`,
			people: []string{"Kofi Annan"}, notPeople: []string{"Kofi", "Annan", `Kofi\Annan`}},
		{name: "a headline in title case names no one by its capitals",
			title:     "Update 2: Time Warner Profit Dips, Sets Aside Reserve",
			text:      "Time Warner Inc., the world's largest media company, said Wednesday that its earnings slid 8 percent.",
			notPeople: []string{"Time Warner Profit Dips", "Time Warner Profit", "Time Warner"}},
		{name: "an initial never ends a name",
			text:   "Prime Minister Shaukat Aziz briefed Commonwealth Secretary-General Donald C. McKinnon on full restoration of democracy.",
			people: []string{"Shaukat Aziz", "Donald C. McKinnon"}, notPeople: []string{"Donald C."}},
		{name: "a region named by an ordinary word is no place",
			text:      "Oil neared $50 a barrel as Gulf storms curtailed output in the United States.",
			countries: []string{"US"}, notCountries: []string{"PG"}},
		{name: "an abbreviation alone is no name",
			text:   "Joe Nemechek, who won six poles from 1997-00, got No.",
			people: []string{"Joe Nemechek"}, notPeople: []string{"No.", "No"}},
		{name: "NY is New York", text: "Tokyo shares follow the NY trend higher.", countries: []string{"JP", "US"}},
		{name: "a name right after a word for a kind of organisation is the organisation",
			text:   "Rosneft said output rose. Russian oil company Rosneft is state-run. Rosneft chief Igor Sechin spoke.",
			people: []string{"Igor Sechin"}, notPeople: []string{"Rosneft"}, orgs: []string{"Rosneft"}},
		{name: "not when the organisation is named before that word, nor a first name",
			text:   "Boris Yeltsin was ill. A surgeon told Itar-Tass news agency Yeltsin was working. The group John founded grew.",
			people: []string{"Boris Yeltsin"}, notOrgs: []string{"Yeltsin", "John"}},
		{name: "a name running on into an adjective names the place, not an organisation",
			text:      "The New York Stock Exchange said trading was heavy. A New York-based bank, Citibank, said profits rose.",
			orgs:      []string{"New York Stock Exchange", "Citibank"},
			notOrgs:   []string{"New", "New York", "New York-based"},
			countries: []string{"US"}},
		{name: "a city in an adjective the tagger left alone names its country",
			text: "The London-based bank and a Paris-based group merged. A Google-owned site said so.", countries: []string{"GB", "FR"},
			notOrgs: []string{"Google", "London"}, notPeople: []string{"Google"}},
		{name: "a storm is no one",
			text:      "Stocks rose after Hurricane Ivan in September. Typhoon Haiyan hit the Philippines. Tropical Storm Bill weakened.",
			notPeople: []string{"Ivan", "Hurricane Ivan", "Bill", "Haiyan"}, notOrgs: []string{"Typhoon Haiyan", "Haiyan"},
			countries: []string{"PH"}},
		{name: "sites are not people", text: "Troops at Bagram Air Base and guests of the Ritz Hotel left, said Mary Jones.",
			people: []string{"Mary Jones"}, notPeople: []string{"Bagram Air Base", "Ritz Hotel", "Ritz"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := Extract(tt.title, tt.text)
			check := func(what string, got, want, not []string) {
				for _, w := range want {
					if !slices.Contains(got, w) {
						t.Errorf("%s %q lack %q", what, got, w)
					}
				}
				for _, n := range not {
					if slices.Contains(got, n) {
						t.Errorf("%s %q contain %q", what, got, n)
					}
				}
			}
			check("people", a.People, tt.people, tt.notPeople)
			check("countries", codes(a.Countries), tt.countries, tt.notCountries)
			check("organizations", a.Organizations, tt.orgs, tt.notOrgs)
			if tt.name == "web-page leftovers name nobody" && (len(a.People) > 0 || len(a.Organizations) > 0) {
				t.Errorf("actors %+v, want none", a)
			}
		})
	}
}

func TestMentionsPointAtTheText(t *testing.T) {
	text := "Gen John Nicholson met Vladimir Putin in Moscow. Putin spoke."
	_, ms := Default().Analyze(text)
	want := map[string]string{"John Nicholson": "John Nicholson", "Vladimir Putin": "Vladimir Putin", "Moscow": "RU", "Putin": "Vladimir Putin"}
	for _, m := range ms[0] {
		span := text[m.Start:m.End]
		if v, ok := want[span]; !ok || v != m.Value {
			t.Errorf("mention %q (%s) = %q, want %q", span, m.Kind, m.Value, v)
		}
	}
	if len(ms[0]) != 4 {
		t.Errorf("mentions %+v, want 4", ms[0])
	}
}

// TestExtractConcurrently checks what the indexer relies on: workers
// extracting at once get what one extraction alone gets (run with -race
// to see shared state).
func TestExtractConcurrently(t *testing.T) {
	texts := []string{
		"Sajjan M Gohel and Allison Bailey wrote it. Gohel said Russia and Pakistan met in Kabul.",
		"Gen John Nicholson revealed the plan. The Kremlin maintains that it has no ties.",
		"Rangers 4 (Ferguson 34, McCoist 71) Hibernian 3. Jordan Henderson scored twice.",
		"Agence France-Presse reported that Omar al-Bashir of Sudan met Frenchman Thierry Lincou.",
	}
	want := make([]Actors, len(texts))
	for i, text := range texts {
		want[i] = Default().NewSession().Extract("", text) // a session that remembers nothing
	}
	var wg sync.WaitGroup
	got := make([][]Actors, 8)
	for w := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Half the goroutines keep one session across reports (what
			// it remembers must not change what it finds), half share
			// the Extractor.
			extract := Extract
			if w%2 == 0 {
				extract = Default().NewSession().Extract
			}
			for range 20 {
				for _, text := range texts {
					got[w] = append(got[w], extract("", text))
				}
			}
		}()
	}
	wg.Wait()
	for w := range got {
		for k, a := range got[w] {
			if !reflect.DeepEqual(a, want[k%len(texts)]) {
				t.Fatalf("worker %d, text %d: %+v, want %+v", w, k%len(texts), a, want[k%len(texts)])
			}
		}
	}
}

func TestExtractOrdersByMentions(t *testing.T) {
	a := Extract("Russia and Pakistan", "Pakistan said. Pakistan agreed. Russia too. Iran was silent.")
	if got := codes(a.Countries); !reflect.DeepEqual(got, []string{"PK", "RU", "IR"}) {
		t.Errorf("countries = %v, want most mentioned first", got)
	}
}

func TestPeopleFacet(t *testing.T) {
	got := PeopleFacet([]string{"VLADIMIR PUTIN", "Putin", "Zakharova", "Sajjan M Gohel", "Gohel", "Sajjan Gohel",
		"Van Moer", "Enzo Van Moer"})
	want := []string{"Vladimir Putin", "Zakharova", "Sajjan M Gohel", "Enzo Van Moer"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("PeopleFacet = %q, want %q", got, want)
	}
}

func TestLookupCountry(t *testing.T) {
	for in, want := range map[string]string{"RU": "RU", "ru": "RU", "Russia": "RU", "russian federation": "RU",
		"United Kingdom": "GB", "UK": "GB", "Pakistan": "PK", "Turkey": "TR",
		// Former names, as in older wire copy.
		"Soviet Union": "RU", "USSR": "RU", "Zaire": "CD", "Kampuchea": "KH", "Yugoslavia": "RS"} {
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
	if len(g.countries) < 240 || g.firstNames.len() < 500 || g.givenNames.len() < 50000 || len(g.titles) < 100 ||
		g.places.keys.len() < 40000 || g.common.len() < 50000 {
		t.Errorf("gazetteer too small: %d countries, %d first names, %d given names, %d titles, %d places, %d words",
			len(g.countries), g.firstNames.len(), g.givenNames.len(), len(g.titles), g.places.keys.len(), g.common.len())
	}
	// Demonyms shared by a country and its territories go to the country.
	if c, ok := CountryOf("American", false); !ok || c != "US" {
		t.Errorf("American = %q, want US", c)
	}
	if c, ok := CountryOf("French", false); !ok || c != "FR" {
		t.Errorf("French = %q, want FR", c)
	}
}

// trainingSample is a small hand-written training set (none of it from
// the evaluation corpora).
var trainingSample = []TrainSentence{
	{Tokens: []string{"Maria", "Lopez", "visited", "Paris", "on", "Monday", "."},
		Labels: []string{"B-PER", "I-PER", "O", "B-LOC", "O", "O", "O"}, Doc: 1},
	{Tokens: []string{"Lopez", "works", "for", "Acme", "Corp", "."},
		Labels: []string{"B-PER", "O", "O", "B-ORG", "I-ORG", "O"}, Doc: 1},
	{Tokens: []string{"Ahmed", "Khan", "said", "the", "Red", "Cross", "left", "Kabul", "."},
		Labels: []string{"B-PER", "I-PER", "O", "O", "B-ORG", "I-ORG", "O", "B-LOC", "O"}, Doc: 2},
	{Tokens: []string{"German", "officials", "met", "Anna", "Berg", "in", "Berlin", "."},
		Labels: []string{"B-MISC", "O", "O", "B-PER", "I-PER", "O", "B-LOC", "O"}, Doc: 3},
}

func TestTrainIsReproducible(t *testing.T) {
	train := func(seed uint64) []byte {
		var buf bytes.Buffer
		if err := Train(trainingSample, TrainOptions{Epochs: 5, Seed: seed, MinWeight: 0.01}, &buf); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	a, b := train(7), train(7)
	if !bytes.Equal(a, b) {
		t.Fatal("two trainings with the same seed wrote different models")
	}
	x, err := NewExtractor(a)
	if err != nil {
		t.Fatal(err)
	}
	// The model learnt its training data.
	got, _ := x.Analyze("Maria Lopez visited Paris on Monday .")
	if !slices.Contains(got.People, "Maria Lopez") {
		t.Errorf("people %q: the trained model does not find Maria Lopez", got.People)
	}
}

func TestModelRejectsGarbage(t *testing.T) {
	if _, err := NewExtractor([]byte("not a model")); err == nil {
		t.Error("NewExtractor accepted garbage")
	}
}

// TestModelKeepsWeights writes weights small and large (the table keeps
// them in two forms) and reads them back exactly; a cut model is an error.
func TestModelKeepsWeights(t *testing.T) {
	rows := map[uint32][nLabels]float32{}
	for k := uint32(0); k < 5000; k++ {
		var ws [nLabels]float32
		for l := range ws {
			ws[l] = float32(int(k*7+uint32(l)*13)%255 - 127) // int8 range
		}
		if k%50 == 0 {
			ws[k%uint32(nLabels)] = float32(int(k)%30000 - 15000) // needs int16
		}
		rows[k*2654435761] = ws
	}
	rows[1] = [nLabels]float32{32767} // sets the scale to 1
	var buf bytes.Buffer
	if err := writeModel(&buf, rows); err != nil {
		t.Fatal(err)
	}
	m, err := readModel(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	for k, ws := range rows {
		var sum [nLabels]int32
		m.add([]uint32{k}, &sum)
		for l := range ws {
			if float32(sum[l])*m.scale != ws[l] {
				t.Fatalf("feature %d label %d: read %v, wrote %v", k, l, float32(sum[l])*m.scale, ws[l])
			}
		}
	}
	var none [nLabels]int32
	m.add([]uint32{12345}, &none)
	if none != ([nLabels]int32{}) {
		t.Errorf("a feature not in the model has weights %v", none)
	}
	raw, err := gzip.NewReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := io.ReadAll(raw)
	for _, cut := range []int{len(modelMagic) + 4, len(plain) / 2, len(plain) - 1} {
		var z bytes.Buffer
		zw := gzip.NewWriter(&z)
		zw.Write(plain[:cut])
		zw.Close()
		if _, err := readModel(z.Bytes()); err == nil {
			t.Errorf("a model cut at %d of %d bytes was accepted", cut, len(plain))
		}
	}
}

func TestTrimNameEdges(t *testing.T) {
	for in, want := range map[string]string{
		"then-U.S.-president Jimmy Carter": "Jimmy Carter",
		"Podcaster Spike Cohen":            "Spike Cohen",
		"Bernie Sanders-backed":            "Bernie Sanders",
		"Jo JorgensenImage":                "Jo Jorgensen",
		"Tom Tancredo Image":               "Tom Tancredo",
		"Kang Young-hoon":                  "Kang Young-hoon", // a lower-case part of a given name stays
		"Omar al-Bashir":                   "Omar al-Bashir",
		"al-Bashir":                        "al-Bashir",
	} {
		toks := trimNameEdges(Tokenize(in))
		if got := in[toks[0].Start:toks[len(toks)-1].End]; got != want {
			t.Errorf("trimNameEdges(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestSessionRemembersReports: a report seen again gets the same actors,
// and a different one its own.
func TestSessionRemembersReports(t *testing.T) {
	s := Default().NewSession()
	a := s.Extract("Putin meets Xi", "Vladimir Putin met Xi Jinping in Moscow.")
	b := s.Extract("Putin meets Xi", "Vladimir Putin met Xi Jinping in Moscow.")
	c := s.Extract("Putin meets Xi", "Vladimir Putin met Xi Jinping in Beijing.")
	if !reflect.DeepEqual(a, b) {
		t.Errorf("the same report twice: %+v, then %+v", a, b)
	}
	if reflect.DeepEqual(a.Countries, c.Countries) {
		t.Errorf("a different report got the first one's countries: %+v", c.Countries)
	}
	fresh := Default().NewSession().Extract("Putin meets Xi", "Vladimir Putin met Xi Jinping in Beijing.")
	if !reflect.DeepEqual(c, fresh) {
		t.Errorf("session %+v, fresh session %+v", c, fresh)
	}
}

// TestCountryByCodeAsTheGazetteer: the countries a server names by code
// (read without the gazetteer) are the gazetteer's, every one.
func TestCountryByCodeAsTheGazetteer(t *testing.T) {
	g := loadOnce()
	if len(countriesByCode()) != len(g.countries) || len(g.countries) < 240 {
		t.Fatalf("%d countries by code, the gazetteer has %d", len(countriesByCode()), len(g.countries))
	}
	for code, want := range g.countries {
		if got, ok := CountryByCode(strings.ToLower(code)); !ok || got != want {
			t.Errorf("CountryByCode(%q) = %+v, %v; want %+v", code, got, ok, want)
		}
	}
	if _, ok := CountryByCode("XX"); ok {
		t.Error("CountryByCode(XX) found a country")
	}
}

func TestIsContraction(t *testing.T) {
	for w, want := range map[string]bool{"I'm": true, "We'll": true, "It’s": true, "Don't": true, "Could've": true,
		"LET'S": true, "McDonald's": false, "O'Brien": false, "Sa'd": false, "Reuters'": false, "'s": false} {
		if got := isContraction(w); got != want {
			t.Errorf("isContraction(%q) = %v, want %v", w, got, want)
		}
	}
}
