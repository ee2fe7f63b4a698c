package org.huddle.signalling.jingle;

import org.huddle.signalling.WireNamespaces;
import org.huddle.xmpp.codec.Element;

/**
 * An RTCP feedback message a payload type supports, {@code <rtcp-fb type= subtype=/>} (XEP-0293 §3,
 * https://xmpp.org/extensions/xep-0293.html). See docs/wire.md#payload-types.
 *
 * @param type e.g. {@code nack}, {@code ccm}, {@code transport-cc}
 * @param subtype e.g. {@code pli}, {@code fir}, or null
 */
public record RtcpFb(String type, String subtype) {
  public static final String ELEMENT = "rtcp-fb";
  public static final String NAMESPACE = WireNamespaces.RTCP_FB;

  public static RtcpFb parse(Element e) {
    return new RtcpFb(e.attr("type"), e.attr("subtype"));
  }

  public Element toElement() {
    return new Element(ELEMENT, NAMESPACE).attr("type", type).attr("subtype", subtype);
  }

  /** As SDP writes it after the payload type: {@code type} or {@code type subtype}. */
  public String sdp() {
    return subtype == null ? type : type + " " + subtype;
  }
}
