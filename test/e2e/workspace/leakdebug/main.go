// leakdebug leaks on purpose, for the e2e debug scenario: ten times a second it asks for an answer with a timeout that
// always wins, so the goroutine holding the answer blocks forever, with a file it opened and never closes.
// It serves net/http/pprof on a loopback port, which the LeakLens Handles view finds by itself.
package main

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	_ "net/http/pprof"
	"os"
	"sync"
	"time"
)

// opened keeps every file reachable, so the garbage collector's finalizers cannot close them: the fds leak for real.
var (
	mu     sync.Mutex
	opened []*os.File
)

func slowCount() int {
	f, err := os.Open(os.Args[0])
	if err != nil {
		return 0
	}
	mu.Lock()
	opened = append(opened, f)
	mu.Unlock()
	time.Sleep(20 * time.Millisecond)
	info, _ := f.Stat()
	return int(info.Size())
}

func fetch(d time.Duration) (int, error) {
	results := make(chan int)
	go func() {
		results <- slowCount()
	}()
	select {
	case n := <-results:
		return n, nil
	case <-time.After(d):
		return 0, errors.New("timeout")
	}
}

func main() {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	go http.Serve(ln, nil)
	fmt.Println("pprof at http://" + ln.Addr().String() + "/debug/pprof/")
	for {
		if _, err := fetch(time.Millisecond); err != nil {
			time.Sleep(100 * time.Millisecond)
		}
	}
}
