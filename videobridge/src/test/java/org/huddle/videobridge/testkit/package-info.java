/**
 * A test endpoint for the bridge, reusable by other modules' integration tests through this
 * module's test-jar: ICE with ice4j (controlled, a host candidate on 127.0.0.1), DTLS-SRTP as the
 * DTLS client (RFC 5763), and SRTP; plus builders for the RTP it sends (Opus with RFC 6464 audio
 * levels, VP8 simulcast per RFC 7741) and for the Colibri2 requests a focus would send.
 */
package org.huddle.videobridge.testkit;
