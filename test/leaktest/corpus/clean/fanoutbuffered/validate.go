// Package fanoutbuffered validates documents in parallel and returns the first error.
//
// clean: the error channel has one slot per validator, so validators whose outcome is never read still finish.
package fanoutbuffered

import "fmt"

// ValidateAll runs validate on every document and returns the first failure, or nil.
func ValidateAll(docs []string, validate func(string) error) error {
	errc := make(chan error, len(docs))
	for _, d := range docs {
		go func() {
			err := validate(d)
			if err != nil {
				err = fmt.Errorf("%s: %w", d, err)
			}
			errc <- err
		}()
	}
	for range docs {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}
