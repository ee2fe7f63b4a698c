package org.huddle.focus.source;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.huddle.focus.xml.Xml;
import org.huddle.signalling.SignallingException;
import org.huddle.signalling.WireNamespaces;
import org.huddle.signalling.colibri2.Sources;
import org.huddle.xmpp.codec.Element;

/**
 * Coverage-guided fuzzing of the focus's source signalling (docs/fuzzing.md): the sources of a
 * participant's Jingle (XEP-0339 elements and Jitsi's {@code json-message}), read as the focus
 * reads a session-accept or source-add, and written back in each form the focus sends on.
 *
 * <p>The source elements themselves are the shared signalling module's; this target stays with the
 * focus's source model (SourceCodec), which the fuzzing exercises.
 */
class SourceCodecFuzzTest {
  /**
   * A Jingle element's sources are either refused as invalid or read into a set that reads back the
   * same from the Jingle the focus writes for the other participants, and with the same SSRCs from
   * the bridge's Colibri2 form and from the JSON form.
   */
  @FuzzTest
  void jingleSourcesAreRefusedOrSurviveEveryFormTheFocusWrites(byte[] xml) {
    Element jingle;
    try {
      jingle = Xml.parse(new String(xml, UTF_8));
    } catch (IllegalArgumentException notOneElement) {
      return;
    }
    EndpointSources read;
    try {
      read = SourceCodec.fromJingle(jingle.elements("content", WireNamespaces.JINGLE));
      Element json = jingle.child("json-message", WireNamespaces.JITMEET);
      if (json != null) {
        read = read.plus(SourceCodec.fromJson(json.text()).get("e1"));
      }
    } catch (SourceCodec.InvalidSources refused) {
      assertThat(refused.getMessage()).isNotBlank();
      return;
    }
    assertThat(read.sources()).allMatch(s -> s.ssrc() > 0 && s.ssrc() <= 0xffff_ffffL);
    SourceMap map = SourceMap.of("e1", read);

    assertThat(readBackFromJingle(map)).as("Jingle written and read back").isEqualTo(read);
    try {
      EndpointSources colibri =
          SourceCodec.fromColibri(
              Sources.parse(Xml.parse(Xml.write(SourceCodec.toColibri("e1", read).toElement()))));
      assertThat(colibri.ssrcs()).as("the bridge's form").isEqualTo(read.ssrcs());
      SourceMap json = SourceCodec.fromJson(SourceCodec.toJson(map));
      assertThat(json.get("e1").ssrcs()).as("the JSON form").isEqualTo(read.ssrcs());
    } catch (SourceCodec.InvalidSources | SignallingException e) {
      throw new AssertionError("the focus's own form does not read back: " + e.getMessage(), e);
    }
  }

  /** Any text as a json-message is refused as invalid sources or read; nothing else escapes. */
  @FuzzTest
  void aJsonMessageIsReadOrRefused(byte[] text) {
    SourceMap map;
    try {
      map = SourceCodec.fromJson(new String(text, UTF_8));
    } catch (SourceCodec.InvalidSources refused) {
      return;
    }
    for (EndpointSources set : map.owners().values()) {
      assertThat(set.sources()).allMatch(s -> s.ssrc() > 0 && s.ssrc() <= 0xffff_ffffL);
      assertThat(set.groups()).allMatch(g -> g.isSimulcast() || g.isFid());
    }
  }

  private static EndpointSources readBackFromJingle(SourceMap map) {
    Element jingle =
        new Element("jingle", WireNamespaces.JINGLE).attr("action", "source-add").attr("sid", "s1");
    for (Map.Entry<MediaType, List<Element>> e : SourceCodec.toJingle(map).entrySet()) {
      Element description =
          jingle
              .addChild("content", WireNamespaces.JINGLE)
              .attr("name", e.getKey().wire())
              .addChild("description", WireNamespaces.RTP)
              .attr("media", e.getKey().wire());
      e.getValue().forEach(description::add);
    }
    try {
      Element again = Xml.parse(Xml.write(jingle));
      return SourceCodec.fromJingle(
          new ArrayList<>(again.elements("content", WireNamespaces.JINGLE)));
    } catch (SourceCodec.InvalidSources e) {
      throw new AssertionError("the focus's own Jingle does not read back: " + e.getMessage(), e);
    }
  }
}
