// deploy-helper rolls a new build out to a list of hosts, one ssh command per host, and tails the service log.
package main

import (
	"bufio"
	"context"
	"log"
	"os"
	"os/exec"
	"os/signal"
	"syscall"
	"time"
)

var hosts = []string{"web-1.internal", "web-2.internal", "web-3.internal"}

// deployer remembers the cancel of its context but nothing ever calls it, so its timer lives until the deadline.
type deployer struct {
	ctx    context.Context
	cancel context.CancelFunc
}

func newDeployer(timeout time.Duration) *deployer {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	return &deployer{ctx: ctx, cancel: cancel}
}

// restart starts the restart on one host and returns without waiting: the ssh process becomes a zombie.
func (d *deployer) restart(host string) error {
	cmd := exec.CommandContext(d.ctx, "ssh", host, "sudo", "systemctl", "restart", "app")
	return cmd.Start()
}

// tailLog streams the service log of one host; the command is never waited, so its pipe and process stay behind.
func tailLog(host string, lines chan<- string) error {
	cmd := exec.Command("ssh", host, "journalctl", "-fu", "app")
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	scanner := bufio.NewScanner(out)
	for scanner.Scan() {
		lines <- host + ": " + scanner.Text()
	}
	return scanner.Err()
}

// interruptedWithin gives the operator d to press Ctrl-C, but never calls signal.Stop: every call leaves one more
// channel registered, and it is called before every host and every minute of tailing.
func interruptedWithin(d time.Duration) bool {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	select {
	case <-sigs:
		return true
	case <-time.After(d):
		return false
	}
}

func main() {
	d := newDeployer(10 * time.Minute)
	for _, h := range hosts {
		if interruptedWithin(2 * time.Second) {
			log.Fatal("deploy aborted")
		}
		if err := d.restart(h); err != nil {
			log.Fatalf("restart %s: %v", h, err)
		}
	}
	lines := make(chan string)
	for _, h := range hosts {
		go func(host string) {
			if err := tailLog(host, lines); err != nil {
				log.Printf("tail %s: %v", host, err)
			}
		}(h)
	}
	go func() {
		for l := range lines {
			log.Print(l)
		}
	}()
	for !interruptedWithin(time.Minute) {
		log.Print("still tailing; Ctrl-C to stop")
	}
}
