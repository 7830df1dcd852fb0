// backup: dumps a database every night, compresses the dump and uploads it.
package main

import (
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

type uploader struct {
	cancel context.CancelFunc
	dir    string
}

// newUploader keeps a cancel that nothing ever calls.
func newUploader(dir string) *uploader {
	_, cancel := context.WithCancel(context.Background()) // want "lost-cancel"
	return &uploader{cancel: cancel, dir: dir}
}

// createDump hands the open file to its caller.
func createDump(dir string) (*os.File, error) {
	return os.Create(filepath.Join(dir, fmt.Sprintf("dump-%d.sql", time.Now().Unix())))
}

// snapshot forgets the copy when reading the dump fails.
func snapshot(src string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(src + ".bak") // want "unclosed-file"
	if err != nil {
		return err
	}
	if _, err := out.ReadFrom(in); err != nil {
		return err
	}
	return out.Close()
}

// compress closes the output in a deferred closure that also reports the error.
func compress(src string) (err error) {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(src + ".gz")
	if err != nil {
		return err
	}
	defer func() {
		if cerr := out.Close(); err == nil {
			err = cerr
		}
	}()
	zw := gzip.NewWriter(out)
	if _, err := io.Copy(zw, in); err != nil {
		return err
	}
	return zw.Close()
}

// dump streams pg_dump's output and never waits for it.
func dump(ctx context.Context, w io.Writer) error {
	cmd := exec.CommandContext(ctx, "pg_dump", "--format=plain", "app") // want "cmd-not-waited"
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	_, err = io.Copy(w, stdout)
	return err
}

// upload waits for its command.
func upload(ctx context.Context, path string) error {
	cmd := exec.CommandContext(ctx, "aws", "s3", "cp", path, "s3://backups/")
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return err
	}
	return cmd.Wait()
}

func (u *uploader) nightly() error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Hour)
	defer cancel()
	f, err := createDump(u.dir)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := dump(ctx, f); err != nil {
		return err
	}
	if err := snapshot(f.Name()); err != nil {
		return err
	}
	if err := compress(f.Name()); err != nil {
		return err
	}
	return upload(ctx, f.Name()+".gz")
}

// waitUntil polls the clock; the tick channel outlives the function.
func waitUntil(hour int) {
	tick := time.Tick(time.Minute) // want "time-tick-leak"
	for now := range tick {
		if now.Hour() == hour {
			return
		}
	}
}

func main() {
	u := newUploader("/var/backups")
	for {
		waitUntil(2)
		if err := u.nightly(); err != nil {
			log.Print(err)
		}
	}
}
