package main

import (
	"fmt"
)

func run(upstream, listen string) error {
	if upstream == "" {
		return fmt.Errorf("no upstream")
	}
	return startRelay(upstream, listen)
}
