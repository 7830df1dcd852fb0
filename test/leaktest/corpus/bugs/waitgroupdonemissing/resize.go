// Package waitgroupdonemissing resizes images in parallel. A worker returns early on a decode error before it reaches
// its Done, so the goroutine waiting for all workers never wakes.
package waitgroupdonemissing

import "sync"

// ResizeAll starts one worker per image and calls done with the number resized once all of them finished.
func ResizeAll(images [][]byte, done func(resized int)) {
	var wg sync.WaitGroup
	var mu sync.Mutex
	resized := 0
	for _, img := range images {
		wg.Add(1)
		go func() {
			if len(img) == 0 {
				return // cannot decode: this early return skips wg.Done
			}
			mu.Lock()
			resized++
			mu.Unlock()
			wg.Done()
		}()
	}
	go func() { // created
		wg.Wait() // leak: sync.WaitGroup.Wait
		done(resized)
	}()
}
