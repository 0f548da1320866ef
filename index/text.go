package index

import (
	"regexp"
	"strings"

	"github.com/newsdesk/newsdesk/index/actors"
)

// ParseText reads a plain-text report: the first non-empty line is the
// headline, the rest the body. A dateline at the start of the body is
// recognised and kept apart; web-page leftovers at the end are dropped.
func ParseText(text string) (title, body, dateline, place, source string) {
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
	text = strings.TrimPrefix(text, "\ufeff")
	text = strings.TrimLeft(text, " \t\n")
	title, body, _ = strings.Cut(text, "\n")
	title = strings.TrimSpace(strings.TrimLeft(title, "# ")) // Markdown headline
	body = stripBoilerplate(strings.TrimSpace(body))
	dateline, place, source, body = splitDateline(body)
	return title, body, dateline, place, source
}

// datelineRE matches "Washington,  July 2:", "LONDON, March 3 (Reuters) -",
// "KABUL (AP) —" and "HOMESTEAD, Fla. (Sports Network) -" at the start of
// a body.
var datelineRE = regexp.MustCompile(`^([\p{Lu}][\p{L}.'’ -]{1,40}?(?:,[\s\p{Zs}]+[\p{Lu}][\p{L}.'’ -]{1,25}?)?)` +
	`(?:,[\s\p{Zs}]+((?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?[\s\p{Zs}]+\d{1,2}(?:,?[\s\p{Zs}]+\d{4})?))?` +
	`[\s\p{Zs}]*(?:\(([^()\n]{1,40})\))?[\s\p{Zs}]*[:\-–—]+[\s\p{Zs}]+`)

// wires are news agencies whose name alone opens a body ("AP - Workers
// at ..."): a source, not a place.
var wires = map[string]bool{"AP": true, "AFP": true, "UPI": true, "CP": true, "PA": true, "DPA": true, "ANSA": true,
	"EFE": true, "IANS": true, "PTI": true, "KYODO": true, "XINHUA": true, "TASS": true, "REUTERS": true, "REUTER": true}

func splitDateline(body string) (dateline, place, source, rest string) {
	m := datelineRE.FindStringSubmatchIndex(body)
	if m == nil {
		return "", "", "", body
	}
	// Scraped pages put no-break spaces in datelines: \s alone misses them.
	place = strings.TrimSpace(body[m[2]:m[3]])
	var date string
	if m[4] >= 0 {
		date = body[m[4]:m[5]]
	}
	if m[6] >= 0 {
		source = strings.TrimSpace(body[m[6]:m[7]])
	}
	// Without a date or a wire name, only an all-capitals place ("KABUL -")
	// is a dateline; "Meanwhile: ..." is not.
	// ("SANTA MARIA, Calif. -": the place's state need not be.)
	if city, _, _ := strings.Cut(place, ","); date == "" && source == "" && city != strings.ToUpper(city) {
		return "", "", "", body
	}
	if len(strings.Fields(place)) > 5 {
		return "", "", "", body
	}
	if wires[strings.ToUpper(place)] && date == "" && source == "" {
		return "", "", place, body[m[1]:]
	}
	place = placeCase(place)
	dateline = place
	if date != "" {
		dateline += ", " + strings.Join(strings.Fields(date), " ")
	}
	return dateline, place, source, body[m[1]:]
}

// placeCase writes a dateline place the usual way ("SAN SALVADOR" ->
// "San Salvador"; "HOMESTEAD, Fla." -> "Homestead, Fla.").
func placeCase(s string) string {
	parts := strings.Split(s, ",")
	for i, p := range parts {
		parts[i] = actors.TitleCase(p)
	}
	return strings.Join(parts, ", ")
}

// boilerplateRE matches the first line of what scraped pages append after
// the story: comment forms, share buttons, related links, newsletters.
var boilerplateRE = regexp.MustCompile(`(?i)^(leave a (reply|comment)|your email address will not be published|` +
	`share this( article| story)?:?|share on (facebook|twitter|whatsapp)|click to share|like this:?|` +
	`related (posts|articles|stories):?|you may also like|subscribe to our newsletter|` +
	`(tags|filed under|posted in):.*|comments?|(\d+ )?comments?:?|print this (page|article))\.?$`)

// shareRE matches a line that is only the names of share buttons.
var shareRE = regexp.MustCompile(`(?i)^((facebook|twitter|whatsapp|linkedin|telegram|email|print|reddit|pinterest|share)[\s|,·•]*)+$`)

// stripBoilerplate cuts the body at the first boilerplate line found in
// its last lines, and drops a trailing wire signature ("Reuter").
func stripBoilerplate(body string) string {
	lines := strings.Split(body, "\n")
	// Boilerplate only counts near the end: a story may quote "Comments".
	from := len(lines) - 12
	if from < 1 {
		from = 1
	}
	for i := from; i < len(lines); i++ {
		l := strings.TrimSpace(lines[i])
		if boilerplateRE.MatchString(l) || shareRE.MatchString(l) {
			lines = lines[:i]
			break
		}
	}
	for len(lines) > 1 {
		l := strings.TrimSpace(lines[len(lines)-1])
		if l != "" && l != "Reuter" && l != "REUTER" {
			break
		}
		lines = lines[:len(lines)-1]
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}
