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
	for i := 0; i < 3; i++ {
		_ = fetch(&http.Client{Timeout: time.Second}, "http://127.0.0.1:1")
	}
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

/** http.Get reports two rules on one call: no-timeout (DefaultClient) and unclosed-body (the early return). */
export const TWO_RULES_ON_ONE_CALL = `package main

import (
	"fmt"
	"net/http"
)

func check(url string) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	return resp.Body.Close()
}

func main() {
	for {
		_ = check("http://127.0.0.1:1")
	}
}
`;

/** 0-based line of \`resp, err := http.Get(url)\` in TWO_RULES_ON_ONE_CALL. */
export const TWO_RULES_LINE = 8;

/** Two findings with quick fixes in one file (a lost cancel, a ticker never stopped), for source.fixAll.leaklens. */
export const FIXABLE_TWICE = `package main

import (
	"context"
	"fmt"
	"time"
)

func wait(parent context.Context) error {
	ctx, cancel := context.WithTimeout(parent, time.Second)
	if parent.Err() != nil {
		return parent.Err()
	}
	<-ctx.Done()
	cancel()
	return nil
}

func tick(n int) {
	ticker := time.NewTicker(time.Second)
	for i := 0; i < n; i++ {
		<-ticker.C
		fmt.Println(i)
	}
}

func main() {
	_ = wait(context.Background())
	for n := 1; n < 3; n++ {
		tick(n)
	}
}
`;
