package actors

import (
	"strings"
)

// orgCues end organisation names ("Asia Pacific Foundation", "Russian
// Foreign Ministry"). "of"-forms ("Bank of England") have the cue before.
var orgCues = wordsOf(`Academy Agency Airlines Airways Alliance Army Assembly Association Authority Bank
Board Brigade Brothers Bros Bureau Cables Capital Centre Center Church Club Co Coalition Command Commission
Committee Communications Company Conference Congress Controls Corp Corporation Council Court Department
Chemical Chemicals Electronics Energy Enterprises Entertainment Exchange Federation Films Force Forces Foundation Front Fund
Group Guard Holdings Inc Industries Institute Investments Journal League Ltd Media Medical Ministry Mission
Motors Movement Network News Office Organisation Organization Parliament Partners Party Pharmaceuticals
Pictures Police Post Press Publishing Records Reserve Resources Securities Service Services Society
Studios Systems Technologies Tribunal Times Trust Union University`)

// placeCues end names of streets, buildings and places, which are neither
// people nor organisations ("Karl Marx Avenue", "Kennedy Airport").
var placeCues = wordsOf(`Airport Arena Avenue Bay Boulevard Bridge Canal Castle Cathedral Circuit City County Course Desert
District Hall Highway Hill Hospital Island Islands Lake Mosque Mount Mountain Mountains Ocean Palace Park
Plaza Province Region River Road Sea Square Stadium Station Street Temple Tower Valley`)

// streetWords end street names too ("Wellhouse Lane"). Unlike placeCues
// they are not a tagger feature (the model was trained without them).
var streetWords = wordsOf(`Close Crescent Drive Gardens Grove Lane Row Terrace`)

// eventWords and companyWords end names of events and companies ("Sydney
// Olympics", "Hyundai Motor", "Aftenposten Daily"); a rule, not a tagger
// feature, like streetWords.
var (
	eventWords   = wordsOf(`Award Awards Championship Championships Cup Festival Games Marathon Olympics Open Prix Series Summit Tour Trophy`)
	companyWords = wordsOf(`Airline Bancorp Chronicle Daily Gazette Herald International Motor Oil Partnership Petroleum Pharma
Steel Telecom Tribune`)
)

// clubWords start names of sports clubs ("Real Madrid", "Dynamo Kiev"); a
// rule like streetWords.
var clubWords = wordsOf(`AC AS Atletico Athletic Bayer Borussia CSKA Dinamo Dynamo Eintracht FC Fortuna Hapoel Hertha
Inter Ironi Lokomotiv Maccabi Olympique Racing Rayo Real Sporting Spartak Steaua Werder`)

// clubEnds end names of sports clubs ("Blackburn Rovers", "Leeds United").
var clubEnds = wordsOf(`Albion Hotspur Rovers United Wanderers`)

// siteWords end names of sites where people stay or work ("Bagram Air
// Base", "Ritz Hotel"); a rule like streetWords.
var siteWords = wordsOf(`Base Camp Facility Hotel Jail Library Lodge Museum Penitentiary Prison Resort`)

// isPlaceWord reports whether w ends names of places and streets, or of
// events, companies and clubs: names that are not a person's even when
// they start with one ("Karl Marx Avenue", "Walt Disney Co").
func isPlaceWord(w string) bool {
	return placeCues[w] || streetWords[w] || eventWords[w] || companyWords[w] || siteWords[w] || clubEnds[w]
}

// nationalNouns name people of the nations inside countries, which the
// country list's demonyms ("French" for "Frenchman") do not cover
// ("Briton Tim Henman").
var nationalNouns = wordsOf(`Briton Britons Englishman Englishwoman Scot Scots Scotsman Scotswoman Welshman Welshwoman
Californian Londoner Texan Yorker`)

// groups name peoples, faiths and political camps, never a person
// ("Jews", "Hutu", "Tory leader").
var groups = wordsOf(`Tribe Tribes Africans Americans Arab Arabs Asians Buddhist Buddhists Catholic Catholics Christian Christians
Europeans Hindu Hindus Hutu Hutus Jew Jewish Jews Kurd Kurds Latinos Muslim Muslims Protestant Protestants
Shia Shiite Shiites Sikh Sikhs Sunni Sunnis Tamil Tamils Tutsi Tutsis
Communist Communists Conservative Conservatives Democrat Democrats Labour Liberal Liberals Republican Republicans
Socialist Socialists Tories Tory Unionist Unionists`)

// stopwords are capitalised words that never form a person name.
var stopwords = wordsOf(`A An And As At But By For From He Her Hers Him His However I If In It Its Me Meanwhile
Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July
August September October November December Mr Mrs Ms No Of On Or She So The Their There These They This
Those To Us We What When Where While Who Why With You Your`)

// commonInitialisms are common nouns written in initials ("a PC", "DVDs"):
// capitalised, but names of nothing in particular.
var commonInitialisms = wordsOf(`ADSL CD CDs CEO CEOs DJ DJs DRM DVD DVDs GDP GP GPs GPRS GPS HD HIV ID IDs IPO IPOs LCD MP
MPs MP3 MP3s PC PCs PDA PDAs PR SMS TV TVs UFO UFOs USB VAT VHS`)

// holidays are feasts and seasons, named with capitals but neither
// people nor organisations ("trading into the New Year").
var holidays = func() map[string]bool {
	set := map[string]bool{}
	for _, h := range strings.Split(`Christmas|Christmas Day|Christmas Eve|Boxing Day|Easter|Easter Sunday|Good Friday|New Year|`+
		`New Years|New Year's Day|New Year's Eve|New Years Eve|Halloween|Thanksgiving|Ramadan|Eid|Eid al-Fitr|Eid al-Adha|`+
		`Hanukkah|Diwali|Passover|Yom Kippur|Rosh Hashanah|Lent|Chinese New Year|Lunar New Year`, "|") {
		set[h] = true
	}
	return set
}()

func isInitial(s string) bool {
	s = strings.TrimSuffix(s, ".")
	return len(s) == 1 && startsUpper(s)
}

func wordsOf(s string) map[string]bool {
	set := map[string]bool{}
	for _, w := range strings.Fields(s) {
		set[w] = true
	}
	return set
}
