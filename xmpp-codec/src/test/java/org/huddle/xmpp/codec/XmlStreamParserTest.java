package org.huddle.xmpp.codec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.huddle.xmpp.codec.StreamError.Condition;
import org.huddle.xmpp.codec.XmlStreamParser.Mode;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class XmlStreamParserTest {
  static final String HEADER =
      "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'"
          + " to='meet.jitsi' version='1.0'>";

  /** Records what the parser reports. */
  static final class Recorder implements XmlStreamParser.Handler {
    final List<Element> headers = new ArrayList<>();
    final List<Element> elements = new ArrayList<>();
    boolean closed;

    @Override
    public void streamOpened(Element header) {
      headers.add(header);
    }

    @Override
    public void element(Element element) {
      elements.add(element);
    }

    @Override
    public void streamClosed() {
      closed = true;
    }
  }

  final Recorder recorder = new Recorder();

  XmlStreamParser parser(Mode mode) {
    return new XmlStreamParser(ParserLimits.DEFAULT, mode, recorder);
  }

  static void feed(XmlStreamParser p, String s) throws StreamError {
    byte[] b = s.getBytes(UTF_8);
    p.feed(b, 0, b.length);
  }

  static Condition conditionOf(XmlStreamParser p, String... chunks) {
    try {
      for (String c : chunks) {
        feed(p, c);
      }
    } catch (StreamError e) {
      return e.condition();
    }
    return null;
  }

  @Nested
  class WellFormedStreams {
    @Test
    void reportsHeaderStanzasAndClose() throws Exception {
      XmlStreamParser p = parser(Mode.STREAM);
      feed(
          p,
          HEADER
              + "<message to='a@b'><body>hi</body></message><iq type='get' id='1'/></stream:stream>");
      assertThat(recorder.headers).hasSize(1);
      Element header = recorder.headers.get(0);
      assertThat(header.is("stream", Namespaces.STREAMS)).isTrue();
      assertThat(header.attr("to")).isEqualTo("meet.jitsi");
      assertThat(header.attr("xmlns")).isEqualTo("jabber:client");
      assertThat(recorder.elements).extracting(Element::name).containsExactly("message", "iq");
      assertThat(recorder.elements.get(0).childText("body", Namespaces.CLIENT)).isEqualTo("hi");
      assertThat(recorder.closed).isTrue();
    }

    @Test
    void givesTheSameStanzasWhateverTheSplitEvenInsideMultiByteCharacters() throws Exception {
      String doc =
          HEADER
              + "<message id='m1 👋 &amp;' to='ä@b'><body>Grüße 👋 &amp; &lt;tag&gt;</body></message>";
      byte[] bytes = doc.getBytes(UTF_8);
      for (int split = 1; split < bytes.length; split++) {
        Recorder r = new Recorder();
        XmlStreamParser p = new XmlStreamParser(ParserLimits.DEFAULT, Mode.STREAM, r);
        p.feed(bytes, 0, split);
        p.feed(bytes, split, bytes.length - split);
        assertThat(r.elements).as("split at %d", split).hasSize(1);
        assertThat(r.elements.get(0).childText("body", null)).isEqualTo("Grüße 👋 & <tag>");
        // A character cut in an attribute value, before an entity reference (found by
        // XmlStreamParserFuzzTest, crash-four-byte-character-cut-in-attribute).
        assertThat(r.elements.get(0).attr("id")).as("split at %d", split).isEqualTo("m1 👋 &");
      }
    }

    @Test
    void givesTheSameAttributeWhateverTheCutsInsideAMultiByteCharacter() throws Exception {
      String doc = HEADER + "<presence to='r@m/a'><x node='e 👋 ä € &amp;s'/></presence>";
      byte[] bytes = doc.getBytes(UTF_8);
      for (int a = 1; a < bytes.length; a++) {
        for (int b = a; b < bytes.length; b++) {
          Recorder r = new Recorder();
          XmlStreamParser p = new XmlStreamParser(ParserLimits.DEFAULT, Mode.STREAM, r);
          p.feed(bytes, 0, a);
          p.feed(bytes, a, b - a);
          p.feed(bytes, b, bytes.length - b);
          assertThat(r.elements).as("cuts at %d and %d", a, b).hasSize(1);
          assertThat(r.elements.get(0).elements().get(0).attr("node"))
              .as("cuts at %d and %d", a, b)
              .isEqualTo("e 👋 ä € &s");
        }
      }
    }

    @Test
    void refusesAPrefixedNameWhoseLocalPartDoesNotStartAsAName() throws Exception {
      for (String bad :
          List.of(
              "<x:8a xmlns:x='urn:x'/>",
              "<x:-a xmlns:x='urn:x'/>",
              "<a x:9='v' xmlns:x='urn:x'/>")) {
        XmlStreamParser p = new XmlStreamParser(ParserLimits.DEFAULT, Mode.STREAM, new Recorder());
        assertThatThrownBy(() -> feed(p, HEADER + "<message>" + bad + "</message>"))
            .as(bad)
            .isInstanceOfSatisfying(
                StreamError.class,
                e -> assertThat(e.condition()).isEqualTo(StreamError.Condition.NOT_WELL_FORMED));
      }
      XmlStreamParser p = parser(Mode.STREAM);
      feed(p, HEADER + "<message><x:a8 xmlns:x='urn:x' x:_b='v'/></message>");
      assertThat(recorder.elements).hasSize(1);
    }

    @Test
    void acceptsOneByteAtATimeWithAReusedBuffer() throws Exception {
      XmlStreamParser p = parser(Mode.STREAM);
      byte[] doc =
          (HEADER + "<presence><x xmlns='http://jabber.org/protocol/muc'/></presence>")
              .getBytes(UTF_8);
      byte[] one = new byte[1];
      for (byte b : doc) {
        one[0] = b;
        p.feed(one, 0, 1);
      }
      assertThat(recorder.elements).hasSize(1);
      assertThat(recorder.elements.get(0).child("x", Namespaces.MUC)).isNotNull();
    }

    @Test
    void reportsComponentStanzasInTheClientNamespace() throws Exception {
      XmlStreamParser p = parser(Mode.STREAM);
      feed(
          p,
          "<stream:stream xmlns='jabber:component:accept' xmlns:stream='http://etherx.jabber.org/streams'"
              + " to='focus.meet.jitsi'><message><body>x</body><x xmlns='urn:other'/></message>");
      Element m = recorder.elements.get(0);
      assertThat(m.namespace()).isEqualTo(Namespaces.CLIENT);
      assertThat(m.child("body", Namespaces.CLIENT)).isNotNull();
      assertThat(m.child("x", "urn:other")).isNotNull();
    }

    @Test
    void keepsPrefixedAndXmlAttributesDistinct() throws Exception {
      XmlStreamParser p = parser(Mode.STREAM);
      feed(p, HEADER + "<message xml:lang='en' xmlns:j='urn:j' j:x='1' x='2'/>");
      Element m = recorder.elements.get(0);
      assertThat(m.attr("xml:lang")).isEqualTo("en");
      assertThat(m.attr("{urn:j}x")).isEqualTo("1");
      assertThat(m.attr("x")).isEqualTo("2");
    }

    @Test
    void ignoresWhitespaceKeepalivesAndDoesNotCountThemTowardTheNextStanza() throws Exception {
      XmlStreamParser p =
          new XmlStreamParser(
              new ParserLimits(2048, 16, 16, 64, 4096, ParseBudget.Limits.NONE),
              Mode.STREAM,
              recorder);
      feed(p, HEADER);
      for (int i = 0; i < 5000; i++) {
        feed(p, " ");
      }
      feed(p, "<message><body>" + "x".repeat(1500) + "</body></message>");
      assertThat(recorder.elements).hasSize(1);
    }

    @Test
    void startsAFreshStreamAfterReset() throws Exception {
      XmlStreamParser p = parser(Mode.STREAM);
      feed(p, HEADER + "<auth/>");
      p.reset();
      feed(p, HEADER + "<iq/>");
      assertThat(recorder.headers).hasSize(2);
      assertThat(recorder.elements).extracting(Element::name).containsExactly("auth", "iq");
    }

    @Test
    void resetInsideAHandlerDropsTheRestOfTheOldStream() throws Exception {
      List<String> seen = new ArrayList<>();
      XmlStreamParser[] holder = new XmlStreamParser[1];
      holder[0] =
          new XmlStreamParser(
              ParserLimits.DEFAULT,
              Mode.STREAM,
              new XmlStreamParser.Handler() {
                @Override
                public void streamOpened(Element header) {
                  seen.add("open");
                }

                @Override
                public void element(Element element) {
                  seen.add(element.name());
                  if (element.name().equals("starttls")) {
                    holder[0].reset();
                  }
                }

                @Override
                public void streamClosed() {}
              });
      feed(holder[0], HEADER + "<starttls/><not-parsed/>");
      feed(holder[0], HEADER + "<after/>");
      assertThat(seen).containsExactly("open", "starttls", "open", "after");
    }
  }

  @Nested
  class HostileInput {
    @Test
    void refusesBillionLaughsWithRestrictedXml() {
      String lol =
          "<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol 'lol'>"
              + "<!ENTITY lol2 '&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;'>"
              + "<!ENTITY lol3 '&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;'>]>"
              + "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>"
              + "<message><body>&lol3;</body></message>";
      assertThat(conditionOf(parser(Mode.STREAM), lol)).isEqualTo(Condition.RESTRICTED_XML);
      assertThat(recorder.elements).isEmpty();
    }

    @Test
    void refusesExternalEntitiesWithRestrictedXml() {
      String xxe =
          "<?xml version='1.0'?><!DOCTYPE s [<!ENTITY xxe SYSTEM 'file:///etc/passwd'>]>"
              + "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>"
              + "<message><body>&xxe;</body></message>";
      assertThat(conditionOf(parser(Mode.STREAM), xxe)).isEqualTo(Condition.RESTRICTED_XML);
    }

    @Test
    void refusesADoctypeWithoutInternalSubset() {
      String doc =
          "<?xml version='1.0'?><!DOCTYPE s SYSTEM 'http://127.0.0.1/x.dtd'><stream:stream>";
      assertThat(conditionOf(parser(Mode.STREAM), doc)).isEqualTo(Condition.RESTRICTED_XML);
    }

    @Test
    void refusesAnUndeclaredEntityReference() {
      Condition c =
          conditionOf(parser(Mode.STREAM), HEADER + "<message><body>&xxe;</body></message>");
      assertThat(c).isIn(Condition.RESTRICTED_XML, Condition.NOT_WELL_FORMED);
      assertThat(recorder.elements).isEmpty();
    }

    @Test
    void refusesCommentsAndProcessingInstructions() {
      assertThat(conditionOf(parser(Mode.STREAM), HEADER + "<message><!-- hi --></message>"))
          .isEqualTo(Condition.RESTRICTED_XML);
      assertThat(conditionOf(parser(Mode.STREAM), HEADER + "<?evil now?>"))
          .isEqualTo(Condition.RESTRICTED_XML);
    }

    @Test
    void refusesDeepNestingBeforeItGrows() {
      String deep = "<a>".repeat(40);
      assertThat(conditionOf(parser(Mode.STREAM), HEADER + "<message>" + deep))
          .isEqualTo(Condition.POLICY_VIOLATION);
    }

    @Test
    void refusesAnOversizedStanzaWhileItIsStillArriving() throws Exception {
      XmlStreamParser p =
          new XmlStreamParser(
              new ParserLimits(4096, 16, 16, 64, 4096, ParseBudget.Limits.NONE),
              Mode.STREAM,
              recorder);
      feed(p, HEADER + "<message><body>");
      StreamError error = null;
      int fedChunks = 0;
      try {
        for (; fedChunks < 100; fedChunks++) {
          feed(p, "y".repeat(512));
        }
      } catch (StreamError e) {
        error = e;
      }
      assertThat(error).isNotNull();
      assertThat(error.condition()).isEqualTo(Condition.POLICY_VIOLATION);
      assertThat(fedChunks).isLessThanOrEqualTo(8);
    }

    @Test
    void refusesAnOversizedStreamHeader() {
      XmlStreamParser p =
          new XmlStreamParser(
              new ParserLimits(2048, 16, 16, 64, 4096, ParseBudget.Limits.NONE),
              Mode.STREAM,
              recorder);
      String header =
          "<stream:stream xmlns:stream='http://etherx.jabber.org/streams' a='" + "z".repeat(5000);
      assertThat(conditionOf(p, header)).isEqualTo(Condition.POLICY_VIOLATION);
    }

    @Test
    void refusesTooManyAttributes() {
      StringBuilder sb = new StringBuilder("<message");
      for (int i = 0; i < 100; i++) {
        sb.append(" a").append(i).append("='1'");
      }
      assertThat(conditionOf(parser(Mode.STREAM), HEADER + sb + "/>"))
          .isEqualTo(Condition.POLICY_VIOLATION);
    }

    @Test
    void refusesMismatchedTagsAsNotWellFormed() {
      assertThat(conditionOf(parser(Mode.STREAM), HEADER + "<message></presence>"))
          .isEqualTo(Condition.NOT_WELL_FORMED);
    }

    @Test
    void refusesTheReservedXmlnsPrefixOnAnElementAsNotWellFormed() {
      // Aalto throws a bare RuntimeException here; the fuzzer found it escaping the parser.
      assertThat(conditionOf(parser(Mode.STREAM), "<xmlns:stream xmlns:stream='urn:x'>"))
          .isEqualTo(Condition.NOT_WELL_FORMED);
      assertThat(conditionOf(parser(Mode.STREAM), HEADER + "<xmlns:a/>"))
          .isEqualTo(Condition.NOT_WELL_FORMED);
    }

    @Test
    void refusesGarbageAsNotWellFormed() {
      assertThat(conditionOf(parser(Mode.STREAM), "GET / HTTP/1.1\r\n"))
          .isEqualTo(Condition.NOT_WELL_FORMED);
    }

    @Test
    void refusesTextBetweenStanzas() {
      assertThat(conditionOf(parser(Mode.STREAM), HEADER + "hello"))
          .isEqualTo(Condition.BAD_FORMAT);
    }

    @Test
    void refusesEncodingsOtherThanUtf8() {
      assertThat(conditionOf(parser(Mode.STREAM), "<?xml version='1.0' encoding='ISO-8859-1'?><a>"))
          .isEqualTo(Condition.UNSUPPORTED_ENCODING);
    }

    /**
     * On a stream a truncated stanza is not an error (TCP splits anywhere, and the rest may
     * follow), so the parser reports it as incomplete: no error, no element, stream still open. The
     * rest completes it; a WebSocket frame, which must be whole, is refused instead ({@code
     * refusesAFrameWithAPartialElement}).
     */
    @Test
    void holdsATruncatedStanzaAsIncompleteUntilTheRestArrives() throws Exception {
      XmlStreamParser p = parser(Mode.STREAM);
      assertThat(conditionOf(p, HEADER + "<message><body>half")).as("no stream error").isNull();
      assertThat(recorder.headers).hasSize(1);
      assertThat(recorder.elements).as("nothing reported for half a stanza").isEmpty();
      assertThat(p.isDone()).isFalse();
      assertThat(recorder.closed).isFalse();
      feed(p, " and the rest</body></message>");
      assertThat(recorder.elements).extracting(Element::name).containsExactly("message");
      assertThat(recorder.elements.get(0).childText("body", Namespaces.CLIENT))
          .isEqualTo("half and the rest");
    }

    @Test
    void staysDeadAfterAnError() throws Exception {
      XmlStreamParser p = parser(Mode.STREAM);
      assertThat(conditionOf(p, HEADER + "<a></b><c/>")).isNotNull();
      feed(p, "<message/>");
      assertThat(recorder.elements).isEmpty();
    }
  }

  @Nested
  class WebSocketFrames {
    @Test
    void reportsOpenStanzasAndCloseAsElements() throws Exception {
      XmlStreamParser p = parser(Mode.FRAMED);
      feed(p, "<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='meet.jitsi' version='1.0'/>");
      feed(p, "<message xmlns='jabber:client' to='a@b'><body>x</body></message>");
      feed(p, "<iq type='get' id='1'><ping xmlns='urn:xmpp:ping'/></iq>");
      feed(p, "<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>");
      assertThat(recorder.headers).isEmpty();
      assertThat(recorder.elements)
          .extracting(Element::name)
          .containsExactly("open", "message", "iq", "close");
      assertThat(recorder.elements.get(0).namespace()).isEqualTo(Namespaces.FRAMING);
      assertThat(recorder.elements.get(2).namespace()).isEqualTo(Namespaces.CLIENT);
    }

    @Test
    void refusesAFrameWithAPartialElement() {
      assertThat(conditionOf(parser(Mode.FRAMED), "<message><body>"))
          .isEqualTo(Condition.NOT_WELL_FORMED);
    }

    @Test
    void refusesAFrameThatIsNotXml() {
      assertThat(conditionOf(parser(Mode.FRAMED), "{\"hello\": 1}"))
          .isIn(Condition.BAD_FORMAT, Condition.NOT_WELL_FORMED);
    }

    @Test
    void boundsStanzaSizePerFrame() throws Exception {
      XmlStreamParser p =
          new XmlStreamParser(
              new ParserLimits(2048, 16, 16, 64, 4096, ParseBudget.Limits.NONE),
              Mode.FRAMED,
              recorder);
      for (int i = 0; i < 10; i++) {
        feed(p, "<message><body>" + "x".repeat(1500) + "</body></message>");
      }
      assertThat(recorder.elements).hasSize(10);
      assertThat(conditionOf(p, "<message><body>" + "x".repeat(3000) + "</body></message>"))
          .isEqualTo(Condition.POLICY_VIOLATION);
    }
  }
}
