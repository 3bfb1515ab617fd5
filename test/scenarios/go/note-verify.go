// A plain C2SP signed-note verifier that uses nothing of Daylight: Go's golang.org/x/mod/sumdb/note
// (x/mod 0.7.0, Debian's golang-golang-x-mod-dev). Usage: note-verify NOTE VKEY...
// Prints the name of every verified signer, one per line; exits 1 if the note does not open.
package main

import (
	"fmt"
	"os"

	"golang.org/x/mod/sumdb/note"
)

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: note-verify NOTE VKEY...")
		os.Exit(2)
	}
	msg, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	var verifiers []note.Verifier
	for _, k := range os.Args[2:] {
		v, err := note.NewVerifier(k)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		verifiers = append(verifiers, v)
	}
	n, err := note.Open(msg, note.VerifierList(verifiers...))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	for _, s := range n.Sigs {
		fmt.Println(s.Name)
	}
}
