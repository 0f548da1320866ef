package actors

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
)

// model is the named-entity tagger's weights: for each hashed feature, a
// weight per label (int16 units of scale), found through an
// open-addressing table whose entries hold the feature and its weights
// side by side, so that a lookup touches one cache line: tagging is bound
// by these lookups. Nearly all features have weights that fit in int8 and
// are held in the entry; the few with larger ones (the bias, common words)
// point into a small table of int16 rows that stays in cache. The model is
// read-only once loaded, so tagging is safe for concurrent use.
type model struct {
	slots []slotEntry
	mask  uint32
	wide  []int16 // nLabels per row
	scale float32
}

// slotEntry is one feature: kind is slotEmpty, slotNarrow (weights in w)
// or slotWide (w holds the row number in wide, little-endian).
type slotEntry struct {
	key  uint32
	kind uint8
	w    [nLabels]int8
	_    [2]byte
}

const (
	slotEmpty uint8 = iota
	slotNarrow
	slotWide
)

// newModel builds the lookup table, at most two thirds full.
func newModel(keys []uint32, weights []int16, scale float32) *model {
	size := uint32(1)
	for size < uint32(len(keys)+len(keys)/2+1) {
		size <<= 1
	}
	m := &model{slots: make([]slotEntry, size), mask: size - 1, scale: scale}
	for r, k := range keys {
		i := slot(k, m.mask)
		for m.slots[i].kind != slotEmpty {
			i = (i + 1) & m.mask
		}
		e := &m.slots[i]
		e.key, e.kind = k, slotNarrow
		ws := weights[r*int(nLabels) : (r+1)*int(nLabels)]
		for l, v := range ws {
			if v < math.MinInt8 || v > math.MaxInt8 {
				e.kind = slotWide
				break
			}
			e.w[l] = int8(v)
		}
		if e.kind == slotWide {
			e.setWideRow(len(m.wide) / int(nLabels))
			m.wide = append(m.wide, ws...)
		}
	}
	return m
}

// setWideRow and wideRow keep a row number of wide in w's first bytes.
func (e *slotEntry) setWideRow(r int) {
	for i := range 4 {
		e.w[i] = int8(uint8(r >> (8 * i)))
	}
}

func (e *slotEntry) wideRow() int {
	return int(uint8(e.w[0])) | int(uint8(e.w[1]))<<8 | int(uint8(e.w[2]))<<16 | int(uint8(e.w[3]))<<24
}

// slot spreads feature hashes over the table (Fibonacci hashing).
func slot(k, mask uint32) uint32 { return (k * 2654435769) >> 7 & mask }

// scores adds up the weights of feats for every label.
func (m *model) scores(feats []uint32, out *[nLabels]float32) {
	var sum [nLabels]int32
	m.add(feats, &sum)
	for l := range out {
		out[l] = float32(sum[l]) * m.scale
	}
}

func (m *model) add(feats []uint32, sum *[nLabels]int32) {
	for _, f := range feats {
		for i := slot(f, m.mask); ; i = (i + 1) & m.mask {
			e := &m.slots[i]
			if e.kind == slotEmpty {
				break
			}
			if e.key != f {
				continue
			}
			if e.kind == slotNarrow {
				for l := range sum {
					sum[l] += int32(e.w[l])
				}
			} else {
				r := e.wideRow() * int(nLabels)
				for l, v := range m.wide[r : r+int(nLabels)] {
					sum[l] += int32(v)
				}
			}
			break
		}
	}
}

// ownScores returns the summed weights of a word's own features, computed
// once per word (words are shared within a document).
func (m *model) ownScores(w *word, buf []uint32) [nLabels]int32 {
	if w.ownModel != m {
		w.own = [nLabels]int32{}
		m.add(ownFeatures(buf[:0], w), &w.own)
		w.ownModel = m
	}
	return w.own
}

// best returns the highest-scoring label allowed for w after prev:
// punctuation may continue an entity but not start one.
func best(sc *[nLabels]float32, prev uint8, w *word) uint8 {
	var b uint8
	bs := float32(math.Inf(-1))
	for l := uint8(0); l < nLabels; l++ {
		if w.gaz&gWordless != 0 && l%2 == 1 {
			continue
		}
		if allowed(prev, l) && sc[l] > bs {
			b, bs = l, sc[l]
		}
	}
	return b
}

