// Package pipelineabandoned builds a two-stage pipeline (read lines, then parse them) and takes only the first few
// parsed values. Both stages are left blocked on their sends because nothing tells them to stop.
package pipelineabandoned

import "strconv"

func emit(lines []string) <-chan string {
	out := make(chan string)
	go func() { // created
		for _, l := range lines {
			out <- l // leak: chan send
		}
		close(out)
	}()
	return out
}

func parse(in <-chan string) <-chan int {
	out := make(chan int)
	go func() { // created
		for l := range in {
			n, err := strconv.Atoi(l)
			if err != nil {
				continue
			}
			out <- n // leak: chan send
		}
		close(out)
	}()
	return out
}

// Head returns the first k numbers found in lines.
func Head(lines []string, k int) []int {
	var got []int
	for n := range parse(emit(lines)) {
		got = append(got, n)
		if len(got) == k {
			break
		}
	}
	return got
}
