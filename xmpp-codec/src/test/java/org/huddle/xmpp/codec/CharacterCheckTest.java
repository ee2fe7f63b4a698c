package org.huddle.xmpp.codec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.util.Random;
import java.util.stream.Stream;
import org.huddle.xmpp.codec.StreamError.Condition;
import org.huddle.xmpp.codec.XmlStreamParser.Mode;
import org.huddle.xmpp.codec.XmlStreamParserTest.Recorder;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Invalid UTF-8 and characters XML 1.0 forbids end the stream with {@code not-well-formed},
 * wherever they are and however the bytes are split; every character XML allows gets through.
 */
class CharacterCheckTest {
  static byte[] bytes(int... b) {
    byte[] out = new byte[b.length];
    for (int i = 0; i < b.length; i++) {
      out[i] = (byte) b[i];
    }
    return out;
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of("overlong '<' (C0 BC)", bytes(0xC0, 0xBC)),
        Arguments.of("overlong 'A' (C1 81)", bytes(0xC1, 0x81)),
        Arguments.of("overlong three-byte '<' (E0 80 BC)", bytes(0xE0, 0x80, 0xBC)),
        Arguments.of("overlong four-byte '<' (F0 80 80 BC)", bytes(0xF0, 0x80, 0x80, 0xBC)),
        Arguments.of("high surrogate U+D800 in UTF-8", bytes(0xED, 0xA0, 0x80)),
        Arguments.of("low surrogate U+DFFF in UTF-8", bytes(0xED, 0xBF, 0xBF)),
        Arguments.of("U+110000 (F4 90 80 80)", bytes(0xF4, 0x90, 0x80, 0x80)),
        Arguments.of("lead byte F5", bytes(0xF5, 0x80, 0x80, 0x80)),
        Arguments.of("byte FF", bytes(0xFF)),
        Arguments.of("continuation byte alone", bytes(0x80)),
        Arguments.of("two-byte sequence cut short", bytes(0xC3, 'x')),
        Arguments.of("three-byte sequence cut short", bytes(0xE2, 0x82, 'x')),
        Arguments.of("four-byte sequence cut short by '<'", bytes(0xF0, 0x9F, 0x98, '<')),
        Arguments.of("NUL", bytes(0x00)),
        Arguments.of("U+0001", bytes(0x01)),
        Arguments.of("ESC", bytes(0x1B)),
        Arguments.of("U+001F", bytes(0x1F)),
        Arguments.of("U+FFFE", bytes(0xEF, 0xBF, 0xBE)),
        Arguments.of("U+FFFF", bytes(0xEF, 0xBF, 0xBF)),
        Arguments.of("reference to NUL", "&#0;".getBytes(UTF_8)),
        Arguments.of("reference to U+0001", "&#x1;".getBytes(UTF_8)),
        Arguments.of("reference to a lone surrogate", "&#xD800;".getBytes(UTF_8)),
        Arguments.of("reference to U+FFFE", "&#xFFFE;".getBytes(UTF_8)),
        Arguments.of("reference above U+10FFFF", "&#x110000;".getBytes(UTF_8)));
  }

  static Stream<Arguments> allowed() {
    return Stream.of(
        Arguments.of("tab, LF, CR", bytes('\t', '\n', '\r')),
        Arguments.of("DEL U+007F", bytes(0x7F)),
        Arguments.of("NEL U+0085", bytes(0xC2, 0x85)),
        Arguments.of("U+D7FF, the last before the surrogates", bytes(0xED, 0x9F, 0xBF)),
        Arguments.of("U+E000, the first after them", bytes(0xEE, 0x80, 0x80)),
        Arguments.of("U+FDD0, a noncharacter XML allows", bytes(0xEF, 0xB7, 0x90)),
        Arguments.of("U+FFFD", bytes(0xEF, 0xBF, 0xBD)),
        Arguments.of("U+10000", bytes(0xF0, 0x90, 0x80, 0x80)),
        Arguments.of("U+10FFFF, the last code point", bytes(0xF4, 0x8F, 0xBF, 0xBF)),
        Arguments.of("an emoji and accents", "Grüße 👋".getBytes(UTF_8)),
        Arguments.of("reference to U+10FFFF", "&#x10FFFF;".getBytes(UTF_8)));
  }

  static byte[] messageWith(byte[] inBody) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(XmlStreamParserTest.HEADER.getBytes(UTF_8));
    out.writeBytes("<message><body>a".getBytes(UTF_8));
    out.writeBytes(inBody);
    out.writeBytes("b</body></message>".getBytes(UTF_8));
    return out.toByteArray();
  }

  /** Feeds the document in two pieces split at {@code split} (or whole when 0). */
  static Condition conditionOf(byte[] doc, int split, Recorder recorder) {
    XmlStreamParser p = new XmlStreamParser(ParserLimits.DEFAULT, Mode.STREAM, recorder);
    try {
      p.feed(doc, 0, split);
      p.feed(doc, split, doc.length - split);
    } catch (StreamError e) {
      return e.condition();
    }
    return null;
  }

  @Nested
  class InText {
    @ParameterizedTest(name = "{0}")
    @MethodSource("org.huddle.xmpp.codec.CharacterCheckTest#invalid")
    void isNotWellFormedWhereverTheBytesAreSplit(String what, byte[] bad) {
      byte[] doc = messageWith(bad);
      for (int split = 0; split < doc.length; split++) {
        Recorder r = new Recorder();
        assertThat(conditionOf(doc, split, r))
            .as("%s, split at %d", what, split)
            .isEqualTo(Condition.NOT_WELL_FORMED);
        assertThat(r.elements).as("nothing delivered").isEmpty();
      }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.huddle.xmpp.codec.CharacterCheckTest#allowed")
    void passesWhereverTheBytesAreSplit(String what, byte[] fine) {
      byte[] doc = messageWith(fine);
      for (int split = 0; split < doc.length; split++) {
        Recorder r = new Recorder();
        assertThat(conditionOf(doc, split, r)).as("%s, split at %d", what, split).isNull();
        assertThat(r.elements).hasSize(1);
      }
    }
  }

  @Nested
  class ElsewhereInTheStream {
    @ParameterizedTest(name = "{0}")
    @MethodSource("org.huddle.xmpp.codec.CharacterCheckTest#invalid")
    void inAnAttributeValueIsNotWellFormed(String what, byte[] bad) {
      ByteArrayOutputStream doc = new ByteArrayOutputStream();
      doc.writeBytes((XmlStreamParserTest.HEADER + "<message id='x").getBytes(UTF_8));
      doc.writeBytes(bad);
      doc.writeBytes("'/>".getBytes(UTF_8));
      assertThat(conditionOf(doc.toByteArray(), 0, new Recorder()))
          .isEqualTo(Condition.NOT_WELL_FORMED);
    }

    @Test
    void anOverlongLessThanCannotOpenATag() {
      // The attack the check exists for: a filter in front that looks for '<' would not see it.
      byte[] doc = messageWith(bytes(0xC0, 0xBC, 's', 'c', 'r', 'i', 'p', 't', '>'));
      assertThat(conditionOf(doc, 0, new Recorder())).isEqualTo(Condition.NOT_WELL_FORMED);
    }

    @Test
    void inTheStreamHeaderIsNotWellFormed() {
      byte[] doc =
          ("<?xml version='1.0'?><stream:stream to='meet\u0000.jitsi'"
                  + " xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>")
              .getBytes(UTF_8);
      assertThat(conditionOf(doc, 0, new Recorder())).isEqualTo(Condition.NOT_WELL_FORMED);
    }

    @Test
    void inAWebSocketFrameIsNotWellFormed() {
      Recorder r = new Recorder();
      XmlStreamParser p = new XmlStreamParser(ParserLimits.DEFAULT, Mode.FRAMED, r);
      byte[] frame = bytes('<', 'm', ' ', 'a', '=', '\'', 0xED, 0xA0, 0x80, '\'', '/', '>');
      StreamError error = null;
      try {
        p.feed(frame, 0, frame.length);
      } catch (StreamError e) {
        error = e;
      }
      assertThat(error).isNotNull();
      assertThat(error.condition()).isEqualTo(Condition.NOT_WELL_FORMED);
      assertThat(error.getMessage()).contains("surrogate");
    }

    @Test
    void stanzasBeforeTheBadByteInTheSameChunkAreStillDelivered() {
      ByteArrayOutputStream doc = new ByteArrayOutputStream();
      doc.writeBytes((XmlStreamParserTest.HEADER + "<message id='first'/>").getBytes(UTF_8));
      doc.writeBytes(bytes(0x00));
      Recorder r = new Recorder();
      assertThat(conditionOf(doc.toByteArray(), 0, r)).isEqualTo(Condition.NOT_WELL_FORMED);
      assertThat(r.elements).extracting(e -> e.attr("id")).containsExactly("first");
    }

    @Test
    void anErrorEarlierInTheStreamWinsOverABadByteLaterInTheSameChunk() {
      ByteArrayOutputStream doc = new ByteArrayOutputStream();
      doc.writeBytes(
          (XmlStreamParserTest.HEADER + "<message><!-- x --></message>").getBytes(UTF_8));
      doc.writeBytes(bytes(0x00));
      assertThat(conditionOf(doc.toByteArray(), 0, new Recorder()))
          .as("the comment comes first")
          .isEqualTo(Condition.RESTRICTED_XML);
    }
  }

  /**
   * Random byte strings, biased toward UTF-8's structure, checked against the JDK's decoder (strict
   * since JDK 8: it refuses overlongs, encoded surrogates and code points above U+10FFFF) plus
   * XML's Char production.
   */
  @Test
  void agreesWithTheJdkDecoderOnRandomInput() {
    Random random = new Random(6120);
    int refused = 0;
    for (int n = 0; n < 20_000; n++) {
      byte[] input = randomUtf8ish(random);
      boolean expected = jdkAcceptsAsXml(input);
      CharacterCheck check = new CharacterCheck();
      boolean whole = check.scan(input, 0, input.length) < 0;
      CharacterCheck bytewise = new CharacterCheck();
      boolean split = true;
      for (int i = 0; i < input.length && split; i++) {
        split = bytewise.scan(input, i, 1) < 0;
      }
      assertThat(whole).as("input %s", hex(input)).isEqualTo(expected);
      assertThat(split).as("byte by byte, input %s", hex(input)).isEqualTo(expected);
      refused += expected ? 0 : 1;
    }
    assertThat(refused).as("the generator makes both kinds").isBetween(2_000, 18_000);
  }

  private static byte[] randomUtf8ish(Random random) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int pieces = 1 + random.nextInt(6);
    for (int i = 0; i < pieces; i++) {
      switch (random.nextInt(5)) {
        case 0 -> out.write(0x20 + random.nextInt(0x60));
        case 1 -> out.write(random.nextInt(256));
        case 2 -> out.writeBytes(new String(Character.toChars(codePoint(random))).getBytes(UTF_8));
        case 3 -> {
          // a lead byte and random followers: overlongs, surrogates, out of range, cut short
          out.write(0xC0 + random.nextInt(0x40));
          for (int k = random.nextInt(4); k > 0; k--) {
            out.write(0x80 + random.nextInt(0x40));
          }
        }
        default -> out.write(random.nextInt(0x20));
      }
    }
    // Always end on a character boundary, so that "cut short" is decided within the input.
    out.write('.');
    return out.toByteArray();
  }

  private static int codePoint(Random random) {
    int cp;
    do {
      cp = random.nextInt(4) == 0 ? 0xFFF0 + random.nextInt(0x20) : random.nextInt(0x110000);
    } while (cp >= 0xD800 && cp <= 0xDFFF);
    return cp;
  }

  private static boolean jdkAcceptsAsXml(byte[] input) {
    CharBuffer chars;
    try {
      chars =
          UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(input));
    } catch (CharacterCodingException e) {
      return false;
    }
    return chars
        .codePoints()
        .allMatch(
            c ->
                c == 0x9
                    || c == 0xA
                    || c == 0xD
                    || (c >= 0x20 && c <= 0xD7FF)
                    || (c >= 0xE000 && c <= 0xFFFD)
                    || (c >= 0x10000 && c <= 0x10FFFF));
  }

  private static String hex(byte[] b) {
    StringBuilder sb = new StringBuilder();
    for (byte x : b) {
      sb.append(String.format("%02X ", x & 0xFF));
    }
    return sb.toString().trim();
  }
}
