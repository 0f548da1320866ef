package index

import (
	binenc "encoding/binary"
	"errors"
	"fmt"
	"math"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	bleveindex "github.com/blevesearch/bleve_index_api"
	"github.com/blevesearch/vellum"
	zap "github.com/blevesearch/zapx/v17"
)

// Positions reads one term's postings in a segment straight from the
// segment's file: for a report, the term's frequency, norm and the bytes
// of its locations, whose field and position NextLocation reads.
//
// zap's own postings iterator decodes every location of every report it
// stops at into a Location (field name, position, start, end, array
// positions) behind an interface call per value; a phrase needs two of
// those five numbers, and often only the first few locations. For the
// heavy phrases ("Inc said" at 108k reports), zap's decoding was 71 % of
// the search. The format read here is zap v17's (see zapx's posting.go,
// intDecoder.go and merge.go's writePostings): a term's dictionary value
// is the offset of its postings, which hold the offsets of its
// frequency-norm and location streams, then its roaring bitmap of
// reports. Each stream is cut in chunks of chunkSize report numbers,
// with a table of the chunks' end offsets in front; in a chunk, each
// report holding the term has, in order, uvarints freq<<1|hasLocations
// and (when freq > 0) the norm's float32 bits in the one stream, and
// (when it has locations) the byte length of its locations and the
// locations (field, position, start, end, count of array positions,
// array positions) in the other.
//
// The words walk (search's wordsWalker) reads frequencies and norms alone
// this way (OpenFreqs), on fields without locations too: through zap's
// iterator, a fifth of "said" at 108k went to its interface and
// bookkeeping.
//
// Only persisted zap v17 segments are read this way, and only when no
// reader hook transforms their bytes (Readable); TestPositionsAsZap
// checks the reading against zap's own iterator.
type Positions struct {
	mem       []byte
	postings  *roaring.Bitmap // every report holding the term, deleted ones too
	all       roaring.IntPeekable
	chunkSize uint64
	freqs     chunks
	locs      chunks
	chunk     uint64 // the chunk read now; math.MaxUint64 before the first
	f, l      []byte // the rest of the chunk in each stream
	withLocs  bool   // the location stream is read too
	// A term in one report of the segment, without locations, is held
	// in its dictionary value: that report and its norm.
	one     bool
	oneDoc  uint32
	oneNorm uint64
	oneDone bool

	// What Seek read: the report's frequency, norm bits and locations.
	Freq     uint64
	NormBits uint64
	Locs     []byte
}

// chunks is one stream of a term's postings: where its data starts in
// the segment and where each chunk ends, from there.
type chunks struct {
	data uint64
	ends []uint64
}

// ErrUnread is returned by Open for postings it does not read (a term
// without locations, for Open; without frequencies, for OpenFreqs):
// zap's iterator reads those.
var ErrUnread = errors.New("postings not read by index.Positions")

// errFormat is returned for segment bytes that do not read as zap v17
// postings: a corrupt or foreign file.
var errFormat = errors.New("postings not in the expected zap format")

// Readable reports whether Positions can read segment ss.
func Readable(ss *scorch.SegmentSnapshot) bool {
	_, ok := ss.Segment().(*zap.Segment)
	return ok && bleveindex.ReaderHook == nil
}

// Open reads term's postings on field in segment ss, which must be
// Readable, with their locations; false when the term is not there. The
// error is ErrUnread when the postings hold no locations.
func (p *Positions) Open(ss *scorch.SegmentSnapshot, field string, term []byte) (bool, error) {
	return p.open(ss, field, term, true)
}

// OpenFreqs is Open for the frequencies and norms alone (Locs stays
// nil), on fields with locations or without.
func (p *Positions) OpenFreqs(ss *scorch.SegmentSnapshot, field string, term []byte) (bool, error) {
	return p.open(ss, field, term, false)
}

