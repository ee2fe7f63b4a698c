package org.huddle.signalling.colibri2;

import java.util.ArrayList;
import java.util.List;
import org.huddle.signalling.SignallingException;
import org.huddle.signalling.WireNamespaces;
import org.huddle.signalling.jingle.SsmaSource;
import org.huddle.signalling.jingle.SsrcGroup;
import org.huddle.xmpp.codec.Element;

/**
 * One track an endpoint sends, {@code <media-source type= id=>} with its XEP-0339 {@link SsmaSource
 * sources} and {@link SsrcGroup groups}: a camera in three simulcast layers with retransmission is
 * one media-source of six SSRCs. See docs/wire.md#colibri2-sources.
 *
 * @param type {@code audio} or {@code video}
 * @param id the source name, e.g. {@code 1a2b3c4d-v0}, or null
 */
public record MediaSource(
    String type, String id, List<SsmaSource> sources, List<SsrcGroup> groups) {
  public static final String ELEMENT = "media-source";
  public static final String NAMESPACE = WireNamespaces.COLIBRI2;

  public MediaSource {
    sources = List.copyOf(sources);
    groups = List.copyOf(groups);
  }

  /** Reads one; SSRCs must be unsigned 32-bit numbers, else {@code bad-request}. */
  public static MediaSource parse(Element ms) throws SignallingException {
    List<SsmaSource> sources = new ArrayList<>();
    for (Element s : ms.elements(SsmaSource.ELEMENT, SsmaSource.NAMESPACE)) {
      sources.add(SsmaSource.parse(s));
    }
    List<SsrcGroup> groups = new ArrayList<>();
    for (Element g : ms.elements(SsrcGroup.ELEMENT, SsrcGroup.NAMESPACE)) {
      groups.add(SsrcGroup.parse(g));
    }
    return new MediaSource(ms.attr("type"), ms.attr("id"), sources, groups);
  }

  public Element toElement() {
    Element ms = new Element(ELEMENT, NAMESPACE).attr("type", type).attr("id", id);
    sources.forEach(s -> ms.add(s.toElement()));
    groups.forEach(g -> ms.add(g.toElement()));
    return ms;
  }
}
