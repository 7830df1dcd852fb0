// mailwatch: a small daemon that checks mail relays, a status database and an API on every tick. Written to hold the
// shapes a precise analyzer must stay silent on (drained rows, bounded requests, process-wide signal handlers, error
// checks in other shapes, long-lived loggers, per-run contexts) next to the leaks it must still find.
package main

import (
	"context"
	"database/sql"
	"errors"
	"io/fs"
	"log"
	"net"
	"net/http"
	"net/smtp"
	"os"
	"os/signal"
	"syscall"
	"time"

	"golang.org/x/oauth2"
)

var events *log.Logger

type watcher struct {
	db     *sql.DB
	api    string
	tokens oauth2.TokenSource
}

// openEventLog keeps the file for the life of the process, in the package logger.
func openEventLog(path string) error {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	events = log.New(f, "mailwatch ", log.LstdFlags)
	return nil
}

// relays reads every row: the drained rows close themselves.
func (w *watcher) relays(ctx context.Context) ([]string, error) {
	rows, err := w.db.QueryContext(ctx, "SELECT addr FROM relays WHERE enabled")
	if err != nil {
		return nil, err
	}
	var addrs []string
	for rows.Next() {
		var addr string
		if err := rows.Scan(&addr); err != nil {
			events.Printf("bad relay row: %v", err)
			continue
		}
		addrs = append(addrs, addr)
	}
	return addrs, nil
}

// firstDisabled stops reading at the first row and never closes the rest.
func (w *watcher) firstDisabled(ctx context.Context) string {
	rows, err := w.db.QueryContext(ctx, "SELECT addr FROM relays WHERE NOT enabled") // want "unclosed-rows"
	if err != nil {
		return ""
	}
	for rows.Next() {
		var addr string
		if rows.Scan(&addr) == nil {
			return addr
		}
	}
	return ""
}

// probeRelay dials the relay and hands the socket to an SMTP client that nobody closes.
func probeRelay(addr string) error {
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		return err
	}
	c, err := smtp.NewClient(conn, "relay.example.invalid") // want "unclosed-conn"
	if err != nil {
		return err
	}
	return c.Noop()
}

// probeRelayQuit ends each session with Quit, which closes the socket.
func probeRelayQuit(addr string) error {
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		return err
	}
	c, err := smtp.NewClient(conn, "relay.example.invalid")
	if err != nil {
		return err
	}
	defer c.Quit()
	return c.Noop()
}

func apiRequest(ctx context.Context, url string) (*http.Request, error) {
	return http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
}

// apiStatus bounds the request with a deadline set here, built by a helper.
func (w *watcher) apiStatus() (int, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := apiRequest(ctx, w.api)
	if err != nil {
		return 0, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	return resp.StatusCode, nil
}

// quota calls the API through an OAuth2 client built on context.Background(): no timeout anywhere.
func (w *watcher) quota() error {
	client := oauth2.NewClient(context.Background(), w.tokens) // want "no-timeout"
	resp, err := client.Get(w.api + "/quota")
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// readOverrides treats a missing file as no overrides.
func readOverrides(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil && errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	buf := make([]byte, 4096)
	n, err := f.Read(buf)
	return buf[:n], err
}

// handleSignals serves SIGHUP for the rest of the run.
func handleSignals(reload func()) {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	go func() {
		for range hup {
			reload()
		}
	}()
}

// checkLoop replaces the per-check context on every tick: that context is not the loop's stop signal.
func (w *watcher) checkLoop(ticks <-chan time.Time) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for {
		<-ticks
		cancel()
		ctx, cancel = context.WithCancel(context.Background())
		w.checkAll(ctx)
	}
}

func (w *watcher) checkAll(ctx context.Context) {
	addrs, err := w.relays(ctx)
	if err != nil {
		events.Print(err)
		return
	}
	for _, addr := range addrs {
		if err := probeRelayQuit(addr); err != nil {
			events.Print(err)
		}
	}
}

func main() {
	if err := openEventLog("/var/log/mailwatch.log"); err != nil {
		log.Fatal(err)
	}
	db, err := sql.Open("postgres", os.Getenv("DATABASE_URL"))
	if err != nil {
		log.Fatal(err)
	}
	w := &watcher{db: db, api: os.Getenv("API_URL")}
	handleSignals(func() { events.Print("reload") })
	if _, err := readOverrides("/etc/mailwatch/overrides"); err != nil {
		log.Fatal(err)
	}
	ticker := time.NewTicker(time.Minute)
	defer ticker.Stop()
	w.checkLoop(ticker.C)
}
