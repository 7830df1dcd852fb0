// Package workerpoolqueueopen runs jobs on a fixed pool of workers. Run collects one result per job and returns, but
// never closes the job queue, so every worker stays parked on its range over the queue.
package workerpoolqueueopen

// Run squares every number on workers goroutines and returns the sum.
func Run(numbers []int, workers int) int {
	queue := make(chan int)
	results := make(chan int)
	for range workers {
		go func() { // created
			for n := range queue { // leak: chan receive
				results <- n * n
			}
		}()
	}
	go func() {
		for _, n := range numbers {
			queue <- n
		}
	}()
	sum := 0
	for range numbers {
		sum += <-results
	}
	return sum
}
