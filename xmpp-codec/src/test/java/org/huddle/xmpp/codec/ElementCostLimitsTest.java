package org.huddle.xmpp.codec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.huddle.xmpp.codec.XmlStreamParserTest.HEADER;

import org.huddle.xmpp.codec.StreamError.Condition;
import org.huddle.xmpp.codec.XmlStreamParser.Mode;
import org.huddle.xmpp.codec.XmlStreamParserTest.Recorder;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Namespace declarations count with attributes on each element, and are bounded per stanza; the
 * parser measures its work. Real Jitsi traffic stays far inside the defaults.
 */
class ElementCostLimitsTest {
  final Recorder recorder = new Recorder();

  XmlStreamParser parser(ParserLimits limits) {
    return new XmlStreamParser(limits, Mode.STREAM, recorder);
  }

  static StreamError errorOf(XmlStreamParser p, String doc) {
    byte[] b = doc.getBytes(UTF_8);
    try {
      p.feed(b, 0, b.length);
    } catch (StreamError e) {
      return e;
    }
    return null;
  }

  static String declarations(int from, int count) {
    StringBuilder sb = new StringBuilder();
    for (int i = from; i < from + count; i++) {
      sb.append(" xmlns:p").append(i).append("='urn:p'");
    }
    return sb.toString();
  }

