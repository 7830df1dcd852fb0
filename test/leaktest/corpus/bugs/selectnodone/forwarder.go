// Package selectnodone forwards settings updates to an apply function. The forwarding loop's select has no done case,
// so once the owner stops sending updates the goroutine waits in the select forever.
package selectnodone

// Forwarder applies every update it receives and keeps the applied ones until someone takes them with Applied.
type Forwarder struct {
	updates chan string
	applied chan []string
}

// Start runs the forwarding loop in its own goroutine.
func Start(apply func(string)) *Forwarder {
	f := &Forwarder{updates: make(chan string), applied: make(chan []string)}
	go f.loop(apply) // created
	return f
}

// Update hands one update to the loop.
func (f *Forwarder) Update(u string) { f.updates <- u }

// Applied returns the updates applied since the last call.
func (f *Forwarder) Applied() []string { return <-f.applied }

func (f *Forwarder) loop(apply func(string)) {
	var pending []string
	for {
		select { // leak: select
		case u := <-f.updates:
			apply(u)
			pending = append(pending, u)
		case f.applied <- pending:
			pending = nil
		}
	}
}
