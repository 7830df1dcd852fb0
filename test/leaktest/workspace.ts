// The Go module the leaktest tests run `leaklens test` on: one package per situation. `// blocked` and `// go` mark
// the lines the report must name; lineOf finds them, so the sources can change without renumbering the tests.

export const MODULE = 'example.com/ws';

export const SOURCES = {
  'go.mod': `module ${MODULE}\n\ngo 1.26\n`,
  'leak/leak.go': `package leak

// Fetch starts a worker and returns without reading its result: the worker waits forever.
func Fetch() {
	result := make(chan int)
	go func() { // go
		result <- 42 // blocked
	}()
}
`,
  'leak/leak_test.go': `package leak

import "testing"

func TestFetch(t *testing.T) { Fetch() }

func TestNothing(t *testing.T) {}
`,
  'clean/clean_test.go': `package clean

import "testing"

func TestClean(t *testing.T) {
	result := make(chan int)
	go func() { result <- 42 }()
	if <-result != 42 {
		t.Fatal("wrong result")
	}
}
`,
  'ownmain/ownmain_test.go': `package ownmain

import (
	"os"
	"testing"
)

var setUp bool

func TestMain(m *testing.M) {
	setUp = true
	os.Exit(m.Run())
}

func TestNeedsSetUp(t *testing.T) {
	if !setUp {
		t.Fatal("the package's TestMain did not run")
	}
	done := make(chan struct{})
	go func() { // go
		<-done // blocked
	}()
}
`,
  'bad/bad_test.go': `package bad

import "testing"

func TestBad(t *testing.T) { undefinedThing() }
`,
  'exit/exit_test.go': `package exit

import (
	"os"
	"testing"
)

func TestExit(t *testing.T) { os.Exit(3) }
`,
  'hang/hang_test.go': `package hang

import "testing"

func TestHang(t *testing.T) {
	never := make(chan int)
	<-never // blocked
}
`,
  'loud/loud_test.go': `package loud

import (
	"os"
	"strings"
	"testing"
)

// Prints 4 MB, then leaks.
func TestLoud(t *testing.T) {
	line := strings.Repeat("x", 1023) + "\\n"
	for i := 0; i < 4096; i++ {
		os.Stdout.WriteString(line)
	}
	ch := make(chan int)
	go func() { ch <- 1 }() // blocked
}
`,
  'tagged/tagged.go': `package tagged
`,
  'tagged/tagged_test.go': `//go:build leaky

package tagged

import "testing"

func TestTagged(t *testing.T) {
	ch := make(chan int)
	go func() { <-ch }() // blocked
}
`,
  'cgo/cgo.go': `package cgo

// int twice(int x) { return 2 * x; }
import "C"

// Twice computes in C on a goroutine whose result nobody reads.
func Twice(x int) int {
	result := make(chan int)
	go func() { result <- int(C.twice(C.int(x))) }() // blocked
	return x * 2
}
`,
  'cgo/cgo_test.go': `package cgo

import "testing"

func TestTwice(t *testing.T) {
	if Twice(2) != 4 {
		t.Fatal("Twice(2) != 4")
	}
}
`,
  'notests/notests.go': `package notests

func Unused() {}
`,
} as const;

export type SourceFile = keyof typeof SOURCES;

/** The 1-based line of `file` that carries the comment `// marker`. */
export function lineOf(file: SourceFile, marker: 'blocked' | 'go'): number {
  const index = SOURCES[file].split('\n').findIndex((l) => l.endsWith(`// ${marker}`));
  if (index < 0) throw new Error(`${file} has no // ${marker} line`);
  return index + 1;
}
