package consumercancels

import (
	"errors"
	"testing"
)

func TestImportStopsAtInvalidRecord(t *testing.T) {
	store := map[string]string{}
	err := Import([]string{"a=1", "broken", "b=2", "c=3"}, store)
	if !errors.Is(err, ErrInvalid) || store["a"] != "1" {
		t.Fatalf("err=%v store=%v", err, store)
	}
}
