/**
 * Routing (RFC 6120 §10, RFC 6121 §8): hosts, bound sessions, and the router that fires each
 * stanza's events on its destination host. It knows nothing of sockets or of how sessions are
 * negotiated.
 */
package org.huddle.xmpp.server.routing;
