package org.huddle.signalling.jingle;

import java.util.ArrayList;
import java.util.List;
import org.huddle.signalling.SignallingException;
import org.huddle.signalling.WireNamespaces;
import org.huddle.xmpp.codec.Element;

/**
 * An ICE-UDP transport, {@code <transport xmlns='urn:xmpp:jingle:transports:ice-udp:1' ufrag=
 * pwd=>} with its {@link IceCandidate candidates}, {@code rtcp-mux}, the {@link DtlsFingerprint
 * DTLS fingerprint} and Jitsi's {@link WebSocket web-socket} (XEP-0176 §4,
 * https://xmpp.org/extensions/xep-0176.html). Jingle and Colibri2 carry the same element. See
 * docs/wire.md#transport.
 *
 * @param ufrag the ICE username fragment, or null
 * @param password the ICE password, or null
 * @param fingerprint the DTLS fingerprint, or null
 * @param webSocket the bridge channel's URL, or null
 */
public record IceUdpTransport(
    String ufrag,
    String password,
    List<IceCandidate> candidates,
    boolean rtcpMux,
    DtlsFingerprint fingerprint,
    WebSocket webSocket) {
  public static final String ELEMENT = "transport";
  public static final String NAMESPACE = WireNamespaces.ICE_UDP;
  static final String RTCP_MUX = "rtcp-mux";

  public IceUdpTransport {
    candidates = List.copyOf(candidates);
  }

  /** Reads one; candidates' numbers must be numbers, else {@code bad-request}. */
  public static IceUdpTransport parse(Element t) throws SignallingException {
    List<IceCandidate> candidates = new ArrayList<>();
    for (Element c : t.elements(IceCandidate.ELEMENT, null)) {
      candidates.add(IceCandidate.parse(c));
    }
    Element fp = t.child(DtlsFingerprint.ELEMENT, DtlsFingerprint.NAMESPACE);
    Element ws = t.child(WebSocket.ELEMENT, WebSocket.NAMESPACE);
    return new IceUdpTransport(
        t.attr("ufrag"),
        t.attr("pwd"),
        candidates,
        t.child(RTCP_MUX, null) != null,
        fp == null ? null : DtlsFingerprint.parse(fp),
        ws == null ? null : WebSocket.parse(ws));
  }

  public Element toElement() {
    Element t = new Element(ELEMENT, NAMESPACE).attr("ufrag", ufrag).attr("pwd", password);
    candidates.forEach(c -> t.add(c.toElement()));
    if (rtcpMux) {
      t.addChild(RTCP_MUX, NAMESPACE);
    }
    if (fingerprint != null) {
      t.add(fingerprint.toElement());
    }
    if (webSocket != null) {
      t.add(webSocket.toElement());
    }
    return t;
  }

  public IceUdpTransport withFingerprint(DtlsFingerprint f) {
    return new IceUdpTransport(ufrag, password, candidates, rtcpMux, f, webSocket);
  }
}
