// health-checker polls a few service health endpoints and prints which ones are down.
// It is the kind of first script that runs fine for a day and then runs out of sockets and goroutines.
package main

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"
)

var urls = []string{
	"https://api.example.com/health",
	"https://auth.example.com/health",
	"https://billing.example.com/healthz",
}

type result struct {
	url    string
	status int
	err    error
}

// check fetches one URL. The response body is never closed, so the connection is never reused or released.
func check(url string) result {
	resp, err := http.Get(url)
	if err != nil {
		return result{url: url, err: err}
	}
	return result{url: url, status: resp.StatusCode}
}

// checkWithTimeout gives up after d, but the goroutine it started stays blocked on the unbuffered channel forever.
func checkWithTimeout(url string, d time.Duration) result {
	ch := make(chan result)
	go func() {
		ch <- check(url)
	}()
	select {
	case r := <-ch:
		return r
	case <-time.After(d):
		return result{url: url, err: fmt.Errorf("timed out after %s", d)}
	}
}

// bodyContains reads the whole body to look for a marker and forgets to close it on the early return.
func bodyContains(url, marker string) (bool, error) {
	resp, err := http.Get(url)
	if err != nil {
		return false, err
	}
	if resp.StatusCode != http.StatusOK {
		return false, fmt.Errorf("%s: %s", url, resp.Status)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	return strings.Contains(string(data), marker), err
}

func main() {
	ticker := time.NewTicker(30 * time.Second)
	for range ticker.C {
		for _, u := range urls {
			r := checkWithTimeout(u, 5*time.Second)
			if r.err != nil || r.status != http.StatusOK {
				fmt.Fprintf(os.Stderr, "DOWN %s: status %d, %v\n", r.url, r.status, r.err)
			}
		}
		if ok, err := bodyContains(urls[0], `"status":"ok"`); !ok {
			fmt.Fprintf(os.Stderr, "api not healthy: %v\n", err)
		}
	}
}
