/** Prometheus metrics of the XMPP role, served at {@code /metrics} on the HTTP port. */
package org.huddle.xmpp.server.metrics;
