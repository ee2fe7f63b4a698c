package org.huddle.xmpp.codec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class XmlWriterTest {
  @Test
  void declaresANamespaceOnlyWhereItChanges() {
    Element iq = Element.of("iq", Namespaces.CLIENT).attr("type", "get");
    iq.addChild("query", Namespaces.DISCO_INFO).addChild("identity").attr("category", "server");
    assertThat(XmlWriter.write(iq, Namespaces.CLIENT))
        .isEqualTo(
            "<iq type='get'><query xmlns='http://jabber.org/protocol/disco#info'><identity category='server'/>"
                + "</query></iq>");
  }

  @Test
  void writesStreamLevelElementsWithTheStreamPrefix() {
    Element features = Element.of("features", Namespaces.STREAMS);
    features.addChild("bind", Namespaces.BIND);
    StringBuilder tcp = new StringBuilder();
    XmlWriter.writeTopLevel(features, Namespaces.CLIENT, false, tcp);
    assertThat(tcp.toString())
        .isEqualTo(
            "<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></stream:features>");
    StringBuilder ws = new StringBuilder();
    XmlWriter.writeTopLevel(Element.of("error", Namespaces.STREAMS), Namespaces.CLIENT, true, ws);
    assertThat(ws.toString())
        .isEqualTo("<stream:error xmlns:stream='http://etherx.jabber.org/streams'/>");
  }

  @Test
  void escapesTextAndAttributes() {
    Element m = Element.of("message", "").attr("id", "a'b\"c<&>").text("1 < 2 & 3 > 0");
    assertThat(m.toXml())
        .isEqualTo("<message id='a&apos;b&quot;c&lt;&amp;&gt;'>1 &lt; 2 &amp; 3 &gt; 0</message>");
  }

  @Test
  void roundTripsThroughTheParser() throws Exception {
    Element original =
        Element.of("message", Namespaces.CLIENT).attr("to", "r@muc/ä").attr("xml:lang", "de");
    original.addChild("body").text("tab\there & 'quotes' 👋");
    original.addChild("x", "urn:x").attr("{urn:y}z", "1").attr("a", "line\nbreak");
    String xml = XmlWriter.write(original, Namespaces.CLIENT);

    List<Element> out = new ArrayList<>();
    XmlStreamParser p =
        new XmlStreamParser(
            ParserLimits.DEFAULT,
            XmlStreamParser.Mode.STREAM,
            new XmlStreamParser.Handler() {
              @Override
              public void streamOpened(Element header) {}

              @Override
              public void element(Element element) {
                out.add(element);
              }

              @Override
              public void streamClosed() {}
            });
    byte[] b = (XmlStreamParserTest.HEADER + xml).getBytes(UTF_8);
    p.feed(b, 0, b.length);
    assertThat(out).hasSize(1);
    assertThat(XmlWriter.write(out.get(0), Namespaces.CLIENT)).isEqualTo(xml);
    assertThat(out.get(0).child("x", "urn:x").attr("a")).isEqualTo("line\nbreak");
  }

  @Test
  void copiesAreIndependent() {
    Element a = Element.of("presence", Namespaces.CLIENT).attr("to", "x@y");
    a.addChild("status").text("hi");
    Element b = a.copy();
    b.attr("to", "z@y").child("status", null).text("!");
    assertThat(a.toXml()).contains("x@y").contains(">hi<");
    assertThat(b.toXml()).contains("z@y").contains(">hi!<");
  }

  @Test
  void removesAttributesWithNull() {
    Element e = Element.of("a", "").attr("x", 1).attr("y", 2).attr("z", 3).attr("y", null);
    assertThat(e.toXml()).isEqualTo("<a xmlns='' x='1' z='3'/>".replace(" xmlns=''", ""));
  }
}
