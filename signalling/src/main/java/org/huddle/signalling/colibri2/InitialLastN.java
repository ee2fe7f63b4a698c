package org.huddle.signalling.colibri2;

import org.huddle.signalling.Attributes;
import org.huddle.signalling.SignallingException;
import org.huddle.signalling.WireNamespaces;
import org.huddle.xmpp.codec.Element;

/**
 * How many video senders a new endpoint receives until it says otherwise, {@code <initial-last-n
 * value=/>}; -1 is no limit. See docs/wire.md#colibri2-endpoint.
 */
public record InitialLastN(int value) {
  public static final String ELEMENT = "initial-last-n";
  public static final String NAMESPACE = WireNamespaces.COLIBRI2;

  public static InitialLastN parse(Element e) throws SignallingException {
    return new InitialLastN(Attributes.integer(e, "value", -1));
  }

  public Element toElement() {
    return new Element(ELEMENT, NAMESPACE).attr("value", value);
  }
}
