package org.huddle.xmpp.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.huddle.xmpp.codec.Element;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The transcript matcher checks what a pattern says, and only that. */
class StanzaPatternTest {
  static final Element PRESENCE =
      StanzaPattern.parseElement(
          "<presence from='r@muc/bob' to='a@h/x' id='7'>"
              + "<x xmlns='http://jabber.org/protocol/muc#user'>"
              + "<item affiliation='none' role='participant'/>"
              + "<status code='110'/><status code='100'/></x></presence>");

  static String why(String pattern) {
    return StanzaPattern.parse(pattern).mismatch(PRESENCE);
  }

  @Nested
  class Matches {
    @Test
    void whatThePatternLeavesOutIsNotLookedAt() {
      assertThat(why("<presence from='r@muc/bob'/>")).isNull();
    }

    @Test
    void childrenInAnyOrder() {
      assertThat(
              why(
                  "<presence><x xmlns='http://jabber.org/protocol/muc#user'>"
                      + "<status code='100'/><status code='110'/></x></presence>"))
          .isNull();
    }

    @Test
    void anyValueForAPresentAttribute() {
      assertThat(why("<presence id='{*}'/>")).isNull();
    }
  }

  @Nested
  class Refuses {
    @Test
    void anotherElement() {
      assertThat(why("<message/>")).contains("expected <message>");
    }

    @Test
    void anotherAttributeValue() {
      assertThat(why("<presence from='r@muc/alice'/>"))
          .contains("/presence/@from: expected 'r@muc/alice', got 'r@muc/bob'");
    }

    @Test
    void aMissingAttribute() {
      assertThat(why("<presence type='{*}'/>")).contains("no attribute type");
    }

    @Test
    void aMissingChild() {
      assertThat(
              why(
                  "<presence><x xmlns='http://jabber.org/protocol/muc#user'>"
                      + "<status code='201'/></x></presence>"))
          .contains("/presence/x/status/@code: expected '201'");
    }

    @Test
    void oneChildForTwoPatterns() {
      assertThat(
              why(
                  "<presence><x xmlns='http://jabber.org/protocol/muc#user'>"
                      + "<item role='participant'/><item affiliation='none'/></x></presence>"))
          .isNotNull();
    }

    @Test
    void anotherNamespace() {
      assertThat(why("<presence><x xmlns='http://jabber.org/protocol/muc'/></presence>"))
          .contains("expected <x> in http://jabber.org/protocol/muc, got <x> in");
    }
  }
}
