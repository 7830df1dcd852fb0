package main

import (
	"context"
	"errors"
	"net"
	"sync/atomic"
	"time"
)

// relayServer answers the relays' delivery reports. Shapes unbounded-spawn must stay silent on: one goroutine per
// connection or per report (the input paces them), and per-tick launches bounded by a slot or a busy flag.
type relayServer struct {
	ln       *net.TCPListener
	reports  chan string
	slots    chan struct{}
	sweeping atomic.Bool
}

// next wraps AcceptTCP: the loop below is still an accept loop, one goroutine per connection.
func (s *relayServer) next() (*net.TCPConn, error) { return s.ln.AcceptTCP() }

func (s *relayServer) serve() {
	for {
		conn, err := s.next()
		if errors.Is(err, net.ErrClosed) {
			return
		}
		if err != nil {
			continue
		}
		go s.answer(conn)
	}
}

func (s *relayServer) answer(conn *net.TCPConn) {
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	_, _ = conn.Write([]byte("250 ok\r\n"))
}

// One goroutine per delivery report: the relays' report rate is the bound.
func (s *relayServer) record(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case r := <-s.reports:
			go events.Print(r)
		}
	}
}

// A slot is taken before each per-tick sweep and given back when it ends.
func (s *relayServer) sweepSlots(ctx context.Context, ticker *time.Ticker) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
			s.acquireSweepSlot()
			go func() {
				defer func() { <-s.slots }()
				events.Print("sweep")
			}()
		}
	}
}

func (s *relayServer) acquireSweepSlot() { s.slots <- struct{}{} }

// A tick is skipped while the previous sweep is still running.
func (s *relayServer) sweepOnce(ctx context.Context, ticker *time.Ticker) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
			if !s.sweeping.CompareAndSwap(false, true) {
				continue
			}
			go func() {
				defer s.sweeping.Store(false)
				events.Print("sweep")
			}()
		}
	}
}
