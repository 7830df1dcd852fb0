// releaser: a one-shot release CLI with a local profiling endpoint. What its startup helpers leave open on an error path
// lasts until it exits a moment later; the per-artifact upload loop is where a leak repeats.
package main

import (
	"crypto/sha256"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	_ "net/http/pprof"
	"os"
)

type command struct {
	name   string
	Action func(args []string) error
}

func main() {
	go func() {
		log.Println(http.ListenAndServe("localhost:6061", nil))
	}()
	commands := []command{{name: "publish", Action: publish}}
	for _, c := range commands {
		if len(os.Args) > 1 && os.Args[1] == c.name {
			if err := c.Action(os.Args[2:]); err != nil {
				log.Fatal(err)
			}
		}
	}
}

func publish(args []string) error {
	notes, err := readNotes()
	if err != nil {
		return err
	}
	ln, err := controlSocket()
	if err != nil {
		return err
	}
	defer ln.Close()
	for _, artifact := range args {
		sum, err := checksum(artifact)
		if err != nil {
			return err
		}
		fmt.Println(artifact, sum, len(notes))
	}
	return nil
}

// Runs once per invocation: its error path leaves one descriptor until the process exits.
func readNotes() ([]byte, error) {
	f, err := os.Open("NOTES.md")
	if err != nil {
		return nil, err
	}
	notes, err := io.ReadAll(f)
	if err != nil {
		return nil, err
	}
	return notes, f.Close()
}

// Runs once per invocation, like readNotes.
func controlSocket() (net.Listener, error) {
	ln, err := net.Listen("unix", "releaser.sock")
	if err != nil {
		return nil, err
	}
	if _, ok := ln.(*net.UnixListener); !ok {
		return nil, fmt.Errorf("not a unix listener")
	}
	return ln, nil
}

// Once per artifact: a failed read leaks a descriptor each time.
func checksum(path string) (string, error) {
	f, err := os.Open(path) // want "unclosed-file"
	if err != nil {
		return "", err
	}
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	f.Close()
	return fmt.Sprintf("%x", h.Sum(nil)), nil
}
