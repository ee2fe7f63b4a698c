package org.huddle.focus.conference;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.huddle.focus.xml.StanzaErrors;
import org.huddle.focus.xml.Xml;
import org.huddle.xmpp.codec.Element;

/**
 * Jitsi's conference request over XMPP (shared/WIRE.md §1): {@code <conference
 * xmlns='http://jitsi.org/protocol/focus' room= machine-uid=><property name=
 * value=/></conference>}, answered with {@code ready} and the lower-case {@code focusjid}.
 */
public final class ConferenceIq {
  /** Jitsi's focus namespace. */
  public static final String NS = "http://jitsi.org/protocol/focus";

  public static final String ELEMENT = "conference";

  private ConferenceIq() {}

  /** Answers a conference IQ through the conferences. */
  public static CompletableFuture<Element> handle(Conferences conferences, Element iq) {
    Element c = Xml.payload(iq);
    Map<String, String> properties = new LinkedHashMap<>();
    for (Element p : c.elements("property", null)) {
      if (p.attr("name") != null && p.attr("value") != null) {
        properties.put(p.attr("name"), p.attr("value"));
      }
    }
    Conferences.Request request =
        new Conferences.Request(c.attr("room"), c.attr("machine-uid"), properties, iq.attr("from"));
    return conferences.request(request).thenApply(answer -> reply(iq, answer));
  }

  static Element reply(Element iq, Conferences.Answer answer) {
    if (answer.error() != null) {
      return StanzaErrors.reply(iq, answer.error(), answer.text(), null);
    }
    Element c =
        new Element(ELEMENT, NS)
            .attr("room", answer.room())
            .attr("ready", answer.ready())
            .attr("focusjid", answer.focusJid());
    answer
        .properties()
        .forEach((k, v) -> c.addChild("property", NS).attr("name", k).attr("value", v));
    return Xml.result(iq, c);
  }
}
