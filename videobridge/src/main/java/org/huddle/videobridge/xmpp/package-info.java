/**
 * The XMPP control connection (RFC 6120 client, with Smack): the bridge logs in, joins the brewery
 * MUC (XEP-0045) with a stats presence (docs/wire.md#brewery), and answers Colibri2 {@code
 * conference-modify} and Jitsi health-check IQs (docs/wire.md#colibri2).
 */
package org.huddle.videobridge.xmpp;
