package org.huddle.signalling.jingle;

import java.util.Set;
import org.huddle.signalling.Attributes;
import org.huddle.signalling.SignallingException;
import org.huddle.signalling.Unmodelled;
import org.huddle.signalling.WireNamespaces;
import org.huddle.xmpp.codec.Element;

/**
 * One ICE candidate, {@code <candidate component= foundation= generation= id= ip= network= port=
 * priority= protocol= type= rel-addr= rel-port= tcptype=/>} (XEP-0176 §4,
 * https://xmpp.org/extensions/xep-0176.html#protocol-syntax; RFC 8445). Every value is kept as it
 * came, null when absent, and what is not modelled is kept, so a relayed candidate is written back
 * unchanged; the reader applies defaults. See docs/wire.md#transport.
 *
 * @param relAddr the related address of a reflexive or relayed candidate, or null
 * @param tcpType {@code active}, {@code passive} or {@code so} for TCP candidates, or null
 * @param unmodelled other attributes and any child elements, written back after the known ones
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
    String tcpType,
    Unmodelled unmodelled)
    implements IceUdpTransport.Part {
  public static final String ELEMENT = "candidate";
  public static final String NAMESPACE = WireNamespaces.ICE_UDP;
  private static final Set<String> KNOWN =
      Set.of(
          "component",
          "foundation",
          "generation",
          "id",
          "ip",
          "network",
          "port",
          "priority",
          "protocol",
          "type",
          "rel-addr",
          "rel-port",
          "tcptype");

  public IceCandidate {
    unmodelled = unmodelled == null ? Unmodelled.NONE : unmodelled;
  }

  /** A candidate with nothing unmodelled, as the bridge builds its own. */
  public IceCandidate(
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
    this(
        component,
        foundation,
        generation,
        id,
        ip,
        network,
        port,
        priority,
        protocol,
        type,
        relAddr,
        relPort,
        tcpType,
        Unmodelled.NONE);
  }

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
        c.attr("tcptype"),
        Unmodelled.of(c, KNOWN, child -> false));
  }

  @Override
  public Element toElement() {
    Element c =
        new Element(ELEMENT, NAMESPACE)
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
    return unmodelled.addTo(c);
  }
}
