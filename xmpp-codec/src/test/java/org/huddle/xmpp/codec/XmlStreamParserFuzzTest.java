package org.huddle.xmpp.codec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;
import org.huddle.xmpp.codec.XmlStreamParser.Mode;

/**
 * Coverage-guided fuzzing of the stream parser (docs/fuzzing.md). Under plain {@code mvn test} each
 * target replays its corpus in {@code XmlStreamParserFuzzTestInputs/<target>/}; with {@code
 * JAZZER_FUZZ=1} Jazzer mutates it.
 *
 * <p>The limits are the smallest the parser accepts, so that short inputs reach them.
 */
class XmlStreamParserFuzzTest {
  static final ParserLimits SMALL = new ParserLimits(1024, 4, 8, 8, 64, ParseBudget.Limits.DEFAULT);

  /** What one parse of one input produced. */
  record Outcome(List<String> elements, StreamError error, boolean closed) {}

  /**
   * Any bytes, in either framing, cut into chunks where the fuzzer likes: the parser either hands
   * out stanzas or ends with a typed stream error, never with another exception; the stanzas it
   * hands out keep within the limits; and each one written out and parsed again is the same stanza.
   */
  @FuzzTest
  void anyBytesGiveStanzasWithinLimitsOrAStreamError(FuzzedDataProvider data) {
    Mode mode = data.consumeBoolean() ? Mode.STREAM : Mode.FRAMED;
    int chunks = data.consumeInt(1, 8);
    List<byte[]> pieces = new ArrayList<>();
    for (int i = 0; i < chunks - 1; i++) {
      pieces.add(data.consumeBytes(data.consumeInt(0, 512)));
    }
    pieces.add(data.consumeRemainingAsBytes());

    XmlStreamParserTest.Recorder got = new XmlStreamParserTest.Recorder();
    StreamError error = null;
    XmlStreamParser parser = new XmlStreamParser(SMALL, mode, got);
    try {
      for (byte[] piece : pieces) {
        parser.feed(piece, 0, piece.length);
      }
    } catch (StreamError e) {
      error = e;
    }
    if (error != null) {
      assertThat(error.condition()).isNotNull();
      assertThat(error.toElement().toXml()).contains(error.condition().elementName());
    }
    assertThat(got.headers).hasSizeLessThanOrEqualTo(1);
    if (got.closed) {
      assertThat(parser.isDone()).isTrue();
    }
    for (Element stanza : got.elements) {
      assertWithinLimits(stanza, 1);
      assertThat(charactersIn(stanza)).isLessThanOrEqualTo(SMALL.maxStanzaBytes());
      assertReparsesToItself(stanza);
    }
  }

  /**
   * The same bytes fed whole and fed in pieces give the same stanzas, whenever both parses end
   * without an error: where TCP or a WebSocket proxy cuts a stream must not change what it says.
   */
  @FuzzTest
  void cuttingAStreamChangesNothing(FuzzedDataProvider data) {
    int[] cuts = data.consumeInts(4);
    byte[] stream = data.consumeRemainingAsBytes();
    Outcome whole = parse(List.of(stream));
    List<byte[]> pieces = new ArrayList<>();
    int at = 0;
    for (int cut : cuts) {
      int next = stream.length == 0 ? 0 : at + Math.floorMod(cut, stream.length - at + 1);
      pieces.add(java.util.Arrays.copyOfRange(stream, at, next));
      at = next;
    }
    pieces.add(java.util.Arrays.copyOfRange(stream, at, stream.length));
    Outcome split = parse(pieces);
    if (whole.error() == null && split.error() == null) {
      assertThat(split.elements()).isEqualTo(whole.elements());
      assertThat(split.closed()).isEqualTo(whole.closed());
    }
    // A stanza delivered before an error in one parse was delivered in the other as well, in order.
    List<String> shorter =
        whole.elements().size() <= split.elements().size() ? whole.elements() : split.elements();
    List<String> longer = shorter == whole.elements() ? split.elements() : whole.elements();
    assertThat(longer.subList(0, shorter.size())).isEqualTo(shorter);
  }

  private static Outcome parse(List<byte[]> pieces) {
    XmlStreamParserTest.Recorder got = new XmlStreamParserTest.Recorder();
    XmlStreamParser parser = new XmlStreamParser(SMALL, Mode.STREAM, got);
    StreamError error = null;
    try {
      for (byte[] piece : pieces) {
        parser.feed(piece, 0, piece.length);
      }
    } catch (StreamError e) {
      error = e;
    }
    return new Outcome(got.elements.stream().map(Element::toXml).toList(), error, got.closed);
  }

  private static void assertWithinLimits(Element e, int depth) {
    assertThat(depth).isLessThanOrEqualTo(SMALL.maxDepth());
    assertThat(e.attributeCount()).isLessThanOrEqualTo(SMALL.maxAttributes());
    for (Element child : e.elements()) {
      assertWithinLimits(child, depth + 1);
    }
  }

  /** A lower bound on the stanza's bytes on the wire: every character took at least one. */
  private static int charactersIn(Element e) {
    int n = e.name().length();
    for (int i = 0; i < e.attributeCount(); i++) {
      n += e.attributeValue(i).length();
    }
    for (Object node : e.nodes()) {
      n += node instanceof Element child ? charactersIn(child) : node.toString().length();
    }
    return n;
  }

  private static void assertReparsesToItself(Element stanza) {
    XmlStreamParserTest.Recorder again = new XmlStreamParserTest.Recorder();
    XmlStreamParser parser = new XmlStreamParser(ParserLimits.DEFAULT, Mode.FRAMED, again);
    byte[] written = XmlWriter.write(stanza, Namespaces.CLIENT).getBytes(UTF_8);
    try {
      parser.feed(written, 0, written.length);
    } catch (StreamError e) {
      throw new AssertionError("the writer's output does not parse: " + e, e);
    }
    assertThat(again.elements).hasSize(1);
    assertThat(again.elements.get(0).toXml()).isEqualTo(stanza.toXml());
  }
}
