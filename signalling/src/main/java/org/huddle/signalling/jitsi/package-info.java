/**
 * Jitsi's own elements around Jingle and Colibri2: the {@code conference} IQ a client sends the
 * focus, {@code json-message} and {@code ssrc-info} in Jingle, and the {@code stats} a bridge
 * announces in the brewery. Jitsi defines them in code only; docs/wire.md explains each.
 */
package org.huddle.signalling.jitsi;
