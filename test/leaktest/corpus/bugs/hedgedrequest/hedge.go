// Package hedgedrequest sends a request to a primary replica and, when it is slow, a hedge to a secondary, then takes
// the first answer. The answers channel is unbuffered, so when both replicas were asked the loser blocks on its send.
// Whether the hedge is sent at all depends on the primary's latency: the leak shows up only in some runs.
package hedgedrequest

import "time"

// Hedged returns the first answer of primary, or of secondary when primary has not answered within hedgeAfter.
func Hedged(primary, secondary func() string, hedgeAfter time.Duration) string {
	answers := make(chan string)
	ask := func(replica func() string) {
		go func() { // created
			v := replica()
			answers <- v // leak: chan send
		}()
	}
	ask(primary)
	select {
	case v := <-answers:
		return v
	case <-time.After(hedgeAfter):
		ask(secondary)
		return <-answers
	}
}
