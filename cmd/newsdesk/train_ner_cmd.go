package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/newsdesk/newsdesk/index/actors"
	"github.com/newsdesk/newsdesk/index/actors/nerdata"
)

func (e *env) trainNERCommand() *cobra.Command {
	var gmb, conll, out string
	var epochs, conllRepeat int
	var seed uint64
	var minWeight, dropout float64
	cmd := &cobra.Command{
		Use:   "train-ner",
		Short: "Train the named-entity tagger that finds people and organisations",
		Long: `Trains the averaged-perceptron tagger from the GMB corpus (Voice of America
news, public domain; its last 10 % is held out for evaluation) and, when
--conll is given, CoNLL-2003 eng.train (weights only: features are hashed,
no text is kept), and writes the model that is embedded in newsdesk.
Training with the same data, seed and options gives the same model.`,
		Example: `  newsdesk train-ner --gmb ../shared/ner/gmb/ner_dataset.csv.zip \
      --conll ../shared/ner/conll2003/eng.train --out index/actors/data/ner.model.gz`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var train []actors.TrainSentence
			if gmb != "" {
				sents, err := nerdata.ReadGMB(gmb, actors.IsTitle)
				if err != nil {
					return err
				}
				train = append(train, toTrain(gmbTrainPart(sents), 0)...)
			}
			if conll != "" {
				sents, err := nerdata.ReadCoNLL(conll)
				if err != nil {
					return err
				}
				for r := 0; r < conllRepeat; r++ {
					train = append(train, toTrain(sents, (r+1)*1_000_000)...)
				}
			}
			if len(train) == 0 {
				return fmt.Errorf("no training data: give --gmb and/or --conll")
			}
			start := time.Now()
			var model bytes.Buffer
			err := actors.Train(train, actors.TrainOptions{Epochs: epochs, Seed: seed, MinWeight: minWeight, Dropout: dropout,
				Progress: func(epoch int, acc float64) {
					fmt.Fprintf(e.stderr, "epoch %d: token accuracy %.4f (%s)\n", epoch, acc, time.Since(start).Round(time.Second))
				}}, &model)
			if err != nil {
				return err
			}
			if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
				return err
			}
			if err := os.WriteFile(out, model.Bytes(), 0o644); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "trained on %d sentences in %s; wrote %s (%d bytes)\n", len(train),
				time.Since(start).Round(time.Second), out, model.Len())
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&gmb, "gmb", "../shared/ner/gmb/ner_dataset.csv.zip", "GMB extract (zip); its first 90 % is used")
	f.StringVar(&conll, "conll", "", "CoNLL-2003 training file (eng.train)")
	f.StringVar(&out, "out", "index/actors/data/ner.model.gz", "where to write the model")
	f.IntVar(&epochs, "epochs", 8, "training passes")
	f.IntVar(&conllRepeat, "conll-repeat", 1, "how many times each epoch sees the CoNLL data (it is 5x smaller than GMB)")
	f.Uint64Var(&seed, "seed", 1, "random seed for the order of documents")
	f.Float64Var(&minWeight, "min-weight", 1.5, "prune features whose weights all stay below this")
	f.Float64Var(&dropout, "dropout", 0, "share of capitalised words whose identity is hidden in a training step")
	return cmd
}

// gmbTrainPart is the first 90 % of GMB; the rest is held out.
func gmbTrainPart(s []nerdata.Sentence) []nerdata.Sentence { return s[:len(s)*9/10] }

// gmbTestPart is the held-out last 10 % of GMB.
func gmbTestPart(s []nerdata.Sentence) []nerdata.Sentence { return s[len(s)*9/10:] }

func toTrain(sents []nerdata.Sentence, docOffset int) []actors.TrainSentence {
	out := make([]actors.TrainSentence, len(sents))
	for i, s := range sents {
		out[i] = actors.TrainSentence{Tokens: s.Tokens, Labels: s.Labels, Doc: s.Doc + docOffset}
	}
	return out
}
