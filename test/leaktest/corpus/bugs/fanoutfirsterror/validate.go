// Package fanoutfirsterror validates documents in parallel, errgroup-style, and returns the first error. Every other
// validator still sends its outcome on the unbuffered error channel that nobody reads anymore.
package fanoutfirsterror

import "fmt"

// ValidateAll runs validate on every document and returns the first failure, or nil.
func ValidateAll(docs []string, validate func(string) error) error {
	errc := make(chan error)
	for _, d := range docs {
		go func() { // created
			err := validate(d)
			if err != nil {
				err = fmt.Errorf("%s: %w", d, err)
			}
			errc <- err // leak: chan send
		}()
	}
	for range docs {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}
