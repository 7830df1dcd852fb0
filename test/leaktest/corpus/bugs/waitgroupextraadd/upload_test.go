package waitgroupextraadd

import "testing"

func TestUploadAllSkipsTemporaryFiles(t *testing.T) {
	files := []string{"a.log", "b.tmp", "c.log"}
	results := UploadAll(files, func(string) error { return nil })
	// The caller knows two uploads were started and reads exactly two lines instead of ranging to the close.
	for range 2 {
		if line := <-results; line == "" {
			t.Fatal("empty result")
		}
	}
}
