package main

import (
	"net"
	"net/smtp"
	"time"
)

// openSession dials a relay and returns the SMTP client that owns the socket. When the handshake fails there is no
// client, so the raw connection is closed here.
func openSession(addr string) (*smtp.Client, error) {
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		return nil, err
	}
	c, err := smtp.NewClient(conn, "relay.example.invalid")
	if err != nil {
		conn.Close()
		return nil, err
	}
	return c, nil
}

// verifySender asks the relay about each sender; a refused MAIL FROM returns without closing the session.
func verifySender(addr, from string) error {
	c, err := openSession(addr) // want "unclosed-conn"
	if err != nil {
		return err
	}
	if err := c.Mail(from); err != nil {
		return err
	}
	return c.Quit()
}

// verifySenderClosed closes the session on every path.
func verifySenderClosed(addr, from string) error {
	c, err := openSession(addr)
	if err != nil {
		return err
	}
	defer c.Close()
	return c.Mail(from)
}
