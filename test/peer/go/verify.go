// Command verify is a peer verifier for a Daylight archive, written only with Go's
// golang.org/x/mod/sumdb/note and sumdb/tlog (x/mod 0.7.0 as packaged by Debian). It reads an
// exported archive directory laid out as C2SP tlog-tiles, opens the checkpoint with the given
// verifier key, recomputes the tree hash from the hash tiles (tlog.TileHashReader authenticates
// every tile it reads against the checkpoint), and checks every entry in the entry bundles
// against the level-0 hashes. Nothing here is Daylight's code.
//
// Usage: verify DIR VERIFIER_KEY
package main

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

const height = 8

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: verify DIR VERIFIER_KEY")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "verify:", err)
		os.Exit(1)
	}
}

func run(dir, vkey string) error {
	v, err := note.NewVerifier(vkey)
	if err != nil {
		return fmt.Errorf("verifier key: %v", err)
	}
	msg, err := os.ReadFile(filepath.Join(dir, "checkpoint"))
	if err != nil {
		return err
	}
	n, err := note.Open(msg, note.VerifierList(v))
	if err != nil {
		return fmt.Errorf("checkpoint: %v", err)
	}
	origin, tree, err := parseCheckpoint(n.Text)
	if err != nil {
		return err
	}
	thr := tlog.TileHashReader(tree, tileDir(dir))
	root, err := tlog.TreeHash(tree.N, thr)
	if err != nil {
		return fmt.Errorf("tree hash from tiles: %v", err)
	}
	if root != tree.Hash {
		return fmt.Errorf("root from tiles %v != checkpoint %v", root, tree.Hash)
	}
	if err := checkBundles(dir, tree.N, thr); err != nil {
		return err
	}
	fmt.Printf("ok %s %d %s\n", origin, tree.N, tree.Hash)
	return nil
}

// parseCheckpoint reads the C2SP tlog-checkpoint body: origin, size, base64 root.
func parseCheckpoint(text string) (string, tlog.Tree, error) {
	lines := strings.SplitN(text, "\n", 4)
	if len(lines) < 4 {
		return "", tlog.Tree{}, fmt.Errorf("checkpoint: too few lines")
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil {
		return "", tlog.Tree{}, fmt.Errorf("checkpoint size: %v", err)
	}
	raw, err := base64.StdEncoding.DecodeString(lines[2])
	if err != nil || len(raw) != tlog.HashSize {
		return "", tlog.Tree{}, fmt.Errorf("checkpoint root: malformed")
	}
	var h tlog.Hash
	copy(h[:], raw)
	return lines[0], tlog.Tree{N: size, Hash: h}, nil
}

// c2spPath is the C2SP tlog-tiles path: no height element, "x"-prefixed 3-digit groups.
func c2spPath(level string, n int64, w int) string {
	s := fmt.Sprintf("%03d", n%1000)
	for n >= 1000 {
		n /= 1000
		s = fmt.Sprintf("x%03d/%s", n%1000, s)
	}
	p := "tile/" + level + "/" + s
	if w != 1<<height {
		p += fmt.Sprintf(".p/%d", w)
	}
	return p
}

type tileDir string

func (d tileDir) Height() int { return height }

func (d tileDir) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	out := make([][]byte, len(tiles))
	for i, t := range tiles {
		data, err := os.ReadFile(filepath.Join(string(d), c2spPath(strconv.Itoa(t.L), t.N, t.W)))
		if err != nil {
			return nil, err
		}
		out[i] = data
	}
	return out, nil
}

func (d tileDir) SaveTiles(tiles []tlog.Tile, data [][]byte) {}

// checkBundles hashes every entry of every bundle and compares it with the authenticated
// level-0 hash at its index.
func checkBundles(dir string, size int64, thr tlog.HashReader) error {
	for start := int64(0); start < size; start += 1 << height {
		w := int(size - start)
		if w > 1<<height {
			w = 1 << height
		}
		data, err := os.ReadFile(filepath.Join(dir, c2spPath("entries", start>>height, w)))
		if err != nil {
			return err
		}
		entries, err := decodeBundle(data)
		if err != nil {
			return fmt.Errorf("bundle %d: %v", start>>height, err)
		}
		if len(entries) != w {
			return fmt.Errorf("bundle %d: %d entries, want %d", start>>height, len(entries), w)
		}
		indexes := make([]int64, w)
		for i := range indexes {
			indexes[i] = tlog.StoredHashIndex(0, start+int64(i))
		}
		hashes, err := thr.ReadHashes(indexes)
		if err != nil {
			return err
		}
		for i, e := range entries {
			if tlog.RecordHash(e) != hashes[i] {
				return fmt.Errorf("entry %d does not match its tile hash", start+int64(i))
			}
		}
	}
	return nil
}

func decodeBundle(data []byte) ([][]byte, error) {
	var out [][]byte
	r := bytes.NewReader(data)
	for r.Len() > 0 {
		var n uint16
		if err := binary.Read(r, binary.BigEndian, &n); err != nil {
			return nil, fmt.Errorf("truncated length")
		}
		e := make([]byte, n)
		if _, err := io.ReadFull(r, e); err != nil {
			return nil, fmt.Errorf("truncated entry")
		}
		out = append(out, e)
	}
	return out, nil
}
