package search

import (
	"strings"
	"testing"
	"unsafe"
)

// find returns the matches of the given words in text, as Bleve's term
// locations would report them.
func find(text string, words ...string) []match {
	var ms []match
	for _, w := range words {
		for i := 0; ; {
			j := strings.Index(text[i:], w)
			if j < 0 {
				break
			}
			ms = append(ms, match{start: i + j, end: i + j + len(w), term: strings.ToLower(w)})
			i += j + len(w)
		}
	}
	return sortMatches(ms)
}

func TestSnippets(t *testing.T) {
	long := strings.Repeat("Filler words pad this very long sentence out ", 12) + "until Taliban appears " +
		strings.Repeat("and then more padding follows it for a while ", 12) + "before it ends."
	tests := []struct {
		name  string
		title string
		body  string
		words []string
		n     int
		want  []string // HTML of each snippet, best first
	}{
		{name: "best sentence first: more distinct terms",
			body:  "Russia spoke. Talks with the Taliban began. Russia and the Taliban met in Moscow.",
			words: []string{"Russia", "Taliban"}, n: 3,
			want: []string{"<mark>Russia</mark> and the <mark>Taliban</mark> met in Moscow.",
				"<mark>Russia</mark> spoke.", "Talks with the <mark>Taliban</mark> began."}},
		{name: "at most n",
			body:  "Taliban one. Taliban two. Taliban three. Taliban four.",
			words: []string{"Taliban"}, n: 2,
			want: []string{"<mark>Taliban</mark> one.", "<mark>Taliban</mark> two."}},
		{name: "markup in text is escaped",
			body:  `The <script>alert(1)</script> post & the <img src=x onerror=alert(2)> named Taliban.`,
			words: []string{"Taliban"}, n: 3,
			want: []string{`The &lt;script&gt;alert(1)&lt;/script&gt; post &amp; the &lt;img src=x onerror=alert(2)&gt; named <mark>Taliban</mark>.`}},
		{name: "long sentence cut at word boundaries around the match",
			body: long, words: []string{"Taliban"}, n: 1},
		{name: "title only when the body has no match",
			title: "Taliban talks", body: "Nothing relevant here.", words: []string{"Taliban"}, n: 3,
			want: []string{"<mark>Taliban</mark> talks"}},
		{name: "no match: the opening of the body",
			body: "First sentence. Second sentence.", n: 3,
			want: []string{"First sentence. Second sentence."}},
		{name: "paragraphs are sentences",
			body:  "Headline-like line without stop\nTaliban here",
			words: []string{"Taliban"}, n: 3,
			want: []string{"<mark>Taliban</mark> here"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := snippets([]string{tt.title, tt.body}, [][]match{find(tt.title, tt.words...), find(tt.body, tt.words...)}, tt.n, 200)
			if tt.want == nil {
				if len(got) != 1 {
					t.Fatalf("got %d snippets, want 1", len(got))
				}
				h := got[0].HTML()
				if !strings.Contains(h, "<mark>Taliban</mark>") || !strings.HasPrefix(h, "…") || !strings.HasSuffix(h, "…") {
					t.Errorf("snippet %q: want the match with ellipses at both cuts", h)
				}
				if n := len([]rune(h)); n > 240 {
					t.Errorf("snippet is %d characters, want about 200", n)
				}
				inner := strings.Trim(h, "…")
				if inner != strings.TrimSpace(inner) || !strings.Contains(tt.body, strings.NewReplacer("<mark>", "", "</mark>", "").Replace(inner)) {
					t.Errorf("snippet %q is not whole words of the text", h)
				}
				return
			}
			var html []string
			for _, s := range got {
				html = append(html, s.HTML())
			}
			if strings.Join(html, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(html, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestSnippetsDoNotHoldTheText: a snippet's pieces are copies, not cuts of
// the report's text, which a cached result would otherwise keep in memory
// whole for every hit.
func TestSnippetsDoNotHoldTheText(t *testing.T) {
	body := strings.Repeat("Padding runs on here. ", 200) + "Russia and the Taliban met in Moscow. " +
		strings.Repeat("More padding follows. ", 200)
	start := uintptr(unsafe.Pointer(unsafe.StringData(body)))
	end := start + uintptr(len(body))
	got := snippets([]string{"", body}, [][]match{nil, find(body, "Taliban")}, 3, 200)
	if len(got) == 0 {
		t.Fatal("no snippet")
	}
	for _, s := range got {
		for _, p := range s {
			if at := uintptr(unsafe.Pointer(unsafe.StringData(p.Text))); p.Text != "…" && at >= start && at < end {
				t.Errorf("piece %q points into the body", p.Text)
			}
		}
	}
}
