/**
 * The XMPP server benchmark: hand-written XMPP clients on raw sockets (TCP and RFC 7395 WebSocket)
 * drive Huddle, Prosody and ejabberd, each a child process on 127.0.0.1 with equivalent settings,
 * through login, idle-connection, MUC join-storm and groupchat scenarios, and print the results
 * side by side.
 */
package org.huddle.bench.xmpp;
