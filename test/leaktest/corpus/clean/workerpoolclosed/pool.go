// Package workerpoolclosed runs jobs on a fixed pool of workers.
//
// clean: the feeder closes the queue after the last job, so every worker's range ends.
package workerpoolclosed

import "sync"

// Run squares every number on workers goroutines and returns the sum.
func Run(numbers []int, workers int) int {
	queue := make(chan int)
	results := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range queue {
				results <- n * n
			}
		}()
	}
	go func() {
		for _, n := range numbers {
			queue <- n
		}
		close(queue)
	}()
	go func() {
		wg.Wait()
		close(results)
	}()
	sum := 0
	for r := range results {
		sum += r
	}
	return sum
}
