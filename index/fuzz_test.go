package index

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParseText: any text parses without a panic, and the parts it
// returns come from the text.
func FuzzParseText(f *testing.F) {
	for _, s := range []string{
		"Title\n\nWashington,  July 2: Body text.\n\nLeave a Reply\n",
		"LONDON, March 3 (Reuters) - Oil rose.\nReuter\n",
		"# Heading\r\n\r\nBody\r\n",
		"", "\n\n\n", "KABUL — x", "\ufeffTitle\nShare this:\nFacebook",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		title, body, dateline, place, _ := ParseText(text)
		if strings.Contains(title, "\n") {
			t.Errorf("title %q spans lines", title)
		}
		if utf8.ValidString(text) && (!utf8.ValidString(title) || !utf8.ValidString(body) || !utf8.ValidString(dateline)) {
			t.Error("valid UTF-8 in, invalid out")
		}
		if place != "" && !strings.HasPrefix(dateline, place) {
			t.Errorf("place %q is not the start of dateline %q", place, dateline)
		}
	})
}

// FuzzReadJSONL: any bytes read as JSON Lines give reports or problems,
// never a panic; every report has an ID and some text.
func FuzzReadJSONL(f *testing.F) {
	for _, s := range []string{
		`{"id":"a","title":"T","body":"B","date":"2020-01-01"}` + "\n",
		`{"title":"","body":""}` + "\n" + `not json` + "\n",
		`{"id":1,"title":{"x":[1,2]}}`,
		`[[[[[[[[[[[[]]]]]]]]]]]]`,
		"{\"id\":\"x\",\"body\":\"\xff\xfe\"}\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		err := ReadJSONL(data, "fuzz", func(r Report) error {
			if r.ID == "" || r.Title == "" && r.Body == "" {
				t.Errorf("report without id or text: %+v", r)
			}
			return nil
		}, func(Problem) {})
		if err != nil {
			t.Errorf("ReadJSONL returned %v; problems are reported, not returned", err)
		}
	})
}
