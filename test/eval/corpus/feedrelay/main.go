// feedrelay: a small daemon that relays lines from upstream TCP feeds to a local HTTP endpoint. Its entry point, its
// daemon loop and its helpers live in different files, the way a real command grows.
package main

import (
	"flag"
	"log"
	"os"
)

func main() {
	upstream := flag.String("upstream", "127.0.0.1:7000", "feed address")
	listen := flag.String("listen", "127.0.0.1:8085", "HTTP address")
	flag.Parse()
	if err := run(*upstream, *listen); err != nil {
		log.Print(err)
		os.Exit(1)
	}
}
