/**
 * The bridge channel over WebSocket (colibri-ws): {@code
 * /colibri-ws/<server>/<conference>/<endpoint>?pwd=} and Jitsi's JSON messages keyed by {@code
 * colibriClass} (jitsi-videobridge {@code BridgeChannelMessage}; docs/wire.md#bridge-channel). Over
 * Jetty's native WebSocket API.
 */
package org.huddle.videobridge.channel;
