package org.huddle.signalling.colibri2;

import java.util.ArrayList;
import java.util.List;
import org.huddle.signalling.SignallingException;
import org.huddle.signalling.WireNamespaces;
import org.huddle.signalling.jingle.PayloadType;
import org.huddle.signalling.jingle.RtpHdrExt;
import org.huddle.xmpp.codec.Element;

/**
 * The formats an endpoint uses for one media type, {@code <media type=>} with Jingle {@link
 * PayloadType payload types} and {@link RtpHdrExt header extensions}, as the focus offered and the
 * participant accepted them. See docs/wire.md#colibri2-media.
 *
 * @param type {@code audio} or {@code video}
 * @param extmapAllowMixed whether one- and two-byte header extensions may be mixed (RFC 8285 §6)
 */
public record Media(
    String type,
    List<PayloadType> payloadTypes,
    List<RtpHdrExt> headerExtensions,
    boolean extmapAllowMixed) {
  public static final String ELEMENT = "media";
  public static final String NAMESPACE = WireNamespaces.COLIBRI2;

  /** XEP-0294's element for RFC 8285 §6 {@code a=extmap-allow-mixed}. */
  public static final String EXTMAP_ALLOW_MIXED = "extmap-allow-mixed";

  public Media {
    payloadTypes = List.copyOf(payloadTypes);
    headerExtensions = List.copyOf(headerExtensions);
  }

  /** Reads one; the type must be audio or video, else {@code bad-request}. */
  public static Media parse(Element m) throws SignallingException {
    String type = m.attr("type");
    if (!"audio".equals(type) && !"video".equals(type)) {
      throw SignallingException.badRequest("media type must be audio or video, not " + type);
    }
    List<PayloadType> pts = new ArrayList<>();
    for (Element pt : m.elements(PayloadType.ELEMENT, PayloadType.NAMESPACE)) {
      pts.add(PayloadType.parse(pt));
    }
    List<RtpHdrExt> exts = new ArrayList<>();
    for (Element h : m.elements(RtpHdrExt.ELEMENT, RtpHdrExt.NAMESPACE)) {
      exts.add(RtpHdrExt.parse(h));
    }
    return new Media(type, pts, exts, m.child(EXTMAP_ALLOW_MIXED, null) != null);
  }

  public Element toElement() {
    Element m = new Element(ELEMENT, NAMESPACE).attr("type", type);
    payloadTypes.forEach(pt -> m.add(pt.toElement()));
    headerExtensions.forEach(h -> m.add(h.toElement()));
    if (extmapAllowMixed) {
      m.addChild(EXTMAP_ALLOW_MIXED, WireNamespaces.RTP_HDREXT);
    }
    return m;
  }
}
