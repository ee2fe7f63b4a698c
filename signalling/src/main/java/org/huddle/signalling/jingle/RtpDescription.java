package org.huddle.signalling.jingle;

import java.util.ArrayList;
import java.util.List;
import org.huddle.signalling.Attributes;
import org.huddle.signalling.SignallingException;
import org.huddle.signalling.WireNamespaces;
import org.huddle.xmpp.codec.Element;

/**
 * What one Jingle content carries, {@code <description xmlns='urn:xmpp:jingle:apps:rtp:1' media=
 * maxptime=>}: its {@link PayloadType payload types}, {@link RtpHdrExt header extensions}, {@code
 * extmap-allow-mixed} and {@code rtcp-mux}, then the {@link SsmaSource sources} and {@link
 * SsrcGroup ssrc-groups} sent in it (XEP-0167 §4, https://xmpp.org/extensions/xep-0167.html). See
 * docs/wire.md#jingle.
 *
 * @param media {@code audio} or {@code video}
 * @param maxptime the longest packet time in ms, or null
 */
public record RtpDescription(
    String media,
    Integer maxptime,
    List<PayloadType> payloadTypes,
    List<RtpHdrExt> headerExtensions,
    boolean extmapAllowMixed,
    boolean rtcpMux,
    List<SsmaSource> sources,
    List<SsrcGroup> groups) {
  public static final String ELEMENT = "description";
  public static final String NAMESPACE = WireNamespaces.RTP;
  static final String EXTMAP_ALLOW_MIXED = "extmap-allow-mixed";
  static final String RTCP_MUX = "rtcp-mux";

  public RtpDescription {
    payloadTypes = List.copyOf(payloadTypes);
    headerExtensions = List.copyOf(headerExtensions);
    sources = List.copyOf(sources);
    groups = List.copyOf(groups);
  }

  /** Reads one; a malformed payload type, extension or source is a {@code bad-request}. */
  public static RtpDescription parse(Element d) throws SignallingException {
    List<PayloadType> pts = new ArrayList<>();
    for (Element pt : d.elements(PayloadType.ELEMENT, PayloadType.NAMESPACE)) {
      pts.add(PayloadType.parse(pt));
    }
    List<RtpHdrExt> exts = new ArrayList<>();
    for (Element h : d.elements(RtpHdrExt.ELEMENT, RtpHdrExt.NAMESPACE)) {
      exts.add(RtpHdrExt.parse(h));
    }
    List<SsmaSource> sources = new ArrayList<>();
    for (Element s : d.elements(SsmaSource.ELEMENT, SsmaSource.NAMESPACE)) {
      sources.add(SsmaSource.parse(s));
    }
    List<SsrcGroup> groups = new ArrayList<>();
    for (Element g : d.elements(SsrcGroup.ELEMENT, SsrcGroup.NAMESPACE)) {
      groups.add(SsrcGroup.parse(g));
    }
    return new RtpDescription(
        d.attr("media"),
        Attributes.optionalInteger(d, "maxptime"),
        pts,
        exts,
        d.child(EXTMAP_ALLOW_MIXED, null) != null,
        d.child(RTCP_MUX, null) != null,
        sources,
        groups);
  }

  public Element toElement() {
    Element d = new Element(ELEMENT, NAMESPACE).attr("media", media).attr("maxptime", maxptime);
    payloadTypes.forEach(pt -> d.add(pt.toElement()));
    headerExtensions.forEach(h -> d.add(h.toElement()));
    if (extmapAllowMixed) {
      d.addChild(EXTMAP_ALLOW_MIXED, WireNamespaces.RTP_HDREXT);
    }
    if (rtcpMux) {
      d.addChild(RTCP_MUX, NAMESPACE);
    }
    sources.forEach(s -> d.add(s.toElement()));
    groups.forEach(g -> d.add(g.toElement()));
    return d;
  }
}
