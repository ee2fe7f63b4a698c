/**
 * Client sessions (RFC 6120 §4–§7): stream negotiation, STARTTLS, SASL and resource binding,
 * independent of the transport that carries them.
 */
package org.huddle.xmpp.server.session;
