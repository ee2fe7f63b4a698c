/**
 * Colibri2 ({@code jitsi:colibri2}), the focus's control protocol for bridges: {@code
 * conference-modify} and {@code conference-modified} with endpoints, media, transports, sources,
 * force-mute and the error reasons. Jitsi defines it in code, not in a XEP; docs/wire.md#colibri2
 * explains it.
 */
package org.huddle.signalling.colibri2;
