package org.huddle.xmpp.codec;

import java.util.Locale;

/**
 * Stanza errors (RFC 6120 §8.3): the conditions with their default types, and the error replies
 * built from them.
 */
public final class StanzaError {
  private StanzaError() {}

  /** RFC 6120 §8.3.2: the error type, which tells the sender whether and how to retry. */
  public enum Type {
    AUTH,
    CANCEL,
    CONTINUE,
    MODIFY,
    WAIT;

    public String value() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** RFC 6120 §8.3.3: the defined conditions, each with the type §8.3.3 recommends. */
  public enum Condition {
    BAD_REQUEST(Type.MODIFY),
    CONFLICT(Type.CANCEL),
    FEATURE_NOT_IMPLEMENTED(Type.CANCEL),
    FORBIDDEN(Type.AUTH),
    GONE(Type.CANCEL),
    INTERNAL_SERVER_ERROR(Type.CANCEL),
    ITEM_NOT_FOUND(Type.CANCEL),
    JID_MALFORMED(Type.MODIFY),
    NOT_ACCEPTABLE(Type.MODIFY),
    NOT_ALLOWED(Type.CANCEL),
    NOT_AUTHORIZED(Type.AUTH),
    POLICY_VIOLATION(Type.MODIFY),
    RECIPIENT_UNAVAILABLE(Type.WAIT),
    REDIRECT(Type.MODIFY),
    REGISTRATION_REQUIRED(Type.AUTH),
    REMOTE_SERVER_NOT_FOUND(Type.CANCEL),
    REMOTE_SERVER_TIMEOUT(Type.WAIT),
    RESOURCE_CONSTRAINT(Type.WAIT),
    SERVICE_UNAVAILABLE(Type.CANCEL),
    SUBSCRIPTION_REQUIRED(Type.AUTH),
    UNDEFINED_CONDITION(Type.CANCEL),
    UNEXPECTED_REQUEST(Type.WAIT);

    private final Type defaultType;

    Condition(Type defaultType) {
      this.defaultType = defaultType;
    }

    public Type defaultType() {
      return defaultType;
    }

    public String elementName() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /** The {@code <error/>} element with an explicit type and optional text. */
  public static Element element(Condition condition, Type type, String text) {
    Element error = new Element("error", Namespaces.CLIENT).attr("type", type.value());
    error.addChild(condition.elementName(), Namespaces.STANZAS);
    if (text != null && !text.isEmpty()) {
      error.addChild("text", Namespaces.STANZAS).text(text);
    }
    return error;
  }

  /**
   * Whether a stanza may be answered with an error. RFC 6120 §8.3.1: an entity never answers an
   * error with an error, and an IQ result is never answered at all.
   */
  public static boolean mayReplyTo(Element stanza) {
    String type = stanza.attr("type");
    if ("error".equals(type)) {
      return false;
    }
    return !(stanza.name().equals("iq") && "result".equals(type));
  }

  /**
   * The error reply to a stanza: same kind and id, addresses swapped, type error, the given error
   * element. The original payload is left out, which RFC 6120 §8.3.1 allows.
   */
  public static Element reply(Element stanza, Element error) {
    Element reply = new Element(stanza.name(), stanza.namespace());
    copyIfPresent(stanza, reply, "id");
    reply.attr("from", stanza.attr("to"));
    reply.attr("to", stanza.attr("from"));
    reply.attr("type", "error");
    reply.add(error);
    return reply;
  }

  /** The error reply to a stanza for a condition with its default type. */
  public static Element reply(Element stanza, Condition condition, String text) {
    return reply(stanza, element(condition, condition.defaultType(), text));
  }

  /** The condition of an error stanza, or null when it names none that RFC 6120 defines. */
  public static Condition conditionOf(Element stanza) {
    Element error = stanza.child("error", null);
    if (error == null) {
      return null;
    }
    for (Element c : error.elements(null, Namespaces.STANZAS)) {
      for (Condition condition : Condition.values()) {
        if (condition.elementName().equals(c.name())) {
          return condition;
        }
      }
    }
    return null;
  }

  private static void copyIfPresent(Element from, Element to, String key) {
    String v = from.attr(key);
    if (v != null) {
      to.attr(key, v);
    }
  }
}
