// Command tree builds the RFC 6962 tree of N leaves with Go's golang.org/x/mod/sumdb/tlog
// (x/mod 0.7.0): leaf i's data is "leaf i", every stored hash is computed and kept in memory,
// then the tree hash is taken. It prints the elapsed seconds and the root: the peer figure for
// `npm run bench`.
//
// Usage: tree N
package main

import (
	"fmt"
	"os"
	"strconv"
	"time"

	"golang.org/x/mod/sumdb/tlog"
)

type memHashes []tlog.Hash

func (m *memHashes) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(indexes))
	for i, x := range indexes {
		out[i] = (*m)[x]
	}
	return out, nil
}

func main() {
	n, err := strconv.ParseInt(os.Args[1], 10, 64)
	if err != nil {
		fmt.Fprintln(os.Stderr, "usage: tree N")
		os.Exit(2)
	}
	start := time.Now()
	hashes := make(memHashes, 0, 2*n)
	for i := int64(0); i < n; i++ {
		h, err := tlog.StoredHashes(i, []byte("leaf "+strconv.FormatInt(i, 10)), &hashes)
		if err != nil {
			panic(err)
		}
		hashes = append(hashes, h...)
	}
	root, err := tlog.TreeHash(n, &hashes)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%.3f %s\n", time.Since(start).Seconds(), root)
}
