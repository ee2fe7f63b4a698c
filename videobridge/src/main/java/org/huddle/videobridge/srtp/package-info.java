/**
 * SRTP and SRTCP (RFC 3711) with the protection profiles that DTLS-SRTP negotiates (RFC 5764
 * §4.1.2, RFC 7714 for AEAD_AES_128_GCM), on top of jitsi-srtp's crypto contexts.
 */
package org.huddle.videobridge.srtp;
