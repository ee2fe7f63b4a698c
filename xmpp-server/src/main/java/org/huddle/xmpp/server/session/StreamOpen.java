package org.huddle.xmpp.server.session;

/**
 * A client's stream opening, whatever the framing: {@code <stream:stream>}, {@code <open/>} or a
 * BOSH session request.
 *
 * @param to the host the client wants
 * @param from the client's claimed address, if any
 * @param version the stream version (RFC 6120 §4.7.5), or null
 * @param lang {@code xml:lang}, or null
 */
public record StreamOpen(String to, String from, String version, String lang) {}
