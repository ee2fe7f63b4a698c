/**
 * ICE (RFC 8445) with ice4j agents, as jitsi-videobridge runs it: one shared UDP port for every
 * endpoint and one shared ICE-TCP port (RFC 6544, RFC 4571 framing), both ours ({@link
 * org.huddle.videobridge.ice.UdpPort}, {@link org.huddle.videobridge.ice.TcpPort}) so that every
 * packet is accounted for and TCP payload reaches the push API; ice4j's agents run the checks and
 * consent freshness (RFC 7675) over them. Public addresses are mapped from local ones as ice4j's
 * static mappings do, from the settings or from STUN (RFC 5389).
 */
package org.huddle.videobridge.ice;
