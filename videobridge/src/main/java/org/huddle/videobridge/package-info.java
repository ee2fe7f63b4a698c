/**
 * The videobridge's public API: {@link org.huddle.videobridge.VideobridgeConfig} and {@link
 * org.huddle.videobridge.Videobridge}. It speaks Colibri2 over XMPP and the colibri-ws bridge
 * channel as jitsi-videobridge does (see docs/wire.md); everything else lives in sub-packages and
 * is internal.
 */
package org.huddle.videobridge;
