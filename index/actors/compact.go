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

// hashTable finds a 32-bit key's position among n keys in a probe or two
// (open addressing, at most half full; each slot holds key<<32 | position+1,
// 0 when empty): a binary search took 17 steps through a large array for
// every word looked up.
type hashTable struct {
	slots []uint64
	mask  uint32
	n     int
}

// len returns the number of keys.
func (t hashTable) len() int { return t.n }

// newHashTable indexes keys, which must be distinct.
func newHashTable(keys []uint32) hashTable {
	size := uint32(1)
	for size < uint32(2*len(keys)+1) {
		size <<= 1
	}
	t := hashTable{slots: make([]uint64, size), mask: size - 1, n: len(keys)}
	for pos, k := range keys {
		i := slot(k, t.mask)
		for t.slots[i] != 0 {
			i = (i + 1) & t.mask
		}
		t.slots[i] = uint64(k)<<32 | uint64(pos+1)
	}
	return t
}

// find returns the position of key k.
func (t hashTable) find(k uint32) (int, bool) {
	if len(t.slots) == 0 {
		return 0, false
	}
	for i := slot(k, t.mask); ; i = (i + 1) & t.mask {
		e := t.slots[i]
		if e == 0 {
			return 0, false
		}
		if uint32(e>>32) == k {
			return int(uint32(e)) - 1, true
		}
	}
}

// nameSet is a set of strings by hash.
type nameSet struct{ hashTable }

func newNameSet(words []string) nameSet {
	keys := make([]uint32, 0, len(words))
	for _, w := range words {
		keys = append(keys, hash32(w))
	}
	slices.Sort(keys)
	return nameSet{newHashTable(slices.Compact(keys))}
}

func (s nameSet) has(w string) bool {
	_, ok := s.find(hash32(w))
	return ok
}

// placeIndex maps lower-case place names to country codes by hash.
type placeIndex struct {
	keys  hashTable
	codes []string // by the keys' positions
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
	var keys []uint32
	p := placeIndex{}
	for i, e := range es {
		if i > 0 && e.key == es[i-1].key {
			continue
		}
		keys = append(keys, e.key)
		p.codes = append(p.codes, e.code)
	}
	p.keys = newHashTable(keys)
	return p
}

// lookup returns the country of a place name (any case).
func (p placeIndex) lookup(name string) (string, bool) {
	i, ok := p.keys.find(hashLower(name))
	if !ok {
		return "", false
	}
	return p.codes[i], true
}

func (p placeIndex) has(name string) bool {
	_, ok := p.lookup(name)
	return ok
}
