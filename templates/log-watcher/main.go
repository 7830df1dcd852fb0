// Command logwatch follows a log file like `tail -F`: it prints the new lines that match -match, and keeps following
// when the file is rotated (renamed or removed and created again) or truncated.
//
//	go run . -match "ERROR|panic" -poll 1s /var/log/app.log
//
// Lines may be up to -max-line bytes long (bufio.Scanner's default of 64 KiB is too small for JSON logs). Only
// complete lines are printed: a line still being written is read once its newline arrives. SIGINT or SIGTERM stops it.
package main

import (
	"bufio"
	"bytes"
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
	"regexp"
	"syscall"
	"time"
)

func main() {
	match := flag.String("match", "", "print only the lines that match this regular expression (default: all)")
	poll := flag.Duration("poll", time.Second, "how often to look for new lines and for rotation")
	maxLine := flag.Int("max-line", 1<<20, "longest line in bytes")
	fromStart := flag.Bool("from-start", false, "print the lines already in the file too")
	pprofAddr := flag.String("pprof", "", "serve net/http/pprof on this loopback address, e.g. 127.0.0.1:6060")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: %s [flags] FILE\n", os.Args[0])
		flag.PrintDefaults()
	}
	flag.Parse()
	pattern, err := regexp.Compile(*match)
	if err != nil || flag.NArg() != 1 || *poll <= 0 || *maxLine < 1 {
		flag.Usage()
		os.Exit(2)
	}
	w := &watcher{path: flag.Arg(0), pattern: pattern, maxLine: *maxLine}
	if err := run(w, *poll, *fromStart, *pprofAddr); err != nil {
		log.Fatal(err)
	}
}

func run(w *watcher, poll time.Duration, fromStart bool, pprofAddr string) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if pprofAddr != "" {
		stopPprof, err := startPprof(pprofAddr)
		if err != nil {
			return fmt.Errorf("pprof: %w", err)
		}
		defer stopPprof()
	}
	if err := w.open(fromStart); err != nil {
		return err
	}
	defer w.close()
	return w.follow(ctx, poll)
}

// watcher holds the open log file and how far it has been read.
type watcher struct {
	path    string
	pattern *regexp.Regexp
	maxLine int
	file    *os.File
	info    fs.FileInfo // of the open file, to notice when the path names another file
	offset  int64       // bytes of complete lines read so far
}

// open opens the file at w.path, from its end or (after a rotation, or with fromStart) from its start.
func (w *watcher) open(fromStart bool) error {
	file, err := os.Open(w.path)
	if err != nil {
		return err
	}
	info, err := file.Stat()
	if err != nil {
		file.Close()
		return err
	}
	offset := int64(0)
	if !fromStart {
		offset = info.Size()
	}
	w.close()
	w.file, w.info, w.offset = file, info, offset
	return nil
}

func (w *watcher) close() {
	if w.file != nil {
		w.file.Close()
		w.file = nil
	}
}

// follow prints new lines on every poll until ctx is done.
func (w *watcher) follow(ctx context.Context, poll time.Duration) error {
	ticker := time.NewTicker(poll)
	defer ticker.Stop()
	for {
		if err := w.readNewLines(); err != nil {
			return err
		}
		if err := w.reopenIfRotated(); err != nil {
			return err
		}
		select {
		case <-ctx.Done():
			return nil
		case <-ticker.C:
		}
	}
}

// readNewLines prints the complete lines after w.offset that match the pattern.
func (w *watcher) readNewLines() error {
	if _, err := w.file.Seek(w.offset, io.SeekStart); err != nil {
		return err
	}
	scanner := bufio.NewScanner(w.file)
	scanner.Buffer(make([]byte, 0, 64*1024), w.maxLine)
	scanner.Split(func(data []byte, atEOF bool) (int, []byte, error) {
		// Unlike bufio.ScanLines, leave a last line without its newline for the next read: it is still being written.
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			return 0, nil, nil
		}
		w.offset += int64(i + 1)
		return i + 1, bytes.TrimSuffix(data[:i], []byte{'\r'}), nil
	})
	for scanner.Scan() {
		if line := scanner.Text(); w.pattern.MatchString(line) {
			fmt.Println(line)
		}
	}
	if err := scanner.Err(); err != nil {
		return fmt.Errorf("%s: %w", w.path, err)
	}
	return nil
}

// reopenIfRotated switches to the file now at w.path when the open one was rotated away, and rewinds on truncation.
func (w *watcher) reopenIfRotated() error {
	current, err := os.Stat(w.path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil // between the rename and the creation of the new file: look again at the next poll
	}
	if err != nil {
		return err
	}
	if !os.SameFile(w.info, current) {
		// The rest of the old file was read just before: everything in the new one is new.
		return w.open(true)
	}
	if current.Size() < w.offset {
		w.offset = 0 // truncated in place (copytruncate)
	}
	return nil
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
