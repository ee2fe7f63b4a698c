/**
 * Media sources as Jitsi signals them: SSRCs with names, msids and video types (XEP-0339 {@code
 * source} and {@code ssrc-group}, with Jitsi's {@code ssrc-info} owner), SIM and FID groups, the
 * compact {@code json-message} form, and the Colibri2 {@code media-source} form (shared/WIRE.md
 * §2–§3). Values only; no sessions.
 */
package org.huddle.focus.source;
