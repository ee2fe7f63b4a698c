package org.huddle.signalling.colibri2;

import org.huddle.signalling.Attributes;
import org.huddle.signalling.WireNamespaces;
import org.huddle.xmpp.codec.Element;

/**
 * The moderator's mute of an endpoint, {@code <force-mute audio= video=/>}: the bridge drops what
 * it sends of that media. See docs/wire.md#colibri2-endpoint.
 */
public record ForceMute(boolean audio, boolean video) {
  public static final String ELEMENT = "force-mute";
  public static final String NAMESPACE = WireNamespaces.COLIBRI2;

  public static ForceMute parse(Element e) {
    return new ForceMute(Attributes.flag(e, "audio"), Attributes.flag(e, "video"));
  }

  public Element toElement() {
    return new Element(ELEMENT, NAMESPACE).attr("audio", audio).attr("video", video);
  }
}
