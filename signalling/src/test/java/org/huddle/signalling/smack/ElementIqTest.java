package org.huddle.signalling.smack;

import static org.assertj.core.api.Assertions.assertThat;

import org.huddle.signalling.Xml;
import org.huddle.xmpp.codec.Element;
import org.junit.jupiter.api.Test;

class ElementIqTest {
  @Test
  void anElementIqWritesItsPayloadAsItIs() {
    Element payload =
        Xml.parse(
            "<conference xmlns='http://jitsi.org/protocol/focus' room='r@muc'><property name='a' value='b'/></conference>");
    ElementIq iq = new ElementIq(payload);
    String xml = iq.toXML().toString();
    assertThat(xml).contains("<conference xmlns='http://jitsi.org/protocol/focus' room='r@muc'>");
    assertThat(Xml.parse(xml).firstElement().child("property", null).attr("value")).isEqualTo("b");
  }
}
