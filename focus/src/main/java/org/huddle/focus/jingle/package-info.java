/**
 * Jingle (XEP-0166) with RTP (XEP-0167), ICE-UDP (XEP-0176), DTLS (XEP-0320), header extensions
 * (XEP-0294), rtcp-fb (XEP-0293), BUNDLE grouping (XEP-0338) and sources (XEP-0339), as Jicofo
 * speaks them to Jitsi clients (docs/wire.md#jingle): the offer, the sessions, and the errors of
 * XEP-0166 §7.2 for what does not fit.
 */
package org.huddle.focus.jingle;
