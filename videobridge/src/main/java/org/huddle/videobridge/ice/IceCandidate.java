package org.huddle.videobridge.ice;

/**
 * One ICE candidate as Jingle's ice-udp transport (XEP-0176 §5.3) and colibri2 carry it.
 *
 * @param component 1 for RTP (rtcp-mux)
 * @param foundation the foundation
 * @param generation ICE generation, 0
 * @param id a unique id
 * @param ip address
 * @param port port
 * @param priority RFC 8445 §5.1.2 priority
 * @param protocol "udp" or "tcp"
 * @param type host, srflx, prflx or relay
 * @param relAddr related address for srflx, or null
 * @param relPort related port, or 0
 * @param tcpType "passive"/"active"/"so" for TCP, or null
 */
public record IceCandidate(
    int component,
    String foundation,
    int generation,
    String id,
    String ip,
    int port,
    long priority,
    String protocol,
    String type,
    String relAddr,
    int relPort,
    String tcpType) {}