  static String attributes(int count) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < count; i++) {
      sb.append(" a").append(i).append("='v'");
    }
    return sb.toString();
  }

  @Nested
  class PerElement {
    @Test
    void elevenThousandDeclarationsOnOneElementAreAPolicyViolation() {
      StreamError e =
          errorOf(
              parser(ParserLimits.DEFAULT),
              HEADER + "<presence><x" + declarations(0, 11_000) + "/></presence>");
      assertThat(e).isNotNull();
      assertThat(e.condition()).isEqualTo(Condition.POLICY_VIOLATION);
      assertThat(e.getMessage()).contains("64 attributes and namespace declarations");
      assertThat(recorder.elements).isEmpty();
    }

    @Test
    void stopsAtTheFirstDeclarationPastTheLimitLongBeforeTheTagEnds() {
      String upToLimit = HEADER + "<presence><x" + declarations(0, 64) + " xmlns:p64=";
      byte[] doc = (upToLimit + "'urn:p'" + declarations(65, 10_000) + "/>").getBytes(UTF_8);
      XmlStreamParser p = parser(ParserLimits.DEFAULT);
      int fed = 0;
      StreamError error = null;
      try {
        for (; fed < doc.length; fed++) {
          p.feed(doc, fed, 1);
        }
      } catch (StreamError e) {
        error = e;
      }
      assertThat(error).isNotNull();
      assertThat(error.condition()).isEqualTo(Condition.POLICY_VIOLATION);
      assertThat(fed).as("refused at the quote of the 65th").isEqualTo(upToLimit.length());
    }

    @Test
    void countsAttributesAndDeclarationsTogether() {
      assertThat(
              errorOf(
                  parser(ParserLimits.DEFAULT),
                  HEADER + "<message" + attributes(40) + declarations(0, 25) + "/>"))
          .extracting(StreamError::condition)
          .isEqualTo(Condition.POLICY_VIOLATION);
    }

    @Test
    void acceptsExactlyTheLimit() {
      assertThat(
              errorOf(
                  parser(ParserLimits.DEFAULT),
                  HEADER + "<message" + attributes(40) + declarations(0, 24) + "/>"))
          .isNull();
      assertThat(recorder.elements).hasSize(1);
    }

    @Test
    void aStreamHeaderWithTooManyDeclarationsIsAPolicyViolation() {
      String header =
          "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'"
              + declarations(0, 100)
              + ">";
      assertThat(errorOf(parser(ParserLimits.DEFAULT), header))
          .extracting(StreamError::condition)
          .isEqualTo(Condition.POLICY_VIOLATION);
      assertThat(recorder.headers).isEmpty();
    }

    @Test
    void quotesInTextCdataAndValuesAreNotAttributes() {
      String noisy =
          "<message a='>' b=\"'\"><body>it's \"quoted\" = 'fine' "
              + "'x'".repeat(100)
              + "</body><x xmlns='urn:x'><![CDATA[<y"
              + attributes(100)
              + ">]]></x></message>";
      assertThat(errorOf(parser(ParserLimits.DEFAULT), HEADER + noisy)).isNull();
      assertThat(recorder.elements).hasSize(1);
      assertThat(recorder.elements.get(0).attr("a")).isEqualTo(">");
    }
  }

  @Nested
  class PerStanza {
    final ParserLimits hundred =
        new ParserLimits(256 * 1024, 32, 64, 100, 4096, ParseBudget.Limits.NONE);

    static String stanzaWithDeclarations(int n) {
      StringBuilder sb = new StringBuilder("<iq type='set' id='j'>");
      for (int i = 0; i < n; i++) {
        sb.append("<source xmlns='urn:source:").append(i).append("'/>");
      }
      return sb.append("</iq>").toString();
    }

    @Test
    void oneDeclarationMoreThanTheLimitIsAPolicyViolation() {
      StreamError e = errorOf(parser(hundred), HEADER + stanzaWithDeclarations(101));
      assertThat(e).isNotNull();
      assertThat(e.condition()).isEqualTo(Condition.POLICY_VIOLATION);
      assertThat(e.getMessage()).contains("100 namespace declarations in one stanza");
    }

    @Test
    void theDefaultRefusesElevenThousandSpreadOverChildren() {
      assertThat(errorOf(parser(ParserLimits.DEFAULT), HEADER + stanzaWithDeclarations(11_000)))
          .extracting(StreamError::condition)
          .isEqualTo(Condition.POLICY_VIOLATION);
    }

    @Test
    void theCountStartsAfreshForEachStanza() {
      String two = stanzaWithDeclarations(100) + stanzaWithDeclarations(100);
      assertThat(errorOf(parser(hundred), HEADER + two)).isNull();
      assertThat(recorder.elements).hasSize(2);
    }

    @Test
    void theStreamHeadersDeclarationsDoNotCount() {
      String header =
          "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'"
              + declarations(0, 50)
              + ">";
      assertThat(errorOf(parser(hundred), header + stanzaWithDeclarations(100))).isNull();
      assertThat(recorder.elements).hasSize(1);
    }
  }

  @Nested
  class DistinctNames {
    final ParserLimits hundred =
        new ParserLimits(256 * 1024, 32, 64, 4096, 100, ParseBudget.Limits.NONE);

    static String madeUpNames(int from, int count) {
      StringBuilder sb = new StringBuilder("<message>");
      for (int i = from; i < from + count; i++) {
        sb.append("<n").append(i).append("/>");
      }
      return sb.append("</message>").toString();
    }

    @Test
    void aStanzaOfThirtyThousandMadeUpNamesIsAPolicyViolation() {
      StreamError e = errorOf(parser(ParserLimits.DEFAULT), HEADER + madeUpNames(0, 30_000));
      assertThat(e).isNotNull();
      assertThat(e.condition()).isEqualTo(Condition.POLICY_VIOLATION);
      assertThat(e.getMessage()).contains("4096 distinct element and attribute names");
      assertThat(recorder.elements).isEmpty();
    }

    @Test
    void aStreamThatKeepsInventingNamesIsRefusedOnceItPassesTheLimit() {
      XmlStreamParser p = parser(hundred);
      StreamError e = null;
      for (int s = 0; s < 100 && e == null; s++) {
        e = errorOf(p, (s == 0 ? HEADER : "") + madeUpNames(s * 10, 10));
      }
      assertThat(e).isNotNull();
      // header: stream:stream, xmlns, xmlns:stream, to, version; each stanza: 10 names
      assertThat(recorder.elements).hasSize(9);
    }

    @Test
    void prefixesMakeDistinctNames() {
      StringBuilder sb = new StringBuilder("<message><x" + declarations(0, 50) + ">");
      for (int i = 0; i < 50; i++) {
        sb.append("<p").append(i).append(":a/>");
      }
      StreamError e = errorOf(parser(hundred), HEADER + sb + "</x></message>");
      assertThat(e).extracting(StreamError::condition).isEqualTo(Condition.POLICY_VIOLATION);
    }

    @Test
    void aRestartedStreamStartsCountingAfresh() throws Exception {
      XmlStreamParser p = parser(hundred);
      assertThat(errorOf(p, HEADER + madeUpNames(0, 80))).isNull();
      p.reset();
      assertThat(errorOf(p, HEADER + madeUpNames(1000, 80))).isNull();
      assertThat(recorder.elements).hasSize(2);
    }

    @Test
    void thousandsOfJitsiPresencesUseFewNames() {
      XmlStreamParser p = parser(hundred);
      assertThat(errorOf(p, HEADER)).isNull();
      for (int i = 0; i < 2000; i++) {
        assertThat(errorOf(p, RealTraffic.JITSI_PRESENCE)).isNull();
      }
      assertThat(recorder.elements).hasSize(2000);
    }
  }

  @Nested
  class RealTraffic {
    /** A lib-jitsi-meet MUC presence: the busiest stanza a Jitsi client sends regularly. */
    static final String JITSI_PRESENCE =
        "<presence to='room@muc.meet.jitsi/4a1b2c3d' xmlns='jabber:client'>"
            + "<x xmlns='http://jabber.org/protocol/muc'/>"
            + "<stats-id>Elwin-9aR</stats-id>"
            + "<region id='eu-west' xmlns='http://jitsi.org/jitsi-meet'/>"
            + "<c hash='sha-1' node='https://jitsi.org/jitsi-meet' ver='cvjWXufsg4xT62Ec2mlATkFZ9lk='"
            + " xmlns='http://jabber.org/protocol/caps'/>"
            + "<jitsi_participant_codecList>av1,vp9,vp8,h264</jitsi_participant_codecList>"
            + "<videomuted>false</videomuted><audiomuted>true</audiomuted>"
            + "<SourceInfo>{\"4a1b2c3d-a0\":{\"muted\":true},\"4a1b2c3d-v0\":{\"muted\":false}}"
            + "</SourceInfo>"
            + "<nick xmlns='http://jabber.org/protocol/nick'>Ada</nick>"
            + "<features><feature var='https://jitsi.org/meet/e2ee'/></features>"
            + "<identity xmlns='urn:xmpp:jitsi:identity'><user><id>1</id></user></identity>"
            + "<jitsi_participant_region>eu-west</jitsi_participant_region>"
            + "<flip_x xmlns='http://jitsi.org/jitmeet'/>"
            + "<e2ee-idkey xmlns='https://jitsi.org/meet/e2ee'>key</e2ee-idkey>"
            + "<transcription-status xmlns='http://jitsi.org/protocol/transcription'/>"
            + "<occupant-id xmlns='urn:xmpp:occupant-id:0' id='abc'/>"
            + "</presence>";

    @Test
    void aJitsiPresencePasses() {
      assertThat(errorOf(parser(ParserLimits.DEFAULT), HEADER + JITSI_PRESENCE)).isNull();
      assertThat(recorder.elements).extracting(Element::name).containsExactly("presence");
    }

    /** Jicofo's session-initiate repeats declarations on every source of every participant. */
    static String sessionInitiate(int participants) {
      StringBuilder sb =
          new StringBuilder(
              "<iq type='set' id='si' to='a@meet.jitsi/x'>"
                  + "<jingle xmlns='urn:xmpp:jingle:1' action='session-initiate' sid='s1'>"
                  + "<content name='video' creator='initiator' senders='both'>"
                  + "<description xmlns='urn:xmpp:jingle:apps:rtp:1' media='video'>"
                  + "<payload-type id='100' name='VP8' clockrate='90000'>"
                  + "<rtcp-fb xmlns='urn:xmpp:jingle:apps:rtp:rtcp-fb:0' type='ccm' subtype='fir'/>"
                  + "<rtcp-fb xmlns='urn:xmpp:jingle:apps:rtp:rtcp-fb:0' type='nack'/>"
                  + "</payload-type>");
      for (int p = 0; p < participants; p++) {
        for (int s = 0; s < 7; s++) {
          sb.append("<source xmlns='urn:xmpp:jingle:apps:rtp:ssma:0' ssrc='")
              .append(p * 10 + s)
              .append("' name='ep")
              .append(p)
              .append("-v0'><ssrc-info xmlns='http://jitsi.org/jitmeet' owner='room@muc/ep")
              .append(p)
              .append("'/><parameter name='msid' value='ep")
              .append(p)
              .append("-video-0'/></source>");
        }
        for (int g = 0; g < 4; g++) {
          sb.append("<ssrc-group xmlns='urn:xmpp:jingle:apps:rtp:ssma:0' semantics='FID'>")
              .append("<source ssrc='1'/><source ssrc='2'/></ssrc-group>");
        }
      }
      return sb.append("</description></content></jingle></iq>").toString();
    }

    @Test
    void aSessionInitiateForAHundredParticipantsPasses() {
      String iq = sessionInitiate(100);
      assertThat(iq.length()).as("still under the stanza size limit").isLessThan(256 * 1024);
      assertThat(errorOf(parser(ParserLimits.DEFAULT), HEADER + iq)).isNull();
      assertThat(recorder.elements).hasSize(1);
    }

    @Test
    void aLargeButLegalMessagePasses() {
      String body = "lorem ipsum ".repeat(20_000);
      assertThat(
              errorOf(
                  parser(ParserLimits.DEFAULT),
                  HEADER
                      + "<message to='room@muc.meet.jitsi' type='groupchat'><body>"
                      + body
                      + "</body></message>"))
          .isNull();
      assertThat(recorder.elements.get(0).childText("body", Namespaces.CLIENT)).isEqualTo(body);
    }
  }

  @Nested
  class Work {
    @Test
    void isOneUnitAByteAndMoreForEachElementAndAttribute() throws Exception {
      XmlStreamParser p = parser(ParserLimits.DEFAULT);
      String stanza = "<message id='1' xmlns:j='urn:j'><body j:x='2'>hi</body></message>";
      byte[] b = (HEADER + stanza).getBytes(UTF_8);
      p.feed(b, 0, b.length);
      // the header: 1 element, 4 attributes and declarations; the stanza: 2 elements, 3
      long expected =
          b.length
              + 3 * StartTagCounter.ELEMENT_WEIGHT
              + (4 + 3) * StartTagCounter.ATTRIBUTE_WEIGHT;
      assertThat(p.work()).isEqualTo(expected);
    }

    @Test
    void keepsCountingAcrossStreamRestarts() throws Exception {
      XmlStreamParser p = parser(ParserLimits.DEFAULT);
      byte[] b = (HEADER + "<auth/>").getBytes(UTF_8);
      p.feed(b, 0, b.length);
      long first = p.work();
      p.reset();
      p.feed(b, 0, b.length);
      assertThat(p.work()).isEqualTo(2 * first);
    }
  }
}
