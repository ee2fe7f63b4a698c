package org.huddle.signalling.jingle;

import org.huddle.signalling.SignallingException;
import org.huddle.signalling.WireNamespaces;
import org.huddle.xmpp.codec.Element;

/**
 * One media stream of a Jingle session, {@code <content creator= name= senders=>} with its {@link
 * RtpDescription description} and {@link IceUdpTransport transport} (XEP-0166 §7.3,
 * https://xmpp.org/extensions/xep-0166.html#def-content). See docs/wire.md#jingle.
 *
 * @param senders {@code both}, {@code initiator}, {@code responder} or {@code none}; or null
 * @param description the RTP description, or null
 * @param transport the transport, or null
 */
public record Content(
    String creator,
    String name,
    String senders,
    RtpDescription description,
    IceUdpTransport transport) {
  public static final String ELEMENT = "content";
  public static final String NAMESPACE = WireNamespaces.JINGLE;

  public static Content parse(Element c) throws SignallingException {
    Element d = c.child(RtpDescription.ELEMENT, RtpDescription.NAMESPACE);
    Element t = c.child(IceUdpTransport.ELEMENT, IceUdpTransport.NAMESPACE);
    return new Content(
        c.attr("creator"),
        c.attr("name"),
        c.attr("senders"),
        d == null ? null : RtpDescription.parse(d),
        t == null ? null : IceUdpTransport.parse(t));
  }

  public Element toElement() {
    Element c =
        new Element(ELEMENT, NAMESPACE)
            .attr("creator", creator)
            .attr("name", name)
            .attr("senders", senders);
    if (description != null) {
      c.add(description.toElement());
    }
    if (transport != null) {
      c.add(transport.toElement());
    }
    return c;
  }
}
