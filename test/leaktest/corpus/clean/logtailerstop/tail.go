// Package logtailerstop tails a log and stops at the first line that matches a pattern.
//
// clean: the reader closes a stop channel when it returns, and the tailer's send selects on it.
package logtailerstop

import (
	"bufio"
	"io"
	"strings"
)

func tail(r io.Reader, stop <-chan struct{}) <-chan string {
	lines := make(chan string)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			case <-stop:
				return
			}
		}
	}()
	return lines
}

// FirstMatch returns the first line containing pattern.
func FirstMatch(r io.Reader, pattern string) (string, bool) {
	stop := make(chan struct{})
	defer close(stop)
	for line := range tail(r, stop) {
		if strings.Contains(line, pattern) {
			return line, true
		}
	}
	return "", false
}
