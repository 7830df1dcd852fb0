// Package logtailer tails a log and stops at the first line that matches a pattern. The tailing goroutine keeps
// scanning and blocks sending the next line to a reader that has already returned.
package logtailer

import (
	"bufio"
	"io"
	"strings"
)

func tail(r io.Reader) <-chan string {
	lines := make(chan string)
	go func() { // created
		defer close(lines)
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			lines <- sc.Text() // leak: chan send
		}
	}()
	return lines
}

// FirstMatch returns the first line containing pattern.
func FirstMatch(r io.Reader, pattern string) (string, bool) {
	for line := range tail(r) {
		if strings.Contains(line, pattern) {
			return line, true
		}
	}
	return "", false
}
