package main

import (
	"bufio"
	"context"
	"log"
	"net"
	"os"
	"os/signal"
	"time"
)

// pump reads the feed and reports its error as its last act.
func pump(conn net.Conn, lines chan<- string, failed chan<- error) {
	sc := bufio.NewScanner(conn)
	for sc.Scan() {
		lines <- sc.Text()
	}
	failed <- sc.Err()
}

// relayFeed forwards lines until the pump reports its error: the pump is done by then.
func relayFeed(conn net.Conn) {
	lines := make(chan string)
	failed := make(chan error, 1)
	go pump(conn, lines, failed)
	quiet := time.NewTimer(time.Minute)
	defer quiet.Stop()
	for {
		select {
		case line := <-lines:
			quiet.Reset(time.Minute)
			log.Print(line)
		case err := <-failed:
			log.Printf("feed ended: %v", err)
			return
		case <-quiet.C:
			conn.Close()
		}
	}
}

// firstLine gives up on cancellation while the pump may still be sending.
func firstLine(ctx context.Context, conn net.Conn) string {
	lines := make(chan string)
	failed := make(chan error, 1)
	go pump(conn, lines, failed) // want "chan-blocked"
	select {
	case line := <-lines:
		conn.Close()
		return line
	case <-failed:
		return ""
	case <-ctx.Done():
		return ""
	}
}

// drainAll registers for Ctrl-C on every feed it drains: one more registration per feed.
func drainAll(ctx context.Context, conns []net.Conn) {
	for _, conn := range conns {
		drainOne(ctx, conn)
	}
}

func drainOne(ctx context.Context, conn net.Conn) {
	interrupted := make(chan os.Signal, 1)
	signal.Notify(interrupted, os.Interrupt) // want "signal-not-stopped"
	select {
	case <-interrupted:
	case <-ctx.Done():
	}
	log.Print(firstLine(ctx, conn))
}
