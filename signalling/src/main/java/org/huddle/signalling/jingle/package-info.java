/**
 * The Jingle pieces Jitsi uses (XEP-0166, https://xmpp.org/extensions/xep-0166.html): RTP
 * descriptions and payload types (XEP-0167), RTCP feedback (XEP-0293), header extensions
 * (XEP-0294), sources and ssrc-groups (XEP-0339), the ICE-UDP transport (XEP-0176) with DTLS
 * fingerprints (XEP-0320) and Jitsi's {@code web-socket}. See docs/wire.md#jingle.
 */
package org.huddle.signalling.jingle;
