/**
 * One endpoint of a conference: its transport (ICE, DTLS-SRTP), the pipelines its packets take in
 * and out, the RTCP it terminates and generates (RFC 3550 §6, RFC 4585), and the per-receiver
 * projection of simulcast streams into one continuous stream. What it receives goes to a {@link
 * org.huddle.videobridge.endpoint.Endpoint.Host} (the conference), which decides who gets it.
 */
package org.huddle.videobridge.endpoint;
