/**
 * DTLS 1.2 (RFC 6347) for DTLS-SRTP (RFC 5763 and RFC 5764) with BouncyCastle: a self-signed ECDSA
 * certificate, its sha-256 fingerprint (RFC 8122 §5), the role from the {@code setup} attribute
 * (RFC 4145 §4), the use_srtp extension and the exported SRTP keys.
 */
package org.huddle.videobridge.dtls;
