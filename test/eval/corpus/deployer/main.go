// deployer: rolls a release out to a list of hosts with ssh and a remote health check.
package main

import (
	"bufio"
	"context"
	"errors"
	"log"
	"os"
	"os/exec"
	"sync"
	"time"
)

type host struct{ addr string }

func readHosts(path string) ([]host, error) {
	f, err := os.Open(path) // want "unclosed-file"
	if err != nil {
		return nil, err
	}
	var hosts []host
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		hosts = append(hosts, host{addr: sc.Text()})
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	f.Close()
	return hosts, nil
}

// withDeadline returns its cancel to the caller, who defers it.
func withDeadline(d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), d)
}

func copyRelease(ctx context.Context, h host) error {
	return exec.CommandContext(ctx, "scp", "release.tar.gz", h.addr+":/tmp/").Run()
}

func restart(h host) error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute) // want "lost-cancel"
	out, err := exec.CommandContext(ctx, "ssh", h.addr, "systemctl", "restart", "app").CombinedOutput()
	if err != nil {
		log.Printf("%s: %s", h.addr, out)
		return err
	}
	cancel()
	return nil
}

// lease holds a host for one deploy step; release gives it back and ends the step's deadline.
type lease struct {
	ctx  context.Context
	host host
}

// acquireLease hands its caller a release closure, the only holder of the timeout's cancel, but the refused lock
// returns without it.
func acquireLease(h host) (*lease, func(), error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute) // want "lost-cancel"
	release := func() {
		cancel()
		_ = runChecked("ssh", h.addr, "rm", "-f", "/tmp/deploy.lock")
	}
	if err := runChecked("ssh", h.addr, "mkdir", "/tmp/deploy.lock"); err != nil {
		return nil, nil, err
	}
	return &lease{ctx: ctx, host: h}, release, nil
}

// restartLeased calls the release it is given on every path.
func restartLeased(h host) error {
	l, release, err := acquireLease(h)
	if err != nil {
		return err
	}
	defer release()
	return exec.CommandContext(l.ctx, "ssh", l.host.addr, "systemctl", "restart", "app").Run()
}

// tailLogs starts a log follower and never waits for it.
func tailLogs(h host) error {
	cmd := exec.Command("ssh", h.addr, "journalctl", "-fu", "app") // want "cmd-not-waited"
	cmd.Stdout = os.Stdout
	return cmd.Start()
}

// runChecked waits for its command.
func runChecked(name string, args ...string) error {
	cmd := exec.Command(name, args...)
	if err := cmd.Start(); err != nil {
		return err
	}
	return cmd.Wait()
}

func deployAll(hosts []host) error {
	ctx, cancel := withDeadline(10 * time.Minute)
	defer cancel()
	defer announce("deploy finished") // bounded: the logger command ends, and deployAll runs once
	var wg sync.WaitGroup
	errs := make(chan error, len(hosts))
	sem := make(chan struct{}, 4)
	for _, h := range hosts {
		wg.Add(1)
		sem <- struct{}{}
		go func(h host) {
			defer wg.Done()
			defer func() { <-sem }()
			if err := copyRelease(ctx, h); err != nil {
				errs <- err
				return
			}
			if err := restart(h); err != nil {
				errs <- err
				return
			}
			errs <- restartLeased(h)
		}(h)
	}
	wg.Wait()
	close(errs)
	var all []error
	for err := range errs {
		all = append(all, err)
	}
	return errors.Join(all...)
}

// smokeTest counts inside the goroutines it waits for.
func smokeTest(hosts []host) {
	var wg sync.WaitGroup
	sem := make(chan struct{}, 4)
	for _, h := range hosts {
		sem <- struct{}{}
		go func(h host) {
			wg.Add(1) // want "waitgroup"
			defer wg.Done()
			defer func() { <-sem }()
			if err := runChecked("curl", "-fsS", "http://"+h.addr+"/healthz"); err != nil {
				log.Printf("%s unhealthy: %v", h.addr, err)
			}
		}(h)
	}
	wg.Wait()
}

func announce(msg string) {
	go func() {
		_ = runChecked("logger", msg)
	}()
}

func main() {
	// The host list may still be being written by the provisioner: read it again until it has hosts.
	var hosts []host
	for attempt := 0; attempt < 3 && len(hosts) == 0; attempt++ {
		read, err := readHosts("hosts.txt")
		if err != nil {
			log.Print(err)
			continue
		}
		hosts = read
	}
	if len(hosts) == 0 {
		log.Fatal("no hosts")
	}
	if err := deployAll(hosts); err != nil {
		log.Print(err)
	}
	smokeTest(hosts)
	// One follower per host: a started command each, none waited for.
	for _, h := range hosts {
		if err := tailLogs(h); err != nil {
			log.Print(err)
		}
	}
}
