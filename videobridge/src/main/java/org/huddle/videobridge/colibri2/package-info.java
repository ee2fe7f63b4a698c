/**
 * Colibri2 (namespace {@code jitsi:colibri2}), the focus's control protocol, in Jitsi's format:
 * {@code conference-modify} requests and {@code conference-modified} answers with endpoints, media
 * (Jingle payload types and RFC 8285 header extensions, XEP-0167, XEP-0294), transports (XEP-0176
 * ICE-UDP with XEP-0320 DTLS fingerprints) and sources (XEP-0339), and the error reasons of
 * shared/WIRE.md §3. The XML model here is independent of the XMPP library that carries it.
 */
package org.huddle.videobridge.colibri2;
