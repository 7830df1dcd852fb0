// traps: a release notifier written carefully; every resource is released in a way simple linters misread.
package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"
)

type notifier struct {
	client *http.Client
	ticker *time.Ticker
	log    *os.File
	quit   chan struct{}
	wg     sync.WaitGroup
}

func openNotifier(path string) (*notifier, error) {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return nil, err
	}
	return &notifier{
		client: &http.Client{Timeout: 10 * time.Second},
		ticker: time.NewTicker(time.Minute),
		log:    f,
		quit:   make(chan struct{}),
	}, nil
}

// Close releases the ticker and the log file kept in fields.
func (n *notifier) Close() error {
	close(n.quit)
	n.wg.Wait()
	n.ticker.Stop()
	return n.log.Close()
}

func (n *notifier) post(ctx context.Context, msg string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "http://127.0.0.1:8900/notify", strings.NewReader(msg))
	if err != nil {
		return err
	}
	resp, err := n.client.Do(req)
	if err != nil {
		return err
	}
	defer func() {
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}()
	if resp.StatusCode >= 300 {
		return errors.New(resp.Status)
	}
	return nil
}

// loop exits through the quit channel and joins through the WaitGroup.
func (n *notifier) loop(messages <-chan string) {
	n.wg.Add(1)
	go func() {
		defer n.wg.Done()
		for {
			select {
			case <-n.quit:
				return
			case m := <-messages:
				ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
				err := n.post(ctx, m)
				cancel()
				if err != nil {
					log.Print(err)
				}
			case <-n.ticker.C:
				n.log.WriteString(time.Now().Format(time.RFC3339) + " alive\n")
			}
		}
	}()
}

// gitTag runs and waits through Output.
func gitTag() (string, error) {
	out, err := exec.Command("git", "describe", "--tags").Output()
	return strings.TrimSpace(string(out)), err
}

// withCancelEverywhere cancels on every branch of the switch.
func withCancelEverywhere(kind string) error {
	ctx, cancel := context.WithCancel(context.Background())
	switch kind {
	case "fast":
		cancel()
		return ctx.Err()
	case "slow":
		time.Sleep(time.Millisecond)
		cancel()
		return nil
	default:
		cancel()
		return errors.New("unknown kind " + kind)
	}
}

var msgPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// format copies the pooled buffer out before it goes back, and forgets it afterwards.
func format(tag string) string {
	buf := msgPool.Get().(*bytes.Buffer)
	buf.Reset()
	buf.WriteString("released ")
	buf.WriteString(tag)
	s := buf.String()
	msgPool.Put(buf)
	buf = nil
	return s
}

// fanOut waits for all senders and buffers for them.
func fanOut(n *notifier, tags []string) {
	errs := make(chan error, len(tags))
	var wg sync.WaitGroup
	for _, t := range tags {
		wg.Add(1)
		go func(t string) {
			defer wg.Done()
			errs <- n.post(context.Background(), format(t))
		}(t)
		wg.Wait()
	}
	close(errs)
	for err := range errs {
		if err != nil {
			log.Print(err)
		}
	}
}

func statusHandler(w http.ResponseWriter, r *http.Request) {
	c := &http.Client{Timeout: 2 * time.Second} // want "client-per-request"
	resp, err := c.Get("http://127.0.0.1:8900/status")
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	io.Copy(w, resp.Body)
}

func main() {
	n, err := openNotifier("notify.log")
	if err != nil {
		log.Fatal(err)
	}
	defer n.Close()
	messages := make(chan string, 16)
	n.loop(messages)
	tag, err := gitTag()
	if err != nil {
		log.Fatal(err)
	}
	messages <- format(tag)
	fanOut(n, []string{tag})
	if err := withCancelEverywhere("fast"); err != nil {
		log.Print(err)
	}
	http.HandleFunc("/status", statusHandler)
	srv := &http.Server{Addr: "127.0.0.1:8901", ReadHeaderTimeout: 5 * time.Second}
	log.Fatal(srv.ListenAndServe())
}
