package org.huddle.focus.conference;

import java.util.concurrent.CompletableFuture;
import org.huddle.focus.xml.StanzaErrors;
import org.huddle.focus.xml.Xml;
import org.huddle.xmpp.codec.Element;

/**
 * Jitsi's conference request over XMPP (docs/wire.md#conference-iq), answered with {@code ready}
 * and the lower-case {@code focusjid}.
 */
public final class ConferenceIq {
  /** Jitsi's focus namespace. */
  public static final String NS = org.huddle.signalling.jitsi.ConferenceIq.NAMESPACE;

  public static final String ELEMENT = org.huddle.signalling.jitsi.ConferenceIq.ELEMENT;

  private ConferenceIq() {}

  /** Answers a conference IQ through the conferences. */
  public static CompletableFuture<Element> handle(Conferences conferences, Element iq) {
    var c = org.huddle.signalling.jitsi.ConferenceIq.parse(Xml.payload(iq));
    Conferences.Request request =
        new Conferences.Request(c.room(), c.machineUid(), c.properties(), iq.attr("from"));
    return conferences.request(request).thenApply(answer -> reply(iq, answer));
  }

  static Element reply(Element iq, Conferences.Answer answer) {
    if (answer.error() != null) {
      return StanzaErrors.reply(iq, answer.error(), answer.text(), null);
    }
    var c =
        new org.huddle.signalling.jitsi.ConferenceIq(
            answer.room(), null, answer.ready(), answer.focusJid(), answer.properties());
    return Xml.result(iq, c.toElement());
  }
}
