package org.huddle.signalling.colibri2;

import java.util.ArrayList;
import java.util.List;
import org.huddle.signalling.SignallingException;
import org.huddle.signalling.WireNamespaces;
import org.huddle.xmpp.codec.Element;

/**
 * Why a Colibri2 request failed, beside the stanza error's condition: {@code <error
 * xmlns='jitsi:colibri2' reason=/>}. See docs/wire.md#colibri2-errors.
 *
 * @param reason e.g. {@code conference_not_found}, {@code unknown_endpoint}
 */
public record Colibri2Error(String reason) {
  public static final String ELEMENT = "error";
  public static final String NAMESPACE = WireNamespaces.COLIBRI2;

  public static Colibri2Error parse(Element e) {
    return new Colibri2Error(e.attr("reason"));
  }

  public Element toElement() {
    return new Element(ELEMENT, NAMESPACE).attr("reason", reason);
  }

  /**
   * The Colibri2 children of a stanza error for {@code e}: its reason, and the unknown endpoint.
   */
  public static List<Element> extensionsOf(SignallingException e) {
    List<Element> out = new ArrayList<>();
    if (e.reason() != null) {
      out.add(new Colibri2Error(e.reason()).toElement());
    }
    if (e.endpointId() != null) {
      out.add(Endpoint.named(e.endpointId()).toElement());
    }
    return out;
  }
}
