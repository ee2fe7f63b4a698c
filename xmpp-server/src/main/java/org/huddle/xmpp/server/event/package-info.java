/**
 * Typed events with Prosody's names, fired on a per-host bus in named phases. Server features, MUC
 * concerns and Lua plugins all subscribe here; see {@code docs/xmpp-server.md}.
 */
package org.huddle.xmpp.server.event;
