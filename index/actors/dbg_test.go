package actors

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

func TestDbgTags(t *testing.T) {
	x := Default()
	for _, text := range strings.Split(os.Getenv("TEXTS"), "|") {
		for _, sent := range sentences(text, Tokenize(text)) {
			s := x.g.newSentence(tokenTexts(sent), nil, nil)
			labels := x.m.tag(s, docState{}, nil)
			for i, tk := range sent {
				fmt.Print(tk.Text, "/", labelNames[labels[i]], " ")
			}
			fmt.Println()
		}
	}
}
