// Package waitgroupbalanced uploads files concurrently and closes the results channel once every upload finished.
//
// clean: Add is called once per goroutine actually started, and each goroutine defers its Done first.
package waitgroupbalanced

import (
	"strings"
	"sync"
)

// UploadAll uploads every file that is not a temporary file and streams one line per upload.
func UploadAll(files []string, upload func(string) error) <-chan string {
	results := make(chan string)
	var wg sync.WaitGroup
	for _, f := range files {
		if strings.HasSuffix(f, ".tmp") {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := upload(f); err != nil {
				results <- f + ": " + err.Error()
				return
			}
			results <- f + ": ok"
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	return results
}
