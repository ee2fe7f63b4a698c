package org.huddle.focus.xml;

import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.Namespaces;

/**
 * Error replies (RFC 6120 §8.3): {@code <error type=><condition
 * xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><text/>[application condition]</error>}.
 */
public final class StanzaErrors {
  /** RFC 6120 §8.3.3: the namespace of defined conditions and of {@code text}. */
  public static final String NS = Namespaces.STANZAS;

  private StanzaErrors() {}

  /** The error type RFC 6120 §8.3.2 pairs with a condition. */
  public static String typeOf(String condition) {
    return switch (condition) {
      case "bad-request", "not-acceptable", "policy-violation", "jid-malformed" -> "modify";
      case "not-authorized" -> "auth";
      case "forbidden", "registration-required" -> "auth";
      case "service-unavailable", "internal-server-error", "resource-constraint" -> "wait";
      case "unexpected-request" -> "wait";
      default -> "cancel";
    };
  }

  /**
   * An error reply to {@code request}.
   *
   * @param condition the RFC 6120 condition, e.g. {@code item-not-found}
   * @param text human-readable text, or null
   * @param application an application-specific condition (e.g. Jingle's), or null
   */
  public static Element reply(Element request, String condition, String text, Element application) {
    Element iq =
        new Element(request.name(), Namespaces.CLIENT)
            .attr("type", "error")
            .attr("to", request.attr("from"))
            .attr("from", request.attr("to"))
            .attr("id", request.attr("id"));
    Element error = iq.addChild("error", Namespaces.CLIENT).attr("type", typeOf(condition));
    error.addChild(condition, NS);
    if (text != null) {
      error.addChild("text", NS).attr("xml:lang", "en").text(text);
    }
    if (application != null) {
      error.add(application);
    }
    return iq;
  }
}
