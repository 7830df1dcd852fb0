// janitor: a nightly maintenance daemon that purges stale rows and exposes a small admin endpoint.
package main

import (
	"context"
	"database/sql"
	"errors"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

type janitor struct {
	db *sql.DB
}

// staleIDs forgets to close rows when a scan fails.
func (j *janitor) staleIDs(ctx context.Context) ([]int64, error) {
	rows, err := j.db.QueryContext(ctx, "SELECT id FROM sessions WHERE expires < now()") // want "unclosed-rows"
	if err != nil {
		return nil, err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	return ids, rows.Err()
}

func (j *janitor) purge(ctx context.Context, ids []int64) error {
	stmt, err := j.db.PrepareContext(ctx, "DELETE FROM sessions WHERE id = ?")
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, id := range ids {
		if _, err := stmt.ExecContext(ctx, id); err != nil {
			return err
		}
	}
	return nil
}

// purgeInterruptibly lets Ctrl-C abort one purge, but registers a new channel every night and never unregisters it.
func (j *janitor) purgeInterruptibly(ctx context.Context, ids []int64) error {
	intr := make(chan os.Signal, 1)
	signal.Notify(intr, os.Interrupt) // want "signal-not-stopped"
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		select {
		case <-intr:
			cancel()
		case <-ctx.Done():
		}
	}()
	return j.purge(ctx, ids)
}

func (j *janitor) countUsers(ctx context.Context) (int, error) {
	rows, err := j.db.QueryContext(ctx, "SELECT count(*) FROM users")
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		if err := rows.Scan(&n); err != nil {
			return 0, err
		}
	}
	return n, rows.Err()
}

// startAdmin starts a server per call and returns without a way to stop it.
func startAdmin(addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: http.NotFoundHandler(), ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln) // want "server-not-shutdown"
	return nil
}

// reloadOnHUP registers for SIGHUP once per process: the handler lives as long as the program and needs no Stop.
func reloadOnHUP(reload func()) {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	go func() {
		for range hup {
			reload()
		}
	}()
}

// waitForTerm unregisters when it returns.
func waitForTerm(ctx context.Context) {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGTERM)
	defer signal.Stop(sigs)
	select {
	case <-sigs:
	case <-ctx.Done():
	}
}

func (j *janitor) nightly(ctx context.Context) {
	t := time.NewTimer(time.Until(nextMidnight()))
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			ids, err := j.staleIDs(ctx)
			if err == nil {
				err = j.purgeInterruptibly(ctx, ids)
			}
			if err != nil {
				log.Print(err)
			}
			t.Reset(time.Until(nextMidnight()))
		}
	}
}

// vacuumUntil starts a ticker per call and returns without stopping it.
func (j *janitor) vacuumUntil(ctx context.Context, done <-chan struct{}) {
	t := time.NewTicker(time.Hour) // want "ticker-not-stopped"
	for {
		select {
		case <-done:
			return
		case <-t.C:
			if _, err := j.db.ExecContext(ctx, "VACUUM"); err != nil {
				log.Print(err)
			}
		}
	}
}

func nextMidnight() time.Time {
	now := time.Now()
	return time.Date(now.Year(), now.Month(), now.Day()+1, 0, 0, 0, 0, now.Location())
}

func main() {
	db, err := sql.Open("postgres", os.Getenv("DATABASE_URL"))
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	j := &janitor{db: db}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	reloadOnHUP(func() { log.Print("reload") })
	for _, addr := range []string{"127.0.0.1:9300", "127.0.0.1:9302"} {
		if err := startAdmin(addr); err != nil {
			log.Fatal(err)
		}
	}
	go j.nightly(ctx)
	go j.vacuumUntil(ctx, ctx.Done())
	srv := &http.Server{Addr: "127.0.0.1:9301", ReadHeaderTimeout: 5 * time.Second}
	go func() {
		if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Print(err)
		}
	}()
	waitForTerm(ctx)
	shutdownCtx, stop := context.WithTimeout(context.Background(), 10*time.Second)
	defer stop()
	srv.Shutdown(shutdownCtx)
}
