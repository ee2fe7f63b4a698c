package org.huddle.signalling.jingle;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.huddle.signalling.SignallingException;
import org.huddle.signalling.Unmodelled;
import org.huddle.signalling.WireNamespaces;
import org.huddle.xmpp.codec.Element;

/**
 * An ICE-UDP transport, {@code <transport xmlns='urn:xmpp:jingle:transports:ice-udp:1' ufrag=
 * pwd=>} with its {@link IceCandidate candidates}, {@code rtcp-mux}, the {@link DtlsFingerprint
 * DTLS fingerprint} and Jitsi's {@link WebSocket web-socket} (XEP-0176 §4,
 * https://xmpp.org/extensions/xep-0176.html). Jingle and Colibri2 carry the same element. See
 * docs/wire.md#transport.
 *
 * <p>The focus relays this element between bridge and participants, so it is kept whole: its
 * children are {@link Part parts} in document order, known ones typed and any other element kept as
 * it came ({@link Other}), and attributes other than {@code ufrag} and {@code pwd} are kept too.
 * Writing a parsed transport gives back an equivalent element, the children in their order.
 *
 * @param ufrag the ICE username fragment, or null
 * @param password the ICE password, or null
 * @param parts the child elements, in order
 * @param unmodelled the attributes other than {@code ufrag} and {@code pwd}
 */
public record IceUdpTransport(
    String ufrag, String password, List<Part> parts, Unmodelled unmodelled) {
  public static final String ELEMENT = "transport";
  public static final String NAMESPACE = WireNamespaces.ICE_UDP;
  static final String RTCP_MUX = "rtcp-mux";
  private static final Set<String> KNOWN = Set.of("ufrag", "pwd");

  /** One child element of a transport. */
  public sealed interface Part permits IceCandidate, RtcpMux, DtlsFingerprint, WebSocket, Other {
    Element toElement();
  }

  /** {@code <rtcp-mux/>}: RTP and RTCP share one port (RFC 5761). */
  public record RtcpMux() implements Part {
    @Override
    public Element toElement() {
      return new Element(RTCP_MUX, NAMESPACE);
    }
  }

  /**
   * A child this class does not model, e.g. an extension a newer bridge or client adds; relayed as
   * it came. Immutable: copied in and out, compared by its XML.
   */
  public static final class Other implements Part {
    private final Element element;

    public Other(Element element) {
      this.element = element.copy();
    }

    @Override
    public Element toElement() {
      return element.copy();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Other other && element.toXml().equals(other.element.toXml());
    }

    @Override
    public int hashCode() {
      return element.toXml().hashCode();
    }

    @Override
    public String toString() {
      return element.toXml();
    }
  }

  public IceUdpTransport {
    parts = List.copyOf(parts);
    unmodelled = unmodelled == null ? Unmodelled.NONE : unmodelled;
  }

  /** A transport in the usual order: candidates, rtcp-mux, fingerprint, web-socket. */
  public IceUdpTransport(
      String ufrag,
      String password,
      List<IceCandidate> candidates,
      boolean rtcpMux,
      DtlsFingerprint fingerprint,
      WebSocket webSocket) {
    this(ufrag, password, usualOrder(candidates, rtcpMux, fingerprint, webSocket), Unmodelled.NONE);
  }

  private static List<Part> usualOrder(
      List<IceCandidate> candidates,
      boolean rtcpMux,
      DtlsFingerprint fingerprint,
      WebSocket webSocket) {
    List<Part> parts = new ArrayList<>(candidates);
    if (rtcpMux) {
      parts.add(new RtcpMux());
    }
    if (fingerprint != null) {
      parts.add(fingerprint);
    }
    if (webSocket != null) {
      parts.add(webSocket);
    }
    return parts;
  }

  /** Reads one; candidates' numbers must be numbers, else {@code bad-request}. */
  public static IceUdpTransport parse(Element t) throws SignallingException {
    List<Part> parts = new ArrayList<>();
    for (Element c : t.elements()) {
      parts.add(part(c));
    }
    return new IceUdpTransport(
        t.attr("ufrag"), t.attr("pwd"), parts, Unmodelled.of(t, KNOWN, child -> true));
  }

  private static Part part(Element c) throws SignallingException {
    if (c.is(IceCandidate.ELEMENT, IceCandidate.NAMESPACE)) {
      return IceCandidate.parse(c);
    } else if (c.is(RTCP_MUX, NAMESPACE) && c.attributeCount() == 0 && c.nodes().isEmpty()) {
      return new RtcpMux();
    } else if (c.is(DtlsFingerprint.ELEMENT, DtlsFingerprint.NAMESPACE)) {
      return DtlsFingerprint.parse(c);
    } else if (c.is(WebSocket.ELEMENT, WebSocket.NAMESPACE)) {
      return WebSocket.parse(c);
    }
    return new Other(c);
  }

  public List<IceCandidate> candidates() {
    return parts.stream()
        .filter(IceCandidate.class::isInstance)
        .map(IceCandidate.class::cast)
        .toList();
  }

  public boolean rtcpMux() {
    return parts.stream()
        .anyMatch(p -> p instanceof RtcpMux || p instanceof Other o && isRtcpMux(o));
  }

  private static boolean isRtcpMux(Other o) {
    return o.element.is(RTCP_MUX, NAMESPACE);
  }

  /** The first DTLS fingerprint, or null. */
  public DtlsFingerprint fingerprint() {
    return first(DtlsFingerprint.class);
  }

  /** The first web-socket, or null. */
  public WebSocket webSocket() {
    return first(WebSocket.class);
  }

  private <T extends Part> T first(Class<T> kind) {
    return parts.stream().filter(kind::isInstance).map(kind::cast).findFirst().orElse(null);
  }

  public Element toElement() {
    Element t = new Element(ELEMENT, NAMESPACE).attr("ufrag", ufrag).attr("pwd", password);
    unmodelled.addTo(t);
    parts.forEach(p -> t.add(p.toElement()));
    return t;
  }

  /**
   * The same transport with the first fingerprint replaced where it stood (null removes it); with
   * none before, the new one goes before the web-socket, else last.
   */
  public IceUdpTransport withFingerprint(DtlsFingerprint f) {
    List<Part> out = new ArrayList<>(parts);
    int at = out.indexOf(fingerprint());
    if (at >= 0) {
      if (f == null) {
        out.remove(at);
      } else {
        out.set(at, f);
      }
    } else if (f != null) {
      int ws = out.indexOf(webSocket());
      out.add(ws >= 0 ? ws : out.size(), f);
    }
    return new IceUdpTransport(ufrag, password, out, unmodelled);
  }
}
