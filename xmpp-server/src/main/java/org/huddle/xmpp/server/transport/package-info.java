/**
 * Transports: TCP streams (RFC 6120 §4, §5 STARTTLS) on Netty. Each connection parses its bytes
 * with the codec and hands elements to a session; nothing here knows what the elements mean.
 */
package org.huddle.xmpp.server.transport;
