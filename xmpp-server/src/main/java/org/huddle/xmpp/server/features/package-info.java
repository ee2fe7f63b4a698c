/**
 * Server features, each a small set of hooks on a host's events: delivery and presence (RFC 6121),
 * roster, ping (XEP-0199), software version (XEP-0092) and service discovery (XEP-0030). They know
 * nothing of sockets or sessions.
 */
package org.huddle.xmpp.server.features;
