package index

import (
	"os"
	"strings"
	"testing"
)

func TestParseTextSeed(t *testing.T) {
	raw, err := os.ReadFile("../seeds/000_38ac89ff238b6b08.txt")
	if err != nil {
		t.Fatal(err)
	}
	title, body, dateline, place, _ := ParseText(string(raw))
	if want := "Russia, Pakistan support to bring Taliban into mainstream in Afghanistan: Report"; title != want {
		t.Errorf("title = %q, want %q", title, want)
	}
	if dateline != "Washington, July 2" || place != "Washington" {
		t.Errorf("dateline, place = %q, %q; want %q, %q", dateline, place, "Washington, July 2", "Washington")
	}
	if !strings.HasPrefix(body, "Pakistan and Russia relations") {
		t.Errorf("body starts %q; want the dateline cut off", body[:40])
	}
	for _, junk := range []string{"Leave a Reply", "Your email address will not be published"} {
		if strings.Contains(body, junk) {
			t.Errorf("body still contains boilerplate %q", junk)
		}
	}
	if !strings.HasSuffix(body, "to win it,” they further said.") {
		t.Errorf("body ends %q; want the last paragraph of the story", body[len(body)-40:])
	}
}

func TestParseText(t *testing.T) {
	tests := []struct {
		name                                  string
		in                                    string
		title, dateline, place, source, start string
		notIn                                 string
	}{
		{name: "wire dateline with source", in: "Oil rises\n\nLONDON, March 3 (Reuters) - Oil rose.",
			title: "Oil rises", dateline: "London, March 3", place: "London", source: "Reuters", start: "Oil rose."},
		{name: "capitals place without date", in: "Blast\nKABUL — A blast shook the city.",
			title: "Blast", dateline: "Kabul", place: "Kabul", start: "A blast"},
		{name: "place with a state and a wire", in: "Win\nHOMESTEAD, Fla. (Sports Network) - Kevin Harvick held off.",
			title: "Win", dateline: "Homestead, Fla.", place: "Homestead, Fla.", source: "Sports Network", start: "Kevin Harvick"},
		{name: "capitals place with a province", in: "Bids\nAURORA, ONT. - Magna bid.",
			title: "Bids", dateline: "Aurora, Ont.", place: "Aurora, Ont.", start: "Magna bid."},
		{name: "capitals place with its state as usual", in: "Trial\nSANTA MARIA, Calif. - The mother testified.",
			title: "Trial", dateline: "Santa Maria, Calif.", place: "Santa Maria, Calif.", start: "The mother"},
		{name: "a wire alone is a source, not a place", in: "Strike\nAP - Workers will strike.",
			title: "Strike", source: "AP", start: "Workers will strike."},
		{name: "ordinary sentence is no dateline", in: "Title\n\nMeanwhile: nothing happened.",
			title: "Title", start: "Meanwhile: nothing happened."},
		{name: "dateline with year", in: "T\nNew York, Jan. 5, 2021: Snow fell.",
			title: "T", dateline: "New York, Jan. 5, 2021", place: "New York", start: "Snow fell."},
		{name: "markdown headline, CRLF", in: "# Heading\r\n\r\nBody text.\r\n",
			title: "Heading", start: "Body text."},
		{name: "share buttons dropped", in: "T\n\nStory.\n\nShare this:\nFacebook\nTwitter",
			title: "T", start: "Story.", notIn: "Facebook"},
		{name: "wire signature dropped", in: "T\n\nStory ends.\nReuter\n", title: "T", start: "Story ends.", notIn: "Reuter"},
		{name: "comments line early in a long story is kept",
			in:    "T\n\nComments\n" + strings.Repeat("Line of story.\n", 20),
			title: "T", start: "Comments"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			title, body, dateline, place, source := ParseText(tt.in)
			if title != tt.title || dateline != tt.dateline || place != tt.place || source != tt.source {
				t.Errorf("got title %q dateline %q place %q source %q; want %q %q %q %q",
					title, dateline, place, source, tt.title, tt.dateline, tt.place, tt.source)
			}
			if !strings.HasPrefix(body, tt.start) {
				t.Errorf("body = %q, want it to start with %q", body, tt.start)
			}
			if tt.notIn != "" && strings.Contains(body, tt.notIn) {
				t.Errorf("body = %q still contains %q", body, tt.notIn)
			}
		})
	}
}
