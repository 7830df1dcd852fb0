// Package healthfanout checks many HTTP endpoints in parallel and fails fast on the first unhealthy one. The checks
// that finish after that send their results on a channel nobody reads again.
package healthfanout

import (
	"fmt"
	"net/http"
	"time"
)

type result struct {
	url string
	err error
}

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
func AllHealthy(urls []string) error {
	client := &http.Client{Timeout: 5 * time.Second}
	results := make(chan result)
	for _, u := range urls {
		go func() { // created
			results <- result{u, check(client, u)} // leak: chan send
		}()
	}
	for range urls {
		if r := <-results; r.err != nil {
			return r.err
		}
	}
	return nil
}
