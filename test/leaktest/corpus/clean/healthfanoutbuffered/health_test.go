package healthfanoutbuffered

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
	client := NewClient()
	defer client.CloseIdleConnections()
	urls := []string{srv.URL + "/ok", srv.URL + "/down", srv.URL + "/down", srv.URL + "/ok", srv.URL + "/down"}
	if err := AllHealthy(client, urls); err == nil {
		t.Fatal("want an error")
	}
}
