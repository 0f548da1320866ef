package actors

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// The large lists (tens of thousands of first names and places) are kept
// as sorted 32-bit hashes rather than maps of strings: a few hundred
// kilobytes instead of megabytes of heap. A false hit needs a hash
// collision with one of ~100,000 entries, about one in 40,000 lookups of
// an unknown word, and only nudges a feature or a place lookup.

func hash32(s string) uint32 { return hashStr(fnvOffset, s) }

// hashLower is hash32(strings.ToLower(s)) without building the string
// when s is ASCII.
func hashLower(s string) uint32 {
	h := uint32(fnvOffset)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return hash32(strings.ToLower(s))
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		h = (h ^ uint32(c)) * fnvPrime
	}
	return h
}

// nameSet is a set of strings by hash.
type nameSet []uint32

func newNameSet(words []string) nameSet {
	s := make(nameSet, 0, len(words))
	for _, w := range words {
		s = append(s, hash32(w))
	}
	slices.Sort(s)
	return slices.Compact(s)
}

func (s nameSet) has(w string) bool {
	_, ok := slices.BinarySearch(s, hash32(w))
	return ok
}

// placeIndex maps lower-case place names to country codes by hash.
type placeIndex struct {
	keys  []uint32
	codes []string // parallel to keys
}

func newPlaceIndex(names, codes []string) placeIndex {
	type entry struct {
		key  uint32
		code string
	}
	es := make([]entry, len(names))
	for i, n := range names {
		es[i] = entry{hash32(strings.ToLower(n)), codes[i]}
	}
	slices.SortFunc(es, func(a, b entry) int {
		switch {
		case a.key < b.key:
			return -1
		case a.key > b.key:
			return 1
		}
		return strings.Compare(a.code, b.code)
	})
	p := placeIndex{}
	for i, e := range es {
		if i > 0 && e.key == es[i-1].key {
			continue
		}
		p.keys = append(p.keys, e.key)
		p.codes = append(p.codes, e.code)
	}
	return p
}

// lookup returns the country of a place name (any case).
func (p placeIndex) lookup(name string) (string, bool) {
	i, ok := slices.BinarySearch(p.keys, hash32(strings.ToLower(name)))
	if !ok {
		return "", false
	}
	return p.codes[i], true
}

func (p placeIndex) has(name string) bool {
	_, ok := p.lookup(name)
	return ok
}
