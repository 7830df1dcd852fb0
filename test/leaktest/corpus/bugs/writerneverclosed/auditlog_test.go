package writerneverclosed

import "testing"

func TestAuditLogWritesEntries(t *testing.T) {
	l := Open()
	l.Record("login alice")
	l.Record("delete repo")
	if got := l.Close(); got != "login alice\ndelete repo\n" {
		t.Fatalf("got %q", got)
	}
}
