// webhook: receives deploy webhooks, forwards them to chat, and keeps an audit log.
package main

import (
	"bytes"
	"encoding/json"
	"io"
	"log"
	"net/http"
	"os"
	"sync"
	"time"
)

type event struct {
	Repo   string `json:"repo"`
	Status string `json:"status"`
}

type server struct {
	chat  *http.Client
	mu    sync.Mutex
	audit *os.File
}

var encodePool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// forward builds a new Transport for every webhook it relays.
func (s *server) forward(w http.ResponseWriter, r *http.Request) {
	var ev event
	if err := json.NewDecoder(r.Body).Decode(&ev); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	relay := &http.Client{Transport: &http.Transport{MaxIdleConns: 1}, Timeout: 5 * time.Second} // want "client-per-request"
	buf := encodePool.Get().(*bytes.Buffer)
	buf.Reset()
	json.NewEncoder(buf).Encode(ev)
	resp, err := relay.Post("http://127.0.0.1:8900/chat", "application/json", buf)
	encodePool.Put(buf)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	w.WriteHeader(resp.StatusCode)
}

// notify uses the shared client.
func (s *server) notify(ev event) error {
	buf := encodePool.Get().(*bytes.Buffer)
	buf.Reset()
	defer encodePool.Put(buf)
	if err := json.NewEncoder(buf).Encode(ev); err != nil {
		return err
	}
	resp, err := s.chat.Post("http://127.0.0.1:8900/chat", "application/json", buf)
	if err != nil {
		return err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return err
}

func (s *server) record(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.audit.Write(append(body, '\n'))
}

func main() {
	audit, err := os.OpenFile("audit.log", os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		log.Fatal(err)
	}
	defer audit.Close()
	s := &server{chat: &http.Client{Timeout: 10 * time.Second}, audit: audit}
	mux := http.NewServeMux()
	mux.HandleFunc("/hook", s.forward)
	mux.HandleFunc("/audit", s.record)
	srv := &http.Server{Addr: ":8088", Handler: mux} // want "no-timeout"
	log.Fatal(srv.ListenAndServe())
}
