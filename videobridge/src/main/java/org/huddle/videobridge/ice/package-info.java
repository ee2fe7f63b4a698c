/**
 * ICE (RFC 8445) with ice4j, as jitsi-videobridge runs it: one shared UDP port for every endpoint
 * (ice4j's single-port harvester demultiplexes by ufrag), an optional ICE-TCP port (RFC 6544),
 * advertised addresses for NAT, and consent freshness (RFC 7675).
 */
package org.huddle.videobridge.ice;
