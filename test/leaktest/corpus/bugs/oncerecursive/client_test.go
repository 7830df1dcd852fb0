package oncerecursive

import "testing"

func TestWarmDoesNotBlock(t *testing.T) {
	c := &Client{}
	c.Warm()
}
