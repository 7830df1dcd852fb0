package healthfanout

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestAllHealthyFailsFast(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/down" {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	}))
	defer srv.Close()
	// Three endpoints are down: the checker returns at the first, so at least two results are never read.
	urls := []string{srv.URL + "/ok", srv.URL + "/down", srv.URL + "/down", srv.URL + "/ok", srv.URL + "/down"}
	if err := AllHealthy(urls); err == nil {
		t.Fatal("want an error")
	}
}
