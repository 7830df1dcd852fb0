// Package writerneverclosed writes audit entries from a background goroutine that ranges over an entry channel.
// Close flushes and marks the log closed but never closes the channel, so the writer waits for the next entry forever.
package writerneverclosed

import (
	"strings"
	"sync"
)

// Log collects audit entries written by a background goroutine.
type Log struct {
	entries chan string
	mu      sync.Mutex
	out     strings.Builder
	written sync.WaitGroup
}

// Open starts the writer.
func Open() *Log {
	l := &Log{entries: make(chan string)}
	go l.write() // created
	return l
}

func (l *Log) write() {
	for e := range l.entries { // leak: chan receive
		l.mu.Lock()
		l.out.WriteString(e + "\n")
		l.mu.Unlock()
		l.written.Done()
	}
}

// Record queues one entry.
func (l *Log) Record(e string) {
	l.written.Add(1)
	l.entries <- e
}

// Close waits until every recorded entry is written and returns the log text.
func (l *Log) Close() string {
	l.written.Wait()
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.out.String()
}
