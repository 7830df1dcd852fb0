// Package waitgroupextraadd uploads files concurrently. Files that are skipped still count in the WaitGroup's Add, so
// the goroutine that waits to close the results channel never sees the counter reach zero.
package waitgroupextraadd

import (
	"strings"
	"sync"
)

// UploadAll uploads every file that is not a temporary file and streams one line per upload.
func UploadAll(files []string, upload func(string) error) <-chan string {
	results := make(chan string, len(files))
	var wg sync.WaitGroup
	wg.Add(len(files))
	for _, f := range files {
		if strings.HasSuffix(f, ".tmp") {
			continue // skipped, but its Add stays counted
		}
		go func() {
			defer wg.Done()
			if err := upload(f); err != nil {
				results <- f + ": " + err.Error()
				return
			}
			results <- f + ": ok"
		}()
	}
	go func() { // created
		wg.Wait() // leak: sync.WaitGroup.Wait
		close(results)
	}()
	return results
}
