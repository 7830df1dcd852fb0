// Go sources the LSP tests open. Line numbers matter: tests refer to them (0-based, as in LSP).
export const LEAKY_POLLER = `package main

import (
	"fmt"
	"net/http"
	"time"
)

func poll(jobs <-chan string) {
	for {
		select {
		case j := <-jobs:
			fmt.Println(j)
		case <-time.After(time.Minute):
			fmt.Println("idle")
		}
	}
}

func fetch(client *http.Client, url string) error {
	resp, err := client.Get(url)
	if err != nil {
		return err
	}
	if resp.StatusCode != 200 {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	return resp.Body.Close()
}

func main() {
	jobs := make(chan string)
	go poll(jobs)
	_ = fetch(&http.Client{Timeout: time.Second}, "http://127.0.0.1:1")
}
`;

/** 0-based line of \`case <-time.After(time.Minute):\` in LEAKY_POLLER. */
export const TIME_AFTER_LINE = 13;

/** A clean program: nothing to report. */
export const CLEAN = `package main

import "fmt"

func main() {
	fmt.Println("hello")
}
`;

/** Half-typed code: an unfinished function and a missing brace, with a leak in the part that parses. */
export const HALF_TYPED = `package main

import (
	"fmt"
	"time"
)

func poll(jobs <-chan string) {
	for {
		select {
		case j := <-jobs:
			fmt.Println(j)
		case <-time.After(time.Minute):
			fmt.Println("idle")
		}
	}
}

func broken( {
	x := 
`;

/** wg.Add inside the goroutine it counts: the waitgroup rule offers a quick fix. */
export const WAITGROUP_ADD_INSIDE = `package main

import "sync"

func work(items []string) {
	var wg sync.WaitGroup
	for range items {
		go func() {
			wg.Add(1)
			defer wg.Done()
		}()
	}
	wg.Wait()
}
`;
