/**
 * Authentication: SASL (RFC 6120 §6) mechanisms ANONYMOUS (RFC 4505), PLAIN (RFC 4616), SCRAM-SHA-1
 * (RFC 5802) and SCRAM-SHA-256 (RFC 7677); the salted, hashed account store; and the throttle for
 * repeated failures.
 */
package org.huddle.xmpp.server.auth;
