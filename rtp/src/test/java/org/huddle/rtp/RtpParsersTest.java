package org.huddle.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.huddle.rtp.testkit.MediaFactory;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RtpParsersTest {
  @Nested
  class Demux {
    @ParameterizedTest(name = "first byte {0} is {1}")
    @CsvSource({
      "0, STUN",
      "3, STUN",
      "4, UNKNOWN",
      "16, ZRTP",
      "19, ZRTP",
      "20, DTLS",
      "22, DTLS",
      "63, DTLS",
      "64, TURN_CHANNEL",
      "79, TURN_CHANNEL",
      "80, UNKNOWN",
      "127, UNKNOWN",
      "192, UNKNOWN",
      "255, UNKNOWN"
    })
    void classifiesByTheFirstByteAsRfc7983Tables(int first, PacketClass expected) {
      byte[] b = {(byte) first, 0, 0, 0};
      assertThat(PacketClass.of(b, 0, b.length)).isEqualTo(expected);
    }

    @Test
    void tellsRtcpFromRtpByPayloadTypeAsRfc5761Says() {
      assertThat(PacketClass.of(new byte[] {(byte) 0x80, (byte) 200}, 0, 2))
          .isEqualTo(PacketClass.RTCP);
      assertThat(PacketClass.of(new byte[] {(byte) 0x80, (byte) 206}, 0, 2))
          .isEqualTo(PacketClass.RTCP);
      assertThat(PacketClass.of(new byte[] {(byte) 0x80, 111}, 0, 2)).isEqualTo(PacketClass.RTP);
      assertThat(PacketClass.of(new byte[] {(byte) 0x80, (byte) (0x80 | 100)}, 0, 2))
          .isEqualTo(PacketClass.RTP);
    }

    @Test
    void anEmptyOrOneByteRtpRangeDatagramIsUnknown() {
      assertThat(PacketClass.of(new byte[0], 0, 0)).isEqualTo(PacketClass.UNKNOWN);
      assertThat(PacketClass.of(new byte[] {(byte) 0x80}, 0, 1)).isEqualTo(PacketClass.UNKNOWN);
    }
  }

  @Nested
  class Headers {
    final byte[] audio =
        MediaFactory.audio(0xdeadbeefL, 65535, 123456789L, 42, 7, new byte[] {1, 2, 3});

    @Test
    void readsTheFixedHeader() {
      assertThat(RtpHeader.isValid(audio, 0, audio.length)).isTrue();
      assertThat(RtpHeader.ssrc(audio, 0)).isEqualTo(0xdeadbeefL);
      assertThat(RtpHeader.sequenceNumber(audio, 0)).isEqualTo(65535);
      assertThat(RtpHeader.timestamp(audio, 0)).isEqualTo(123456789L);
      assertThat(RtpHeader.payloadType(audio, 0)).isEqualTo(MediaFactory.OPUS_PT);
      assertThat(RtpHeader.payloadLength(audio, 0, audio.length)).isEqualTo(3);
    }

    @Test
    void findsOneByteHeaderExtensions() {
      assertThat(AudioLevel.read(audio, 0, audio.length, MediaFactory.AUDIO_LEVEL_ID))
          .isEqualTo(42);
      assertThat(TransportCc.readSequence(audio, 0, audio.length, MediaFactory.TRANSPORT_CC_ID))
          .isEqualTo(7);
      assertThat(AudioLevel.read(audio, 0, audio.length, 9)).isEqualTo(-1);
    }

    @Test
    void findsTwoByteHeaderExtensions() {
      byte[] b = new byte[12 + 4 + 4 + 2];
      RtpHeader.write(b, 0, false, 96, 1, 1, 1);
      b[0] |= 0x10;
      Bytes.put16(b, 12, 0x1000);
      Bytes.put16(b, 14, 1);
      b[16] = 3; // id
      b[17] = 1; // length
      b[18] = (byte) 0x85;
      assertThat(AudioLevel.read(b, 0, b.length, 3)).isEqualTo(5);
    }

    @Test
    void rewritesSequenceNumberTimestampAndSsrcInPlace() {
      byte[] b = audio.clone();
      RtpHeader.setSequenceNumber(b, 0, 7);
      RtpHeader.setTimestamp(b, 0, 0xffffffffL);
      RtpHeader.setSsrc(b, 0, 1);
      assertThat(RtpHeader.sequenceNumber(b, 0)).isEqualTo(7);
      assertThat(RtpHeader.timestamp(b, 0)).isEqualTo(0xffffffffL);
      assertThat(RtpHeader.ssrc(b, 0)).isEqualTo(1);
    }

    @Test
    void rejectsTruncatedHeadersWrongVersionsAndImpossiblePadding() {
      for (int len = 0; len < audio.length - 3; len++) {
        assertThat(RtpHeader.isValid(audio, 0, Math.min(len, 15))).isFalse();
      }
      byte[] v1 = audio.clone();
      v1[0] = (byte) ((v1[0] & 0x3f) | 0x40);
      assertThat(RtpHeader.isValid(v1, 0, v1.length)).isFalse();
      byte[] pad = audio.clone();
      pad[0] |= 0x20;
      pad[pad.length - 1] = (byte) 200;
      assertThat(RtpHeader.isValid(pad, 0, pad.length)).isFalse();
      byte[] ext = audio.clone();
      Bytes.put16(ext, 14, 1000); // extension longer than the packet
      assertThat(RtpHeader.isValid(ext, 0, ext.length)).isFalse();
    }

    @Test
    void sequenceNumbersCompareAcrossTheWrap() {
      assertThat(Bytes.seqNewer(0, 65535)).isTrue();
      assertThat(Bytes.seqNewer(65535, 0)).isFalse();
      assertThat(Bytes.seqDelta(2, 65534)).isEqualTo(4);
    }
  }

  @Nested
  class Vp8 {
    final byte[] key = MediaFactory.vp8(1, 1, 1, 12345, 7, true, 1280, 720, 1, new byte[] {9});
    final byte[] delta = MediaFactory.vp8(1, 2, 2, 12346, 8, false, 0, 0, 2, new byte[] {9});

    int payload(byte[] b) {
      return RtpHeader.headerLength(b, 0, b.length);
    }

    int payloadLen(byte[] b) {
      return RtpHeader.payloadLength(b, 0, b.length);
    }

    @Test
    void recognisesKeyFramesAndTheirHeight() {
      assertThat(Vp8Descriptor.isKeyFrame(key, payload(key), payloadLen(key))).isTrue();
      assertThat(Vp8Descriptor.keyFrameHeight(key, payload(key), payloadLen(key))).isEqualTo(720);
      assertThat(Vp8Descriptor.isKeyFrame(delta, payload(delta), payloadLen(delta))).isFalse();
      assertThat(Vp8Descriptor.keyFrameHeight(delta, payload(delta), payloadLen(delta)))
          .isEqualTo(-1);
    }

    @Test
    void readsAndRewritesPictureIdAndTl0PicIdx() {
      byte[] b = key.clone();
      assertThat(Vp8Descriptor.pictureId(b, payload(b), payloadLen(b))).isEqualTo(12345);
      assertThat(Vp8Descriptor.tl0PicIdx(b, payload(b), payloadLen(b))).isEqualTo(7);
      Vp8Descriptor.setPictureId(b, payload(b), payloadLen(b), 0x7fff + 3);
      Vp8Descriptor.setTl0PicIdx(b, payload(b), payloadLen(b), 300);
      assertThat(Vp8Descriptor.pictureId(b, payload(b), payloadLen(b))).isEqualTo(2);
      assertThat(Vp8Descriptor.tl0PicIdx(b, payload(b), payloadLen(b))).isEqualTo(300 & 0xff);
      assertThat(Vp8Descriptor.hasLongPictureId(b, payload(b), payloadLen(b))).isTrue();
    }

    @Test
    void aDescriptorLongerThanThePayloadIsRejected() {
      byte[] b = {(byte) 0x90, (byte) 0xC0, (byte) 0x80};
      assertThat(Vp8Descriptor.length(b, 0, b.length)).isEqualTo(-1);
      assertThat(Vp8Descriptor.length(b, 0, 0)).isEqualTo(-1);
      assertThat(Vp8Descriptor.pictureId(b, 0, b.length)).isEqualTo(-1);
    }
  }

  @Nested
  class Rtcp_ {
    @Test
    void writesAndReadsReceiverReports() {
      byte[] b = new byte[100];
      var block = new Rtcp.ReportBlock(42, 25, -3, 70000, 12, 0x12345678L, 65536);
      int len = Rtcp.writeReceiverReport(b, 0, 7, List.of(block));
      assertThat(Rtcp.validate(b, 0, len)).isTrue();
      assertThat(Rtcp.reportBlocks(b, 0, len)).containsExactly(block);
    }

    @Test
    void packsNacksIntoPidAndBlpAndReadsThemBack() {
      byte[] b = new byte[64];
      int[] seqs = {65530, 65531, 65535, 0, 3, 100};
      int len = RtcpFeedback.writeNack(b, 0, 1, 2, seqs);
      assertThat(len).isEqualTo(12 + 4 * 2);
      assertThat(RtcpFeedback.nackedSequenceNumbers(b, 0, len))
          .containsExactly(65530, 65531, 65535, 0, 3, 100);
    }

    @Test
    void writesPliAndFirForTheRightSource() {
      byte[] b = new byte[40];
      int n = RtcpFeedback.writePli(b, 0, 1, 99);
      n += RtcpFeedback.writeFir(b, n, 1, 77, 5);
      List<String> seen = new ArrayList<>();
      assertThat(Rtcp.forEach(b, 0, n, (t, f, o, l) -> seen.add(t + "/" + f))).isTrue();
      assertThat(seen).containsExactly("206/1", "206/4");
      assertThat(Rtcp.mediaSsrc(b, 0)).isEqualTo(99);
      assertThat(RtcpFeedback.firTargetSsrc(b, 12, 20)).isEqualTo(77);
    }

    @Test
    void rejectsCompoundsWithBadLengthsOrVersions() {
      byte[] b = new byte[40];
      int len = RtcpFeedback.writePli(b, 0, 1, 2);
      assertThat(Rtcp.validate(b, 0, len - 1)).isFalse();
      b[2] = 0x7f; // length runs past the end
      assertThat(Rtcp.validate(b, 0, len)).isFalse();
      assertThat(Rtcp.validate(new byte[] {0x40, (byte) 200, 0, 1, 0, 0, 0, 0}, 0, 8)).isFalse();
      assertThat(Rtcp.validate(new byte[3], 0, 3)).isFalse();
    }

    @Test
    void transportCcFeedbackRoundTripsArrivalsAndLosses() {
      long[] arrivals = {1_000_000, -1, 1_000_250, 1_010_000, -1, 900_000, 5_000_000};
      byte[] b = new byte[200];
      int len = TransportCc.write(b, 0, 1, 2, 65534, arrivals, 3);
      assertThat(Rtcp.validate(b, 0, len)).isTrue();
      List<Long> times = new ArrayList<>();
      List<Integer> seqs = new ArrayList<>();
      assertThat(
              TransportCc.read(
                  b,
                  0,
                  len,
                  (s, t) -> {
                    seqs.add(s);
                    times.add(t);
                  }))
          .isTrue();
      assertThat(seqs).containsExactly(65534, 65535, 0, 1, 2, 3, 4);
      for (int i = 0; i < arrivals.length; i++) {
        if (arrivals[i] < 0) {
          assertThat(times.get(i)).isEqualTo(-1);
        } else if (i > 0) {
          // Relative times survive, to the 250 us resolution.
          long expected = arrivals[i] - arrivals[0];
          assertThat(times.get(i) - times.get(0)).isBetween(expected - 250, expected + 250);
        }
      }
    }
  }

  @Nested
  class HostileInput {
    /** Every parser, on seeded random bytes of every length up to 200: no exceptions, ever. */
    @Test
    void noParserThrowsOnRandomBytes() {
      Random r = new Random(4242);
      for (int i = 0; i < 20_000; i++) {
        byte[] b = new byte[r.nextInt(200)];
        r.nextBytes(b);
        if (b.length > 0 && r.nextBoolean()) {
          b[0] = (byte) (0x80 | (b[0] & 0x3f)); // make it look like RTP more often
        }
        PacketClass.of(b, 0, b.length);
        if (RtpHeader.isValid(b, 0, b.length)) {
          int p = RtpHeader.headerLength(b, 0, b.length);
          int pl = RtpHeader.payloadLength(b, 0, b.length);
          AudioLevel.read(b, 0, b.length, 1 + r.nextInt(14));
          TransportCc.readSequence(b, 0, b.length, 1 + r.nextInt(14));
          Vp8Descriptor.isKeyFrame(b, p, pl);
          Vp8Descriptor.keyFrameHeight(b, p, pl);
          Vp8Descriptor.pictureId(b, p, pl);
          Vp8Descriptor.tl0PicIdx(b, p, pl);
        }
        Rtcp.forEach(
            b,
            0,
            b.length,
            (t, f, o, l) -> {
              if (t == Rtcp.RTPFB && f == 1) {
                RtcpFeedback.nackedSequenceNumbers(b, o, l);
              } else if (t == Rtcp.RTPFB && f == 15) {
                TransportCc.read(b, o, l, (s, a) -> {});
              } else if (t == Rtcp.RR || t == Rtcp.SR) {
                Rtcp.reportBlocks(b, o, l);
              }
            });
      }
    }
  }
}
