/**
 * The XMPP control connection (RFC 6120 client, with Smack): the bridge logs in, joins the brewery
 * MUC (XEP-0045) with a stats presence (shared/WIRE.md §4), and answers Colibri2 {@code
 * conference-modify} and Jitsi health-check IQs (§3).
 */
package org.huddle.videobridge.xmpp;
