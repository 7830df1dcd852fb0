// shipper: tails local log files and ships them in batches to a collector over TCP.
package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"sync"
	"time"
)

var (
	batchPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}
	linePool  = sync.Pool{New: func() any { return new(bytes.Buffer) }}
	readPool  = sync.Pool{New: func() any { return make([]byte, 64*1024) }}
	framePool = sync.Pool{New: func() any { b := make([]byte, 0, 512); return &b }}
)

func formatLine(host, line string) []byte {
	buf := linePool.Get().(*bytes.Buffer) // want "pool-no-reset"
	fmt.Fprintf(buf, "%s %s %s\n", time.Now().UTC().Format(time.RFC3339), host, line)
	out := bytes.Clone(buf.Bytes())
	linePool.Put(buf)
	return out
}

// batch resets before writing and copies out what outlives the buffer.
func batch(lines [][]byte) []byte {
	buf := batchPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer batchPool.Put(buf)
	for _, l := range lines {
		buf.Write(l)
	}
	return bytes.Clone(buf.Bytes())
}

// batchUnsafe returns memory that the deferred Put hands to the next user.
func batchUnsafe(lines [][]byte) []byte {
	buf := batchPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer batchPool.Put(buf) // want "pool-long-lived"
	for _, l := range lines {
		buf.Write(l)
	}
	return buf.Bytes()
}

func readChunk(r io.Reader) (int, error) {
	chunk := readPool.Get().([]byte)
	defer readPool.Put(chunk) // want "pool-put-nonpointer"
	return r.Read(chunk)
}

func frame(payload []byte) []byte {
	bp := framePool.Get().(*[]byte)
	*bp = (*bp)[:0]
	*bp = append(*bp, byte(len(payload)))
	*bp = append(*bp, payload...)
	out := append([]byte(nil), *bp...)
	framePool.Put(bp)
	return out
}

// ship dials per batch and leaks the connection when the write fails.
func ship(addr string, payload []byte) error {
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second) // want "unclosed-conn"
	if err != nil {
		return err
	}
	if _, err := conn.Write(frame(payload)); err != nil {
		return err
	}
	return conn.Close()
}

// shipClosed always closes.
func shipClosed(addr string, payload []byte) error {
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		return err
	}
	defer conn.Close()
	_, err = conn.Write(frame(payload))
	return err
}

func tail(path string, out chan<- []byte) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		out <- formatLine("web-1", sc.Text())
	}
	return sc.Err()
}

func main() {
	lines := make(chan []byte, 1024)
	go func() {
		defer close(lines)
		if err := tail("/var/log/app.log", lines); err != nil {
			log.Print(err)
		}
	}()
	var pending [][]byte
	for l := range lines {
		pending = append(pending, l)
		if len(pending) < 100 {
			continue
		}
		if err := ship("127.0.0.1:5140", batch(pending)); err != nil {
			log.Print(err)
		}
		if err := shipClosed("127.0.0.1:5141", batchUnsafe(pending)); err != nil {
			log.Print(err)
		}
		pending = pending[:0]
	}
	if n, err := readChunk(os.Stdin); err == nil {
		log.Printf("read %d", n)
	}
}