// docState carries what the tagger remembers across the sentences of one
// document: the entity type last given to each word.
type docState map[string]uint8

// tag labels the words of a sentence greedily, left to right, as in
// training. (A beam search over the same weights does worse: a greedy
// perceptron never learns to score the label sequences it never tried.)
func (m *model) tag(s *sentenceCtx, hist docState, buf []uint32) []uint8 {
	out := make([]uint8, len(s.words))
	var sc [nLabels]float32
	var prev, prev2 uint8
	for i := range s.words {
		if s.words[i].plain || s.words[i].joiner && prev == lO || i == 0 && s.words[i].gaz&gStop != 0 || !s.nearCapital(i) {
			// Far from any capitalised word no name can start or run:
			// skipping those words halves the tagging time.
			prev2, prev = prev, lO
			continue
		}
		sum := m.ownScores(s.words[i], buf)
		buf = s.labelFeatures(s.contextFeatures(buf[:0], i, hist[s.words[i].lower]), i, prev, prev2)
		m.add(buf, &sum)
		for l := range sc {
			sc[l] = float32(sum[l]) * m.scale
		}
		out[i] = best(&sc, prev, s.words[i])
		remember(hist, s.words[i], out[i])
		prev2, prev = prev, out[i]
	}
	return out
}

func remember(hist docState, w *word, l uint8) {
	if l != lO && w.gaz&gUpper != 0 {
		hist[w.lower] = entityType(l)
	}
}

// Model file format (gzip): "NDNER2", count uint32, scale float32, then
// the sorted features as uvarint deltas, then the weights (int16 units of
// scale) label by label as zigzag varints. Most weights are small, so
// columns of varints and small deltas let gzip do well.
const modelMagic = "NDNER2"

func writeModel(w io.Writer, rows map[uint32][nLabels]float32) error {
	keys := make([]uint32, 0, len(rows))
	var maxAbs float64
	for k, ws := range rows {
		keys = append(keys, k)
		for _, v := range ws {
			maxAbs = math.Max(maxAbs, math.Abs(float64(v)))
		}
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	scale := float32(maxAbs / math.MaxInt16)
	if scale == 0 {
		scale = 1
	}
	var buf bytes.Buffer
	buf.WriteString(modelMagic)
	binary.Write(&buf, binary.LittleEndian, uint32(len(keys)))
	binary.Write(&buf, binary.LittleEndian, scale)
	var prev uint32
	for _, k := range keys {
		buf.Write(binary.AppendUvarint(nil, uint64(k-prev)))
		prev = k
	}
	for l := range int(nLabels) {
		for _, k := range keys {
			buf.Write(binary.AppendVarint(nil, int64(math.Round(float64(rows[k][l]/scale)))))
		}
	}
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	if _, err := zw.Write(buf.Bytes()); err != nil {
		return err
	}
	return zw.Close()
}

var errDamagedModel = errors.New("tagger model: damaged")

func readModel(data []byte) (*model, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("tagger model: %w", err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("tagger model: %w", err)
	}
	if len(raw) < len(modelMagic)+8 || string(raw[:len(modelMagic)]) != modelMagic {
		return nil, errors.New("tagger model: not a newsdesk model of this version (train it again)")
	}
	raw = raw[len(modelMagic):]
	n := int(binary.LittleEndian.Uint32(raw))
	scale := math.Float32frombits(binary.LittleEndian.Uint32(raw[4:]))
	raw = raw[8:]
	if n > len(raw) {
		return nil, errDamagedModel
	}
	keys := make([]uint32, n)
	var prev uint64
	for i := range keys {
		d, size := binary.Uvarint(raw)
		if size <= 0 || (i > 0 && d == 0) || prev+d > math.MaxUint32 {
			return nil, errDamagedModel
		}
		prev += d
		keys[i] = uint32(prev)
		raw = raw[size:]
	}
	weights := make([]int16, n*int(nLabels))
	for l := range int(nLabels) {
		for i := range n {
			v, size := binary.Varint(raw)
			if size <= 0 || v < math.MinInt16 || v > math.MaxInt16 {
				return nil, errDamagedModel
			}
			weights[i*int(nLabels)+l] = int16(v)
			raw = raw[size:]
		}
	}
	if len(raw) != 0 {
		return nil, errDamagedModel
	}
	return newModel(keys, weights, scale), nil
}
