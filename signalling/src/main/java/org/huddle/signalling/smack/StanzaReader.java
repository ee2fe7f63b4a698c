package org.huddle.signalling.smack;

import java.util.List;
import org.huddle.signalling.WireNamespaces;
import org.huddle.signalling.Xml;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.Namespaces;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.packet.UnparsedIQ;
import org.jivesoftware.smack.provider.ProviderManager;

/**
 * Reads what one Smack connection received into {@link Element} trees, within that connection's
 * bounds.
 *
 * <p>Smack picks an IQ's class from a registry that is static, one for the whole JVM ({@code
 * ProviderManager}), and has no registry per connection. When the focus and the bridge each put
 * their own provider there, with their own limits, each read the other's IQs under {@code huddle
 * all} with whichever was registered last. Smack's fallback, an {@link UnparsedIQ}, is no way out:
 * its text keeps only the payload's own namespace, not those of the elements inside it (the
 * transports in a Colibri2 answer, the descriptions in Jingle). So this class, and nothing else,
 * registers one provider, the same whichever role loads it first, for the payloads the roles read
 * ({@link #PAYLOADS}): it builds the element tree under a JVM-wide ceiling and knows no role. The
 * limit of each connection is its reader's, applied here. See docs/wire.md, "Smack".
 */
public final class StanzaReader {
  /** Room for a large conference's Jingle. */
  public static final int DEFAULT_MAX_ELEMENTS = 20_000;

  /**
   * The payloads read through the shared provider, as name and namespace: Jingle (replacing the
   * provider of Smack's own extensions, which keeps only what Smack models), the conference IQ,
   * Colibri2's request and answer, the bridge's health check, and the mute requests.
   */
  public static final List<List<String>> PAYLOADS =
      List.of(
          List.of("jingle", WireNamespaces.JINGLE),
          List.of("conference", WireNamespaces.FOCUS),
          List.of("conference-modify", WireNamespaces.COLIBRI2),
          List.of("conference-modified", WireNamespaces.COLIBRI2),
          List.of("healthcheck", WireNamespaces.HEALTHCHECK),
          List.of("mute", WireNamespaces.JITMEET_AUDIO),
          List.of("mute", WireNamespaces.JITMEET_VIDEO));

  static {
    ElementIqProvider shared = new ElementIqProvider(DEFAULT_MAX_ELEMENTS);
    for (List<String> p : PAYLOADS) {
      ProviderManager.addIQProvider(p.get(0), p.get(1), shared);
    }
  }

  private final int maxElements;

  /** A reader with room for {@value #DEFAULT_MAX_ELEMENTS} elements in a payload. */
  public StanzaReader() {
    this(DEFAULT_MAX_ELEMENTS);
  }

  /**
   * Make the reader before the connection connects: the shared provider is in place from then on.
   *
   * @param maxElements the most elements one IQ payload may hold, itself included; at most {@value
   *     #DEFAULT_MAX_ELEMENTS}, the shared provider's ceiling
   */
  public StanzaReader(int maxElements) {
    if (maxElements < 1 || maxElements > DEFAULT_MAX_ELEMENTS) {
      throw new IllegalArgumentException(
          "a payload may hold 1 to " + DEFAULT_MAX_ELEMENTS + " elements, not " + maxElements);
    }
    this.maxElements = maxElements;
  }

  /** The most elements a payload may hold. */
  public int maxElements() {
    return maxElements;
  }

  /**
   * The IQ's payload: its child element other than {@code error}, or null when it has none.
   *
   * @throws IllegalArgumentException when the payload is not well-formed or exceeds the limits
   */
  public Element payload(IQ iq) {
    Element e;
    if (iq instanceof ElementIq x) {
      e = x.payload();
    } else if (iq instanceof UnparsedIQ u) {
      // A payload outside PAYLOADS: Smack's text of it is all that is left.
      e = Xml.parse(u.getContent().toString());
    } else {
      e = Xml.payload(Xml.parse(iq.toXML().toString()));
    }
    if (e != null && count(e, 0) > maxElements) {
      throw new IllegalArgumentException(
          "<" + e.name() + "> holds more than " + maxElements + " elements");
    }
    return e;
  }

  /**
   * A stanza as an element: its attributes, its payload and its error.
   *
   * @throws IllegalArgumentException when the stanza is not well-formed or exceeds the limits
   */
  public Element read(Stanza s) {
    if (!(s instanceof ElementIq) && !(s instanceof UnparsedIQ)) {
      return Xml.parse(s.toXML().toString());
    }
    IQ u = (IQ) s;
    Element iq =
        new Element("iq", Namespaces.CLIENT)
            .attr("type", u.getType().toString())
            .attr("id", u.getStanzaId())
            .attr("from", u.getFrom() == null ? null : u.getFrom().toString())
            .attr("to", u.getTo() == null ? null : u.getTo().toString());
    iq.add(payload(u));
    StanzaError error = u.getError();
    if (error != null) {
      iq.add(Xml.parse(error.toXML().toString()));
    }
    return iq;
  }

  /** Elements in the tree, counting no further than one past the limit. */
  private int count(Element e, int sofar) {
    int n = sofar + 1;
    for (Element c : e.elements()) {
      if (n > maxElements) {
        return n;
      }
      n = count(c, n);
    }
    return n;
  }
}
