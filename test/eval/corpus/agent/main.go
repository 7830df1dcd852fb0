// agent: a metrics agent that scrapes local exporters, encodes samples with pooled buffers and pushes them upstream.
package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"sync"
	"time"
)

type sample struct {
	name  string
	value float64
}

type encoder struct {
	bufs    *sync.Pool
	scratch sync.Pool
}

func newEncoder() *encoder {
	return &encoder{
		bufs:    &sync.Pool{New: func() any { return new(bytes.Buffer) }},
		scratch: sync.Pool{New: func() any { b := make([]byte, 0, 64); return &b }},
	}
}

// encode appends to a pooled slice without truncating it first.
func (e *encoder) encode(s sample) string {
	bp := e.scratch.Get().(*[]byte) // want "pool-no-reset"
	*bp = append(*bp, s.name...)
	*bp = append(*bp, ' ')
	*bp = strconv.AppendFloat(*bp, s.value, 'g', -1, 64)
	out := string(*bp)
	e.scratch.Put(bp)
	return out
}

// render writes into a buffer, gives it back, then keeps using it.
func (e *encoder) render(w io.Writer, samples []sample) error {
	buf := e.bufs.Get().(*bytes.Buffer)
	buf.Reset()
	for _, s := range samples {
		fmt.Fprintln(buf, e.encode(s))
	}
	e.bufs.Put(buf) // want "pool-long-lived"
	_, err := w.Write(buf.Bytes())
	return err
}

// labelPool stores strings by value.
var labelPool sync.Pool

func releaseLabel(l string) {
	labelPool.Put(l) // want "pool-put-nonpointer"
}

var client = &http.Client{Timeout: 10 * time.Second}

// scrapeAll waits for every scraper but one path skips Done.
func scrapeAll(urls []string) []sample {
	var (
		mu  sync.Mutex
		wg  sync.WaitGroup
		out []sample
	)
	for _, u := range urls {
		wg.Add(1)
		go func(u string) {
			resp, err := client.Get(u)
			if err != nil {
				return
			}
			defer resp.Body.Close()
			mu.Lock()
			out = append(out, sample{name: u, value: float64(resp.StatusCode)})
			mu.Unlock()
			wg.Done() // want "waitgroup"
		}(u)
	}
	wg.Wait()
	return out
}

// firstAnswer leaves the second sender blocked forever once the first answer arrives.
func firstAnswer(urls [2]string) sample {
	answers := make(chan sample)
	for _, u := range urls {
		go func(u string) {
			s := sample{name: u}
			if resp, err := client.Get(u); err == nil {
				resp.Body.Close()
				s.value = 1
			}
			answers <- s // want "chan-blocked"
		}(u)
	}
	return <-answers
}

func push(ctx context.Context, e *encoder, samples []sample) error {
	var body bytes.Buffer
	if err := e.render(&body, samples); err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "http://127.0.0.1:9091/push", &body)
	if err != nil {
		return err
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// flushLater keeps re-sending the last batch from a deferred goroutine that never stops.
func flushLater(e *encoder, samples []sample) {
	defer func() {
		go func() { // want "go-in-defer"
			for {
				if err := push(context.Background(), e, samples); err != nil {
					log.Print(err)
				}
				time.Sleep(time.Minute)
			}
		}()
	}()
	log.Printf("flushing %d samples", len(samples))
}

// runUntil stops its signal context on every path.
func runUntil(parent context.Context, e *encoder, urls []string) {
	ctx, stop := signal.NotifyContext(parent, os.Interrupt)
	defer stop()
	t := time.NewTicker(15 * time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			flushLater(e, nil)
			return
		case <-t.C:
			if err := push(ctx, e, scrapeAll(urls)); err != nil {
				log.Print(err)
			}
			log.Print(firstAnswer([2]string{urls[0], urls[1]}))
		}
	}
}

// watchReload keeps the signal registration after it returns, and main makes a new one for every run.
func watchReload(parent context.Context) context.Context {
	ctx, _ := signal.NotifyContext(parent, os.Interrupt) // want "signal-not-stopped"
	return ctx
}

func main() {
	e := newEncoder()
	urls := []string{"http://127.0.0.1:9100/metrics", "http://127.0.0.1:9200/metrics"}
	releaseLabel("job")
	// An interrupt ends a run and the next one starts with fresh state.
	for {
		runUntil(watchReload(context.Background()), e, urls)
	}
}
