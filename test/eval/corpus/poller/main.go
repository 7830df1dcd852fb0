// poller: watches a job queue API, fans work out to workers and stops on SIGTERM.
package main

import (
	"context"
	"encoding/json"
	"log"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"
)

type job struct {
	ID  string `json:"id"`
	URL string `json:"url"`
}

var api = &http.Client{Timeout: 15 * time.Second}

func fetchJobs(ctx context.Context) ([]job, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://127.0.0.1:8400/jobs", nil)
	if err != nil {
		return nil, err
	}
	resp, err := api.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var jobs []job
	return jobs, json.NewDecoder(resp.Body).Decode(&jobs)
}

func run(j job) error {
	resp, err := api.Get(j.URL)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// runWithTimeout abandons the worker when the timeout wins: the worker blocks on its send forever.
func runWithTimeout(j job, d time.Duration) error {
	done := make(chan error)
	go func() {
		done <- run(j) // want "chan-blocked"
	}()
	select {
	case err := <-done:
		return err
	case <-time.After(d):
		return context.DeadlineExceeded
	}
}

// runAll buffers the result channel for every sender.
func runAll(jobs []job) []error {
	results := make(chan error, len(jobs))
	sem := make(chan struct{}, 8)
	for _, j := range jobs {
		sem <- struct{}{}
		go func(j job) {
			defer func() { <-sem }()
			results <- run(j)
		}(j)
	}
	errs := make([]error, 0, len(jobs))
	for range jobs {
		errs = append(errs, <-results)
	}
	return errs
}

// heartbeat exits through ctx.Done.
func heartbeat(ctx context.Context) {
	t := time.NewTicker(10 * time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			log.Print("alive")
		}
	}
}

// dispatch starts one goroutine per job on every tick and never looks at ctx.
func dispatch(ctx context.Context) {
	tick := time.NewTicker(30 * time.Second)
	defer tick.Stop()
	for range tick.C { // want "loop-ignores-ctx"
		jobs, err := fetchJobs(ctx)
		if err != nil {
			log.Print(err)
			continue
		}
		for _, j := range jobs {
			go runWithTimeout(j, time.Minute) // want "unbounded-spawn"
		}
	}
}

// watchEvents restarts a timeout timer per event.
func watchEvents(ctx context.Context, events <-chan string) {
	for {
		select {
		case <-ctx.Done():
			return
		case e := <-events:
			log.Print(e)
		case <-time.After(5 * time.Minute): // want "time-after-in-loop"
			log.Print("no events for 5 minutes")
		}
	}
}

// reportResults posts each finished job's result; the defer holds every response until the channel closes.
func reportResults(results <-chan string) {
	for r := range results {
		resp, err := api.Post("http://127.0.0.1:8400/results", "text/plain", strings.NewReader(r)) // want "unclosed-body"
		if err != nil {
			log.Print(err)
			continue
		}
		defer resp.Body.Close()
		log.Print(resp.Status)
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go heartbeat(ctx)
	go dispatch(ctx)
	go watchEvents(ctx, make(chan string))
	go reportResults(make(chan string))
	log.Print(runAll(nil))
	<-ctx.Done()
}
