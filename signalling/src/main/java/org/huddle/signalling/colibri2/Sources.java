package org.huddle.signalling.colibri2;

import java.util.ArrayList;
import java.util.List;
import org.huddle.signalling.SignallingException;
import org.huddle.signalling.WireNamespaces;
import org.huddle.xmpp.codec.Element;

/**
 * Everything an endpoint sends, {@code <sources>} of {@link MediaSource media-sources}; it replaces
 * what the endpoint had. In an answer it holds the bridge's own feedback sources. See
 * docs/wire.md#colibri2-sources.
 */
public record Sources(List<MediaSource> mediaSources) {
  public static final String ELEMENT = "sources";
  public static final String NAMESPACE = WireNamespaces.COLIBRI2;

  public Sources {
    mediaSources = List.copyOf(mediaSources);
  }

  public static Sources parse(Element e) throws SignallingException {
    List<MediaSource> out = new ArrayList<>();
    for (Element ms : e.elements(MediaSource.ELEMENT, null)) {
      out.add(MediaSource.parse(ms));
    }
    return new Sources(out);
  }

  public Element toElement() {
    Element e = new Element(ELEMENT, NAMESPACE);
    mediaSources.forEach(ms -> e.add(ms.toElement()));
    return e;
  }
}
