package org.huddle.signalling.colibri2;

import org.huddle.signalling.Attributes;
import org.huddle.signalling.SignallingException;
import org.huddle.signalling.WireNamespaces;
import org.huddle.signalling.jingle.IceUdpTransport;
import org.huddle.xmpp.codec.Element;

/**
 * An endpoint's transport, Colibri2's {@code <transport ice-controlling=>} wrapping a Jingle {@link
 * IceUdpTransport}: the participant's in a request, the bridge's in an answer. See
 * docs/wire.md#colibri2-endpoint.
 *
 * @param iceControlling whether the bridge takes the controlling ICE role, or null when unsaid
 * @param ice the ICE-UDP transport, or null
 */
public record Transport(Boolean iceControlling, IceUdpTransport ice) {
  public static final String ELEMENT = "transport";
  public static final String NAMESPACE = WireNamespaces.COLIBRI2;

  public static Transport parse(Element e) throws SignallingException {
    Element ice = e.child(IceUdpTransport.ELEMENT, IceUdpTransport.NAMESPACE);
    return new Transport(
        e.attr("ice-controlling") == null ? null : Attributes.flag(e, "ice-controlling"),
        ice == null ? null : IceUdpTransport.parse(ice));
  }

  public Element toElement() {
    Element e = new Element(ELEMENT, NAMESPACE).attr("ice-controlling", iceControlling);
    if (ice != null) {
      e.add(ice.toElement());
    }
    return e;
  }
}
