// healthcheck: probes a list of endpoints every minute and reports failures to a status service.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"time"
)

type target struct {
	Name string `json:"name"`
	URL  string `json:"url"`
}

type checker struct {
	client  *http.Client
	ticker  *time.Ticker
	targets []target
}

func loadTargets(path string) ([]target, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var ts []target
	return ts, json.NewDecoder(f).Decode(&ts)
}

func newChecker(ts []target) *checker {
	return &checker{
		client:  &http.Client{Timeout: 10 * time.Second},
		ticker:  time.NewTicker(time.Minute),
		targets: ts,
	}
}

// stop releases the ticker through the struct field.
func (c *checker) stop() {
	c.ticker.Stop()
}

// drainAndClose is the helper that closes every probe's body.
func drainAndClose(body io.ReadCloser) {
	io.Copy(io.Discard, body)
	body.Close()
}

func (c *checker) probe(t target) error {
	resp, err := c.client.Get(t.URL)
	if err != nil {
		return err
	}
	defer drainAndClose(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: status %d", t.Name, resp.StatusCode)
	}
	return nil
}

// probeVersion forgets the body on the non-200 path.
func (c *checker) probeVersion(t target) (string, error) {
	resp, err := c.client.Get(t.URL + "/version") // want "unclosed-body"
	if err != nil {
		return "", err
	}
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("%s: status %d", t.Name, resp.StatusCode)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return string(b), err
}

func report(name string, failure error) {
	resp, err := http.Post("http://127.0.0.1:7070/status", "text/plain", nil) // want "no-timeout"
	if err != nil {
		log.Printf("report %s (%v): %v", name, failure, err)
		return
	}
	resp.Body.Close()
}

// fetchRaw hands the response to its caller, which closes it.
func (c *checker) fetchRaw(u string) (*http.Response, error) {
	return c.client.Get(u)
}

func (c *checker) dumpFirst() {
	resp, err := c.fetchRaw(c.targets[0].URL)
	if err != nil {
		return
	}
	defer resp.Body.Close()
	io.Copy(os.Stdout, resp.Body)
}

func (c *checker) run(rounds int) {
	for i := 0; i < rounds; i++ {
		<-c.ticker.C
		for _, t := range c.targets {
			if err := c.probe(t); err != nil {
				report(t.Name, err)
			}
		}
	}
}

// waitForFirstGreen polls quickly at startup; the tick channel outlives the function.
func waitForFirstGreen(c *checker) {
	for range time.Tick(2 * time.Second) { // want "time-tick-leak"
		if c.probe(c.targets[0]) == nil {
			return
		}
	}
}

func main() {
	ts, err := loadTargets("targets.json")
	if err != nil {
		log.Fatal(err)
	}
	c := newChecker(ts)
	defer c.stop()
	waitForFirstGreen(c)
	c.dumpFirst()
	c.run(60)
}
