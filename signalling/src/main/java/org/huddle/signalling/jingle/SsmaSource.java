package org.huddle.signalling.jingle;

import org.huddle.signalling.Attributes;
import org.huddle.signalling.SignallingException;
import org.huddle.signalling.WireNamespaces;
import org.huddle.signalling.jitsi.SsrcInfo;
import org.huddle.xmpp.codec.Element;

/**
 * One RTP stream a participant sends, {@code <source ssrc= name= videoType=>} (XEP-0339 §3,
 * https://xmpp.org/extensions/xep-0339.html), with Jitsi's additions: the source name and video
 * type as attributes, an {@code msid} parameter and the owner in {@link SsrcInfo}. See
 * docs/wire.md#sources.
 *
 * @param ssrc the SSRC, an unsigned 32-bit number
 * @param name Jitsi's source name ({@code <endpoint>-v0}), or null
 * @param videoType {@code camera} or {@code desktop}, or null
 * @param msid the {@code msid} parameter, or null
 * @param owner the endpoint that sends it, from {@code ssrc-info}, or null
 */
public record SsmaSource(long ssrc, String name, String videoType, String msid, String owner) {
  public static final String ELEMENT = "source";
  public static final String NAMESPACE = WireNamespaces.SSMA;

  /** A bare source: only its SSRC, as in a group. */
  public static SsmaSource of(long ssrc) {
    return new SsmaSource(ssrc, null, null, null, null);
  }

  /** Reads one; the SSRC must be an unsigned 32-bit number, else {@code bad-request}. */
  public static SsmaSource parse(Element e) throws SignallingException {
    String msid = null;
    for (Element p : e.elements(Parameter.ELEMENT, null)) {
      if ("msid".equals(p.attr("name"))) {
        msid = p.attr("value");
      }
    }
    Element info = e.child(SsrcInfo.ELEMENT, SsrcInfo.NAMESPACE);
    return new SsmaSource(
        Attributes.ssrc(e),
        e.attr("name"),
        e.attr("videoType"),
        msid,
        info == null ? null : SsrcInfo.parse(info).owner());
  }

  public Element toElement() {
    Element e =
        new Element(ELEMENT, NAMESPACE)
            .attr("ssrc", ssrc)
            .attr("name", name)
            .attr("videoType", videoType);
    if (msid != null) {
      e.add(new Parameter("msid", msid).toElement(NAMESPACE));
    }
    if (owner != null) {
      e.add(new SsrcInfo(owner).toElement());
    }
    return e;
  }
}
