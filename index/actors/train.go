package actors

import (
	"bytes"
	"io"
	"math"
	"math/rand/v2"
)

// TrainSentence is a training example: tokens, their IOB2 labels ("O",
// "B-PER", ...) and the document they belong to (sentences of one
// document must be consecutive).
type TrainSentence struct {
	Tokens []string
	Labels []string
	Doc    int
}

// TrainOptions tune training.
type TrainOptions struct {
	Epochs int    // passes over the data (default 8)
	Seed   uint64 // shuffles documents between epochs; same seed, same model
	// MinWeight prunes features whose largest averaged weight is smaller,
	// to keep the model small (default 1.5).
	MinWeight float64
	// Dropout is the share of capitalised words whose identity is hidden
	// from a training step (default 0: none), so that the model learns to
	// find names from context and shape.
	Dropout float64
	// Progress, when set, is told after each epoch.
	Progress func(epoch int, accuracy float64)
}

// weight is a feature's weights during training, with what averaging
// needs: running totals and when each weight last changed.
type weight struct {
	w     [nLabels]float32
	total [nLabels]float64
	stamp [nLabels]int64
}

// Train learns an averaged-perceptron tagger from sentences and writes
// the model (the format the embedded tagger reads) to w.
func Train(sentences []TrainSentence, opts TrainOptions, w io.Writer) error {
	if opts.Epochs <= 0 {
		opts.Epochs = 8
	}
	if opts.MinWeight == 0 {
		opts.MinWeight = 1.5
	}
	g := loadOnce()
	docs := groupDocs(sentences)
	ctxs := make([][]*sentenceCtx, len(docs))
	gold := make([][][]uint8, len(docs))
	for d, doc := range docs {
		for _, s := range doc {
			ctxs[d] = append(ctxs[d], g.newSentence(s.Tokens, nil, nil))
			ls := make([]uint8, len(s.Labels))
			for i, l := range s.Labels {
				ls[i] = labelOf(l)
			}
			gold[d] = append(gold[d], ls)
		}
	}
	weights := map[uint32]*weight{}
	var step int64
	rng := rand.New(rand.NewPCG(opts.Seed, opts.Seed^0x9e3779b97f4a7c15))
	order := make([]int, len(docs))
	for i := range order {
		order[i] = i
	}
	var buf []uint32
	var sc [nLabels]float32
	for epoch := 1; epoch <= opts.Epochs; epoch++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		correct, total := 0, 0
		for _, d := range order {
			hist := docState{}
			for si, s := range ctxs[d] {
				var prev, prev2 uint8
				for i := range s.words {
					step++
					key := s.words[i].key
					if opts.Dropout > 0 && s.words[i].gaz&gUpper != 0 && rng.Float64() < opts.Dropout {
						s.words[i].setKey("<unk>")
					}
					buf = s.features(buf[:0], i, prev, prev2, hist[s.words[i].lower])
					s.words[i].setKey(key)
					sc = [nLabels]float32{}
					for _, f := range buf {
						if wt, ok := weights[f]; ok {
							for l := range sc {
								sc[l] += wt.w[l]
							}
						}
					}
					guess, truth := best(&sc, prev, s.words[i]), gold[d][si][i]
					if guess != truth {
						for _, f := range buf {
							wt := weights[f]
							if wt == nil {
								wt = &weight{}
								weights[f] = wt
							}
							wt.update(truth, 1, step)
							wt.update(guess, -1, step)
						}
					} else {
						correct++
					}
					total++
					remember(hist, s.words[i], guess)
					prev2, prev = prev, guess
				}
			}
		}
		if opts.Progress != nil {
			opts.Progress(epoch, float64(correct)/float64(total))
		}
	}
	rows := make(map[uint32][nLabels]float32, len(weights)/4)
	for f, wt := range weights {
		var avg [nLabels]float32
		keep := false
		for l := range avg {
			t := wt.total[l] + float64(step-wt.stamp[l])*float64(wt.w[l])
			avg[l] = float32(t / float64(step))
			if math.Abs(float64(avg[l])) >= opts.MinWeight {
				keep = true
			}
		}
		if keep {
			rows[f] = avg
		}
	}
	var out bytes.Buffer
	if err := writeModel(&out, rows); err != nil {
		return err
	}
	_, err := w.Write(out.Bytes())
	return err
}

func (wt *weight) update(l uint8, delta float32, step int64) {
	wt.total[l] += float64(step-wt.stamp[l]) * float64(wt.w[l])
	wt.stamp[l] = step
	wt.w[l] += delta
}

// groupDocs splits sentences into documents by their Doc numbers.
func groupDocs(sentences []TrainSentence) [][]TrainSentence {
	var docs [][]TrainSentence
	for i, s := range sentences {
		if i == 0 || s.Doc != sentences[i-1].Doc {
			docs = append(docs, nil)
		}
		docs[len(docs)-1] = append(docs[len(docs)-1], s)
	}
	return docs
}
