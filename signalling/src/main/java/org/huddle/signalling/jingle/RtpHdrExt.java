package org.huddle.signalling.jingle;

import org.huddle.signalling.Attributes;
import org.huddle.signalling.SignallingException;
import org.huddle.signalling.WireNamespaces;
import org.huddle.xmpp.codec.Element;

/**
 * An RTP header extension and the id it has on this session, {@code <rtp-hdrext id= uri=/>}
 * (XEP-0294 §3, https://xmpp.org/extensions/xep-0294.html; RFC 8285). See
 * docs/wire.md#header-extensions.
 *
 * @param id the local id; -1 when the element had none
 * @param uri the extension's URI, or null
 */
public record RtpHdrExt(int id, String uri) {
  public static final String ELEMENT = "rtp-hdrext";
  public static final String NAMESPACE = WireNamespaces.RTP_HDREXT;

  public static RtpHdrExt parse(Element e) throws SignallingException {
    return new RtpHdrExt(Attributes.integer(e, "id", -1), e.attr("uri"));
  }

  public Element toElement() {
    return new Element(ELEMENT, NAMESPACE).attr("id", id < 0 ? null : id).attr("uri", uri);
  }

  /** Whether it can be used: a URI, and an id RFC 8285 allows (1–255). */
  public boolean usable() {
    return uri != null && id > 0 && id < 256;
  }
}
