// Command filesync copies the files of a source folder into a destination folder when they are missing there or
// differ in size or modification time (a one-way sync, nothing is deleted).
//
//	go run . -src ./build -dst /srv/www
//
// Each file is written to a temporary file next to its destination and renamed into place, so readers never see a
// half-written file; every file opened is closed on every path, including errors. SIGINT or SIGTERM stops the walk
// between two files.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"
)

func main() {
	src := flag.String("src", "", "folder to copy from")
	dst := flag.String("dst", "", "folder to copy into (created when missing)")
	pprofAddr := flag.String("pprof", "", "serve net/http/pprof on this loopback address, e.g. 127.0.0.1:6060")
	flag.Parse()
	if *src == "" || *dst == "" || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*src, *dst, *pprofAddr); err != nil {
		log.Fatal(err)
	}
}

func run(src, dst, pprofAddr string) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if pprofAddr != "" {
		stopPprof, err := startPprof(pprofAddr)
		if err != nil {
			return fmt.Errorf("pprof: %w", err)
		}
		defer stopPprof()
	}
	copied, skipped, err := syncTree(ctx, src, dst)
	fmt.Printf("%d copied, %d up to date\n", copied, skipped)
	return err
}

// syncTree walks src and copies each regular file that is missing or different in dst.
func syncTree(ctx context.Context, src, dst string) (copied, skipped int, err error) {
	err = filepath.WalkDir(src, func(path string, entry fs.DirEntry, walkErr error) error {
		if walkErr != nil {
			return walkErr
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if entry.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if !entry.Type().IsRegular() {
			return nil // symlinks, sockets, devices: not ours to copy
		}
		info, err := entry.Info()
		if err != nil {
			return err
		}
		if upToDate(info, target) {
			skipped++
			return nil
		}
		if err := copyFile(path, target, info); err != nil {
			return err
		}
		copied++
		fmt.Println("copied", rel)
		return nil
	})
	return copied, skipped, err
}

// upToDate reports whether target exists with the size and modification time of the source file.
func upToDate(source fs.FileInfo, target string) bool {
	info, err := os.Stat(target)
	return err == nil && info.Size() == source.Size() && info.ModTime().Equal(source.ModTime())
}

// copyFile copies src to dst through a temporary file in dst's folder, then gives it src's mode and times.
func copyFile(src, dst string, info fs.FileInfo) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.CreateTemp(filepath.Dir(dst), "."+filepath.Base(dst)+".*.tmp")
	if err != nil {
		return err
	}
	defer out.Close() // a second Close after the explicit one below only returns an error, which is ignored
	_, copyErr := io.Copy(out, in)
	if err := errors.Join(copyErr, out.Close()); err != nil {
		os.Remove(out.Name())
		return fmt.Errorf("copying %s: %w", src, err)
	}
	if err := finish(out.Name(), dst, info); err != nil {
		os.Remove(out.Name())
		return err
	}
	return nil
}

// finish gives the temporary copy the source's mode and modification time and renames it into place.
func finish(tmp, dst string, info fs.FileInfo) error {
	if err := os.Chmod(tmp, info.Mode().Perm()); err != nil {
		return err
	}
	if err := os.Chtimes(tmp, time.Now(), info.ModTime()); err != nil {
		return err
	}
	return os.Rename(tmp, dst)
}

// startPprof serves net/http/pprof on a loopback address (so the LeakLens Handles view can count goroutines) until
// the returned stop function is called.
func startPprof(addr string) (stop func(), err error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return nil, fmt.Errorf("%s is not a loopback address; use e.g. 127.0.0.1:6060", addr)
	}
	listener, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	server := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = server.Serve(listener) }()
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = server.Shutdown(ctx)
	}, nil
}
