// Package nilchannel builds a file watcher with a struct literal that forgets to make its events channel. Receiving
// from a nil channel blocks forever, so the dispatch goroutine never runs a handler.
package nilchannel

// Event is one file change.
type Event struct{ Path string }

// Watcher dispatches events to a handler.
type Watcher struct {
	events  chan Event
	handler func(Event)
}

// NewWatcher starts dispatching; events is left nil.
func NewWatcher(handler func(Event)) *Watcher {
	w := &Watcher{handler: handler}
	go w.dispatch() // created
	return w
}

func (w *Watcher) dispatch() {
	for {
		ev := <-w.events // leak: chan receive (nil chan)
		w.handler(ev)
	}
}

// Pending reports whether events are queued; the channel is nil, so never.
func (w *Watcher) Pending() int { return len(w.events) }
