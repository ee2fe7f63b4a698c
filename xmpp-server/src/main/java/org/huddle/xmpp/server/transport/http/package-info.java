/**
 * The HTTP transports: XMPP over WebSocket (RFC 7395) and BOSH (XEP-0124, XEP-0206), plus health
 * and metrics, on Jetty 12. Both transports drive the same client session as TCP.
 */
package org.huddle.xmpp.server.transport.http;
