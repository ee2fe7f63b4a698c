/**
 * TLS (RFC 6120 §5, TLS 1.2+ per RFC 7590): the server certificate, configured or self-signed at
 * first start.
 */
package org.huddle.xmpp.server.tls;
