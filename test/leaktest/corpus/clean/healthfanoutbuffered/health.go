// Package healthfanoutbuffered checks many HTTP endpoints in parallel and fails fast on the first unhealthy one.
//
// clean: the results channel has one slot per check, so checks that finish after the early return still complete.
package healthfanoutbuffered

import (
	"fmt"
	"net/http"
	"time"
)

func check(client *http.Client, url string) error {
	resp, err := client.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: %s", url, resp.Status)
	}
	return nil
}

// AllHealthy checks every URL and returns the first failure.
func AllHealthy(client *http.Client, urls []string) error {
	errs := make(chan error, len(urls))
	for _, u := range urls {
		go func() { errs <- check(client, u) }()
	}
	for range urls {
		if err := <-errs; err != nil {
			return err
		}
	}
	return nil
}

// NewClient returns a client with a deadline on every request.
func NewClient() *http.Client { return &http.Client{Timeout: 5 * time.Second} }
