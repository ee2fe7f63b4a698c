package org.huddle.signalling.jingle;

import org.huddle.signalling.Attributes;
import org.huddle.signalling.SignallingException;
import org.huddle.signalling.WireNamespaces;
import org.huddle.xmpp.codec.Element;

/**
 * One ICE candidate, {@code <candidate component= foundation= generation= id= ip= network= port=
 * priority= protocol= type= rel-addr= rel-port= tcptype=/>} (XEP-0176 §4,
 * https://xmpp.org/extensions/xep-0176.html#protocol-syntax; RFC 8445). Every value is kept as it
 * came, null when absent, so a relayed candidate is written back unchanged; the reader applies
 * defaults. See docs/wire.md#transport.
 *
 * @param relAddr the related address of a reflexive or relayed candidate, or null
 * @param tcpType {@code active}, {@code passive} or {@code so} for TCP candidates, or null
 */
public record IceCandidate(
    Integer component,
    String foundation,
    Integer generation,
    String id,
    String ip,
    Integer network,
    Integer port,
    Long priority,
    String protocol,
    String type,
    String relAddr,
    Integer relPort,
    String tcpType) {
  public static final String ELEMENT = "candidate";
  public static final String NAMESPACE = WireNamespaces.ICE_UDP;

  /** Reads one; its numbers must be numbers, else {@code bad-request}. */
  public static IceCandidate parse(Element c) throws SignallingException {
    return new IceCandidate(
        Attributes.optionalInteger(c, "component"),
        c.attr("foundation"),
        Attributes.optionalInteger(c, "generation"),
        c.attr("id"),
        c.attr("ip"),
        Attributes.optionalInteger(c, "network"),
        Attributes.optionalInteger(c, "port"),
        c.attr("priority") == null ? null : Attributes.longValue(c, "priority"),
        c.attr("protocol"),
        c.attr("type"),
        c.attr("rel-addr"),
        Attributes.optionalInteger(c, "rel-port"),
        c.attr("tcptype"));
  }

  public Element toElement() {
    return new Element(ELEMENT, NAMESPACE)
        .attr("component", component)
        .attr("foundation", foundation)
        .attr("generation", generation)
        .attr("id", id)
        .attr("ip", ip)
        .attr("network", network)
        .attr("port", port)
        .attr("priority", priority)
        .attr("protocol", protocol)
        .attr("type", type)
        .attr("rel-addr", relAddr)
        .attr("rel-port", relPort)
        .attr("tcptype", tcpType);
  }
}
