// file-syncer copies new files from an inbox folder to an archive folder every few seconds.
package main

import (
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"time"
)

// copyFile copies src to dst. When creating dst fails, src is left open: one file descriptor lost per failure,
// and a syncer that retries every few seconds soon hits "too many open files".
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	out, err := os.Create(dst)
	if err != nil {
		return fmt.Errorf("create %s: %w", dst, err)
	}
	defer out.Close()
	defer in.Close()
	_, err = io.Copy(out, in)
	return err
}

// checksumHeader reads the first bytes of a file and never closes it.
func checksumHeader(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	header := make([]byte, 64)
	n, err := f.Read(header)
	return header[:n], err
}

func syncOnce(inbox, archive string) {
	entries, err := os.ReadDir(inbox)
	if err != nil {
		log.Printf("read inbox: %v", err)
		return
	}
	for _, e := range entries {
		src := filepath.Join(inbox, e.Name())
		if _, err := checksumHeader(src); err != nil {
			log.Printf("header %s: %v", src, err)
			continue
		}
		if err := copyFile(src, filepath.Join(archive, e.Name())); err != nil {
			log.Printf("copy %s: %v", src, err)
		}
	}
}

func main() {
	inbox, archive := os.Args[1], os.Args[2]
	for {
		syncOnce(inbox, archive)
		time.Sleep(5 * time.Second)
	}
}
