// healthcheck polls a URL forever and prints its status: a typical first automation script, and a leaky one.
package main

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"time"
)

// client bounds every request, so a stalled server cannot hang the loop.
var client = &http.Client{Timeout: 10 * time.Second}

// checkOnce closes the body only after the status check: every failing poll keeps a connection (and goroutines) alive.
func checkOnce(url string) error {
	resp, err := client.Get(url)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: %s", url, resp.Status)
	}
	defer resp.Body.Close()
	_, err = io.Copy(io.Discard, resp.Body)
	return err
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: healthcheck URL")
		os.Exit(2)
	}
	for {
		if err := checkOnce(os.Args[1]); err != nil {
			fmt.Fprintln(os.Stderr, err)
		}
		time.Sleep(30 * time.Second)
	}
}
