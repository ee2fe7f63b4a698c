package org.huddle.focus.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.huddle.xmpp.codec.Element;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class XmlTest {
  @Nested
  class Parsing {
    @Test
    void unqualifiedChildrenOfAStanzaAreInJabberClient() {
      Element p = Xml.parse("<presence xmlns='jabber:client'><stats-id>x</stats-id></presence>");
      assertThat(p.child("stats-id", "jabber:client").text()).isEqualTo("x");
    }

    @Test
    void entityDeclarationsAreRefused() {
      assertThatThrownBy(
              () -> Xml.parse("<!DOCTYPE a [<!ENTITY b 'c'>]><iq xmlns='jabber:client'>&b;</iq>"))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void truncatedXmlIsRefused() {
      assertThatThrownBy(() -> Xml.parse("<iq xmlns='jabber:client'><query"))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Nested
  class Errors {
    @Test
    void aReplyCarriesTheConditionTextAndApplicationCondition() {
      Element request =
          Xml.parse("<iq xmlns='jabber:client' type='set' id='j1' from='r@m/a' to='r@m/focus'/>");
      Element reply =
          StanzaErrors.reply(
              request,
              "item-not-found",
              "no session",
              new Element("unknown-session", "urn:xmpp:jingle:errors:1"));
      assertThat(reply.attr("type")).isEqualTo("error");
      assertThat(reply.attr("to")).isEqualTo("r@m/a");
      assertThat(reply.attr("id")).isEqualTo("j1");
      assertThat(Xml.errorCondition(reply)).isEqualTo("item-not-found");
      assertThat(reply.child("error", null).attr("type")).isEqualTo("cancel");
      assertThat(reply.child("error", null).child("unknown-session", "urn:xmpp:jingle:errors:1"))
          .isNotNull();
    }
  }
}
