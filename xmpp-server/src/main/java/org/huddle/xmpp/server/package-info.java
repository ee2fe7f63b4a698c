/**
 * The XMPP server role's public API: {@link org.huddle.xmpp.server.XmppServer}. Everything in
 * sub-packages is internal; see {@code docs/xmpp-server.md} for the layers.
 */
package org.huddle.xmpp.server;
