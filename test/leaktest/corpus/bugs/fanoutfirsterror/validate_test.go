package fanoutfirsterror

import (
	"errors"
	"testing"
)

func TestValidateAllReportsFailure(t *testing.T) {
	bad := errors.New("missing title")
	// Every document fails, so whichever error comes first, the others have nobody to hand theirs to.
	err := ValidateAll([]string{"a.md", "b.md", "c.md"}, func(string) error { return bad })
	if !errors.Is(err, bad) {
		t.Fatalf("got %v", err)
	}
}
