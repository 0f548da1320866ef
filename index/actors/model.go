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
// weight per label, stored as int16 times scale, found through an
// open-addressing table (a binary search over the sorted features took
// half of the tagging time). It is read-only once loaded, so tagging is
// safe for concurrent use.
type model struct {
	slots   []slotEntry
	mask    uint32
	weights []int16 // nLabels per row
	scale   float32
}

// slotEntry is a feature and its row+1 (0 for an empty slot), side by side
// so that a probe touches one cache line.
type slotEntry struct {
	key uint32
	row int32
}

func newModel(keys []uint32, weights []int16, scale float32) *model {
	size := uint32(1)
	for size < uint32(2*len(keys)+1) {
		size <<= 1
	}
	m := &model{slots: make([]slotEntry, size), mask: size - 1, weights: weights, scale: scale}
	for r, k := range keys {
		i := slot(k, m.mask)
		for m.slots[i].row != 0 {
			i = (i + 1) & m.mask
		}
		m.slots[i] = slotEntry{k, int32(r + 1)}
	}
	return m
}

// slot spreads feature hashes over the table (Fibonacci hashing).
func slot(k, mask uint32) uint32 { return (k * 2654435769) >> 7 & mask }

func (m *model) row(f uint32) int {
	for i := slot(f, m.mask); m.slots[i].row != 0; i = (i + 1) & m.mask {
		if m.slots[i].key == f {
			return int(m.slots[i].row - 1)
		}
	}
	return -1
}

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
		r := m.row(f)
		if r < 0 {
			continue
		}
		w := m.weights[r*int(nLabels) : (r+1)*int(nLabels)]
		for l := range sum {
			sum[l] += int32(w[l])
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
		if !s.nearCapital(i) {
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

// Model file format (gzip): "NDNER1", count uint32, scale float32, then
// count rows of feature uint32 and nLabels int16 weights (weight =
// int16 * scale), little-endian, sorted by feature.
const modelMagic = "NDNER1"

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
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	buf.WriteString(modelMagic)
	binary.Write(&buf, binary.LittleEndian, uint32(len(keys)))
	binary.Write(&buf, binary.LittleEndian, scale)
	for _, k := range keys {
		binary.Write(&buf, binary.LittleEndian, k)
		for _, v := range rows[k] {
			binary.Write(&buf, binary.LittleEndian, int16(math.Round(float64(v/scale))))
		}
	}
	if _, err := zw.Write(buf.Bytes()); err != nil {
		return err
	}
	return zw.Close()
}

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
		return nil, errors.New("tagger model: not a newsdesk model")
	}
	raw = raw[len(modelMagic):]
	n := binary.LittleEndian.Uint32(raw)
	scale := math.Float32frombits(binary.LittleEndian.Uint32(raw[4:]))
	raw = raw[8:]
	const rowSize = 4 + 2*int(nLabels)
	if len(raw) != int(n)*rowSize {
		return nil, fmt.Errorf("tagger model: %d bytes for %d rows", len(raw), n)
	}
	keys, weights := make([]uint32, n), make([]int16, int(n)*int(nLabels))
	for i := 0; i < int(n); i++ {
		row := raw[i*rowSize:]
		keys[i] = binary.LittleEndian.Uint32(row)
		if i > 0 && keys[i] <= keys[i-1] {
			return nil, errors.New("tagger model: features out of order")
		}
		for l := 0; l < int(nLabels); l++ {
			weights[i*int(nLabels)+l] = int16(binary.LittleEndian.Uint16(row[4+2*l:]))
		}
	}
	return newModel(keys, weights, scale), nil
}
