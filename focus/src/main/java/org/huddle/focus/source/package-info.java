/**
 * Media sources as the focus keeps them: SSRCs with names, msids and video types, SIM and FID
 * groups, per owner, and the rules a participant's sources must follow. {@code SourceCodec} maps
 * them to and from their three wire forms (docs/wire.md#sources): the signalling module's XEP-0339
 * elements, Jitsi's compact {@code json-message} JSON, and Colibri2 {@code media-source}s. Values
 * only; no sessions.
 */
package org.huddle.focus.source;
