package org.huddle.signalling.jingle;

import java.util.ArrayList;
import java.util.List;
import org.huddle.signalling.Attributes;
import org.huddle.signalling.SignallingException;
import org.huddle.signalling.WireNamespaces;
import org.huddle.xmpp.codec.Element;

/**
 * SSRCs that belong together, {@code <ssrc-group semantics=><source ssrc=/>...</ssrc-group>}
 * (XEP-0339 §3.2, https://xmpp.org/extensions/xep-0339.html): {@code SIM} for simulcast layers,
 * lowest first; {@code FID} for a stream and its retransmissions. See docs/wire.md#sources.
 *
 * @param semantics {@code SIM}, {@code FID}, or another RFC 5888 semantics; may be null
 * @param ssrcs the members, in order
 */
public record SsrcGroup(String semantics, List<Long> ssrcs) {
  public static final String ELEMENT = "ssrc-group";
  public static final String NAMESPACE = WireNamespaces.SSMA;
  public static final String SIMULCAST = "SIM";
  public static final String RETRANSMISSION = "FID";

  public SsrcGroup {
    ssrcs = List.copyOf(ssrcs);
  }

  public static SsrcGroup parse(Element e) throws SignallingException {
    List<Long> members = new ArrayList<>();
    for (Element s : e.elements(SsmaSource.ELEMENT, null)) {
      members.add(Attributes.ssrc(s));
    }
    return new SsrcGroup(e.attr("semantics"), members);
  }

  public Element toElement() {
    Element e = new Element(ELEMENT, NAMESPACE).attr("semantics", semantics);
    ssrcs.forEach(ssrc -> e.add(new Element(SsmaSource.ELEMENT, NAMESPACE).attr("ssrc", ssrc)));
    return e;
  }

  public boolean isSimulcast() {
    return SIMULCAST.equals(semantics);
  }

  public boolean isRetransmission() {
    return RETRANSMISSION.equals(semantics);
  }
}