func (p *Positions) open(ss *scorch.SegmentSnapshot, field string, term []byte, withLocs bool) (bool, error) {
	p.withLocs, p.one = withLocs, false
	p.Freq, p.NormBits, p.Locs = 0, 0, nil
	seg, ok := ss.Segment().(*zap.Segment)
	if !ok {
		return false, fmt.Errorf("segment %T is not read as zap v17", ss.Segment())
	}
	dictAt, err := seg.DictAddr(field)
	if err != nil {
		return false, nil // the field is not in this segment
	}
	mem := seg.Data()
	fstLen, at, err := uvarintAt(mem, dictAt)
	if err != nil || fstLen == 0 {
		return false, err
	}
	if at+fstLen > uint64(len(mem)) {
		return false, errFormat
	}
	fst, err := vellum.Load(mem[at : at+fstLen])
	if err != nil {
		return false, fmt.Errorf("dictionary of %s: %w", field, err)
	}
	postingsAt, found, err := fst.Get(term)
	if err != nil || !found {
		return false, err
	}
	if postingsAt&zap.FSTValEncodingMask == zap.FSTValEncoding1Hit {
		// A report alone, without locations: zap writes a term so only
		// when it has none.
		if withLocs {
			return false, ErrUnread
		}
		doc, norm := zap.FSTValDecode1Hit(postingsAt)
		p.one, p.oneDoc, p.oneNorm, p.oneDone = true, uint32(doc), norm, false
		if p.postings == nil {
			p.postings = roaring.New()
		}
		p.postings.Clear()
		p.postings.Add(uint32(doc))
		return true, nil
	}
	freqAt, at, err := uvarintAt(mem, postingsAt)
	if err != nil {
		return false, err
	}
	locAt, at, err := uvarintAt(mem, at)
	if err != nil {
		return false, err
	}
	n, at, err := uvarintAt(mem, at)
	if err != nil || at+n > uint64(len(mem)) {
		return false, errFormat
	}
	if freqAt == 0 || withLocs && locAt == 0 { // offset 0: the stream is not written
		return false, ErrUnread
	}
	if p.postings == nil {
		p.postings = roaring.New()
	}
	if _, err := p.postings.FromBuffer(mem[at : at+n]); err != nil {
		return false, fmt.Errorf("postings of %s: %w", term, err)
	}
	p.chunkSize, err = chunkSize(seg.ChunkMode(), p.postings.GetCardinality(), seg.NumDocs())
	if err != nil {
		return false, err
	}
	if err := p.freqs.read(mem, freqAt); err != nil {
		return false, err
	}
	if withLocs {
		if err := p.locs.read(mem, locAt); err != nil {
			return false, err
		}
	}
	p.mem = mem
	p.all = p.postings.Iterator()
	p.chunk = math.MaxUint64
	p.f, p.l = nil, nil
	return true, nil
}

// Postings are the reports holding the term, deleted ones too. Do not
// change them: they are the segment's bytes.
func (p *Positions) Postings() *roaring.Bitmap { return p.postings }

// Seek reads the frequency, norm and locations of report n (numbered in
// the segment), which must hold the term; reports are sought in
// increasing order.
func (p *Positions) Seek(n uint32) error {
	m, ok, err := p.Advance(n)
	if err != nil {
		return err
	}
	if !ok || m != n {
		return fmt.Errorf("report %d does not hold the term", n)
	}
	return nil
}

// Advance reads the frequency, norm and locations of the first report
// numbered n or more (in the segment) that holds the term, deleted ones
// too, and returns its number; false when there is none. Numbers asked
// for must not decrease.
func (p *Positions) Advance(n uint32) (uint32, bool, error) {
	if p.one {
		if p.oneDone || p.oneDoc < n {
			p.oneDone = true
			return 0, false, nil
		}
		p.oneDone = true
		p.Freq, p.NormBits = 1, p.oneNorm
		return p.oneDoc, true, nil
	}
	if c := uint64(n) / p.chunkSize; p.chunk == math.MaxUint64 || c > p.chunk {
		// The chunk's first report comes first: its entries start there.
		p.all.AdvanceIfNeeded(uint32(c * p.chunkSize))
	}
	for p.all.HasNext() {
		m := p.all.Next()
		if c := uint64(m) / p.chunkSize; c != p.chunk {
			if err := p.load(c); err != nil {
				return 0, false, err
			}
		}
		if err := p.read(); err != nil {
			return 0, false, err
		}
		if m >= n {
			return m, true, nil
		}
	}
	return 0, false, nil
}

// load starts reading chunk c.
func (p *Positions) load(c uint64) error {
	var err error
	if p.f, err = p.freqs.chunk(p.mem, c); err != nil {
		return err
	}
	if p.withLocs {
		if p.l, err = p.locs.chunk(p.mem, c); err != nil {
			return err
		}
	}
	p.chunk = c
	return nil
}

