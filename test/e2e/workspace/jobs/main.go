// jobs rotates logs in rounds; each round starts a ticker and never stops it.
package main

import (
	"fmt"
	"time"
)

func rotate(rounds int) {
	ticker := time.NewTicker(time.Second)
	for i := 0; i < rounds; i++ {
		<-ticker.C
		fmt.Println("rotated", i)
	}
}

func main() {
	for {
		rotate(3)
	}
}
