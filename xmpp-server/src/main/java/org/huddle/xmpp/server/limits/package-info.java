/**
 * What one client address may hold, as Prosody's {@code mod_limits} and connection limits do: caps
 * on connections, streams not yet logged in, sessions and BOSH sessions per address; a byte rate
 * per connection; a limit on failed component handshakes (XEP-0114); and the CIDR ranges of trusted
 * proxies whose {@code X-Forwarded-For} names the real client. Knows nothing of sockets or
 * sessions; the transports and sessions ask it.
 */
package org.huddle.xmpp.server.limits;
