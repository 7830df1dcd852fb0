// Package pipelinedone builds a two-stage pipeline (read lines, then parse them) and takes the first few values.
//
// clean: every stage's send selects on a done channel that Head closes when it returns.
package pipelinedone

import "strconv"

func emit(lines []string, done <-chan struct{}) <-chan string {
	out := make(chan string)
	go func() {
		defer close(out)
		for _, l := range lines {
			select {
			case out <- l:
			case <-done:
				return
			}
		}
	}()
	return out
}

func parse(in <-chan string, done <-chan struct{}) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for l := range in {
			n, err := strconv.Atoi(l)
			if err != nil {
				continue
			}
			select {
			case out <- n:
			case <-done:
				return
			}
		}
	}()
	return out
}

// Head returns the first k numbers found in lines.
func Head(lines []string, k int) []int {
	done := make(chan struct{})
	defer close(done)
	var got []int
	for n := range parse(emit(lines, done), done) {
		got = append(got, n)
		if len(got) == k {
			break
		}
	}
	return got
}
