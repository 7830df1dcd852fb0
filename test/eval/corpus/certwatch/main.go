// certwatch: checks TLS certificate expiry of a fleet of hosts and exposes the results over HTTP.
package main

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"sync"
	"time"
)

type result struct {
	Host    string    `json:"host"`
	Expires time.Time `json:"expires"`
	Err     string    `json:"err,omitempty"`
}

type store struct {
	mu      sync.Mutex
	results map[string]result
}

func (s *store) put(r result) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.results[r.Host] = r
}

// sweeper restarts the certificate sweep whenever the host list changes.
type sweeper struct {
	stop   context.CancelFunc
	sweeps chan<- context.Context
}

// follow starts a sweep per change but never cancels the one it replaces.
func (w *sweeper) follow(parent context.Context, changes <-chan []string) {
	for hosts := range changes {
		ctx, cancel := context.WithCancel(parent)
		w.stop = cancel // want "lost-cancel"
		w.sweeps <- ctx
		log.Printf("sweeping %d hosts", len(hosts))
	}
}

func (w *sweeper) close() { w.stop() }

// expiry leaks the connection when the peer sends no certificate.
func expiry(host string) (time.Time, error) {
	conn, err := tls.Dial("tcp", host, &tls.Config{MinVersion: tls.VersionTLS12}) // want "unclosed-conn"
	if err != nil {
		return time.Time{}, err
	}
	certs := conn.ConnectionState().PeerCertificates
	if len(certs) == 0 {
		return time.Time{}, errors.New("no certificate")
	}
	conn.Close()
	return certs[0].NotAfter, nil
}

// expiryWithDialer closes on every path.
func expiryWithDialer(ctx context.Context, host string) (time.Time, error) {
	d := &tls.Dialer{Config: &tls.Config{MinVersion: tls.VersionTLS12}}
	conn, err := d.DialContext(ctx, "tcp", host)
	if err != nil {
		return time.Time{}, err
	}
	defer conn.Close()
	tc, ok := conn.(*tls.Conn)
	if !ok {
		return time.Time{}, fmt.Errorf("%s: not TLS", host)
	}
	certs := tc.ConnectionState().PeerCertificates
	if len(certs) == 0 {
		return time.Time{}, errors.New("no certificate")
	}
	return certs[0].NotAfter, nil
}

// checkOCSP builds a transport per host it checks.
func checkOCSP(hosts []string) {
	for _, h := range hosts {
		c := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{TLSHandshakeTimeout: 5 * time.Second}} // want "client-per-request"
		resp, err := c.Head("https://" + h + "/ocsp")
		if err != nil {
			log.Print(err)
			continue
		}
		resp.Body.Close()
	}
}

// ping uses the default client.
func ping(h string) bool {
	resp, err := http.Head("https://" + h) // want "no-timeout"
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode < 500
}

// retryExpiry backs off between attempts; the only other case returns, so no timers pile up.
func retryExpiry(ctx context.Context, host string) (time.Time, error) {
	delay := time.Second
	for attempt := 0; attempt < 4; attempt++ {
		t, err := expiryWithDialer(ctx, host)
		if err == nil {
			return t, nil
		}
		select {
		case <-ctx.Done():
			return time.Time{}, ctx.Err()
		case <-time.After(delay):
		}
		delay *= 2
	}
	return time.Time{}, fmt.Errorf("%s: gave up", host)
}

// serveResults listens per call and hands nobody the listener.
func serveResults(s *store) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0") // want "unclosed-conn"
	if err != nil {
		return err
	}
	log.Printf("results on %s", ln.Addr())
	return json.NewEncoder(log.Writer()).Encode(s.results)
}

func main() {
	s := &store{results: map[string]result{}}
	hosts := []string{"127.0.0.1:8443", "127.0.0.1:9443"}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for _, h := range hosts {
		t, err := retryExpiry(ctx, h)
		r := result{Host: h, Expires: t}
		if err != nil {
			r.Err = err.Error()
		}
		s.put(r)
		if _, err := expiry(h); err != nil && !ping(h) {
			log.Printf("%s down", h)
		}
		if err := serveResults(s); err != nil {
			log.Fatal(err)
		}
	}
	checkOCSP(hosts)
	mux := http.NewServeMux()
	mux.HandleFunc("/results", func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		defer s.mu.Unlock()
		json.NewEncoder(w).Encode(s.results)
	})
	srv := &http.Server{Addr: "127.0.0.1:9500", Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	log.Fatal(srv.ListenAndServe())
}