// read reads the next report's entry in both streams.
func (p *Positions) read() error {
	fh, rest, ok := uvarint(p.f)
	if !ok {
		return errFormat
	}
	p.Freq, p.NormBits, p.Locs = fh>>1, 0, nil
	if p.Freq > 0 {
		if p.NormBits, rest, ok = uvarint(rest); !ok {
			return errFormat
		}
	}
	p.f = rest
	if fh&1 == 0 || !p.withLocs {
		return nil
	}
	size, rest, ok := uvarint(p.l)
	if !ok || size > uint64(len(rest)) {
		return errFormat
	}
	p.Locs, p.l = rest[:size], rest[size:]
	return nil
}

// Norm is the norm of the report Seek read.
func (p *Positions) Norm() float64 { return NormOf(p.NormBits) }

// NormOf is the norm zap stores as bits, as zap's Posting.Norm gives it.
func NormOf(bits uint64) float64 {
	return float64(float32(1 / math.Sqrt(float64(uint32(bits)))))
}

// NextLocation reads the first of locations b: its field (a place in the
// segment's Fields) and position; rest is the locations after it. ok is
// false when b is empty or malformed.
func NextLocation(b []byte) (field, pos uint64, rest []byte, ok bool) {
	if field, b, ok = uvarint(b); !ok {
		return 0, 0, nil, false
	}
	if pos, b, ok = uvarint(b); !ok {
		return 0, 0, nil, false
	}
	// start and end, then the count of array positions and those.
	b = skipUvarint(skipUvarint(b))
	var n uint64
	if n, b, ok = uvarint(b); !ok {
		return 0, 0, nil, false
	}
	for ; n > 0 && len(b) > 0; n-- {
		b = skipUvarint(b)
	}
	if n > 0 {
		return 0, 0, nil, false
	}
	return field, pos, b, true
}

// read reads the chunk table of a stream at offset at.
func (c *chunks) read(mem []byte, at uint64) error {
	n, at, err := uvarintAt(mem, at)
	if err != nil {
		return err
	}
	if n > uint64(len(mem)) {
		return errFormat
	}
	c.ends = c.ends[:0]
	for range n {
		var end uint64
		if end, at, err = uvarintAt(mem, at); err != nil {
			return err
		}
		c.ends = append(c.ends, end)
	}
	c.data = at
	return nil
}

// chunk returns chunk i's bytes.
func (c *chunks) chunk(mem []byte, i uint64) ([]byte, error) {
	if i >= uint64(len(c.ends)) {
		return nil, fmt.Errorf("chunk %d of %d: %w", i, len(c.ends), errFormat)
	}
	var start uint64
	if i > 0 {
		start = c.ends[i-1]
	}
	end := c.ends[i]
	if start > end || c.data+end > uint64(len(mem)) {
		return nil, errFormat
	}
	return mem[c.data+start : c.data+end], nil
}

// chunkSize is zap's chunk size for a term in card reports of a segment
// of docs reports (zapx's getChunkSize).
func chunkSize(mode uint32, card, docs uint64) (uint64, error) {
	var size uint64
	switch {
	case mode <= 1024:
		size = uint64(mode)
	case mode == 1025:
		size = 1024
		if card <= 1024 {
			size = docs
		}
	case mode == 1026:
		size = docs / (card/1024 + 1)
	default:
		return 0, fmt.Errorf("zap chunk mode %d: %w", mode, errFormat)
	}
	if size == 0 {
		return 0, fmt.Errorf("zap chunk size 0: %w", errFormat)
	}
	return size, nil
}

// uvarint reads a uvarint at the start of b.
func uvarint(b []byte) (uint64, []byte, bool) {
	if len(b) > 0 && b[0] < 0x80 {
		return uint64(b[0]), b[1:], true
	}
	v, n := binenc.Uvarint(b)
	if n <= 0 {
		return 0, nil, false
	}
	return v, b[n:], true
}

// skipUvarint is b after its first uvarint (nil when b holds none).
func skipUvarint(b []byte) []byte {
	for i, c := range b {
		if c < 0x80 {
			return b[i+1:]
		}
	}
	return nil
}

// uvarintAt reads a uvarint at offset at of mem, and the offset after it.
func uvarintAt(mem []byte, at uint64) (uint64, uint64, error) {
	if at >= uint64(len(mem)) {
		return 0, 0, errFormat
	}
	v, rest, ok := uvarint(mem[at:])
	if !ok {
		return 0, 0, errFormat
	}
	return v, uint64(len(mem) - len(rest)), nil
}
