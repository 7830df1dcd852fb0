package waitgroupbalanced

import (
	"errors"
	"testing"
)

func TestUploadAllStreamsEveryResult(t *testing.T) {
	files := []string{"a.log", "b.tmp", "c.log", "d.log"}
	n := 0
	for range UploadAll(files, func(f string) error {
		if f == "c.log" {
			return errors.New("quota")
		}
		return nil
	}) {
		n++
	}
	if n != 3 {
		t.Fatalf("got %d results", n)
	}
}
