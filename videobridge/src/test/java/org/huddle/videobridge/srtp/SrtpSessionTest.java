package org.huddle.videobridge.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.huddle.rtp.RtpHeader;
import org.huddle.videobridge.packet.Packet;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SrtpSessionTest {
  static SrtpKeys[] pair(SrtpProfile profile) {
    byte[] material = new byte[SrtpKeys.materialLength(profile)];
    for (int i = 0; i < material.length; i++) {
      material[i] = (byte) (i * 7 + 3);
    }
    return new SrtpKeys[] {
      SrtpKeys.fromKeyingMaterial(profile, material, true),
      SrtpKeys.fromKeyingMaterial(profile, material, false)
    };
  }

  static Packet rtp(long ssrc, int seq) {
    byte[] b = new byte[12 + 100];
    RtpHeader.write(b, 0, false, 100, seq, seq * 3000L, ssrc);
    Arrays.fill(b, 12, b.length, (byte) seq);
    return Packet.copyOf(b, 0, b.length);
  }

  @Nested
  class RoundTrips {
    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void manyPacketsDecryptToWhatWasSent(SrtpProfile profile) {
      SrtpKeys[] keys = pair(profile);
      try (SrtpSession client = new SrtpSession(keys[0]);
          SrtpSession server = new SrtpSession(keys[1])) {
        for (int seq = 0; seq < 300; seq++) {
          Packet p = rtp(1234, seq);
          byte[] plain = p.toByteArray();
          assertThat(client.protectRtp(p)).as("protect %d", seq).isTrue();
          assertThat(p.length()).isGreaterThan(plain.length);
          assertThat(server.unprotectRtp(p)).isEqualTo(SrtpSession.Result.OK);
          assertThat(p.toByteArray()).isEqualTo(plain);
        }
      }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void manySsrcsInterleavedEachKeepTheirOwnContext(SrtpProfile profile) {
      // more SSRCs than the send side's fast slots, each across a sequence number wrap
      SrtpKeys[] keys = pair(profile);
      try (SrtpSession client = new SrtpSession(keys[0]);
          SrtpSession server = new SrtpSession(keys[1])) {
        for (int k = 0; k < 6; k++) {
          for (long ssrc = 1; ssrc <= 12; ssrc++) {
            Packet p = rtp(ssrc * 1000, (65533 + k) & 0xffff);
            byte[] plain = p.toByteArray();
            assertThat(client.protectRtp(p)).isTrue();
            assertThat(server.unprotectRtp(p))
                .as("ssrc %d, packet %d", ssrc, k)
                .isEqualTo(SrtpSession.Result.OK);
            assertThat(p.toByteArray()).isEqualTo(plain);
          }
        }
      }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rtcpCompoundsRoundTripAndTamperedOnesFail(SrtpProfile profile) {
      SrtpKeys[] keys = pair(profile);
      try (SrtpSession client = new SrtpSession(keys[0]);
          SrtpSession server = new SrtpSession(keys[1])) {
        for (int i = 0; i < 50; i++) {
          byte[] rr = new byte[8 + 24];
          org.huddle.rtp.Rtcp.writeReceiverReport(
              rr,
              0,
              77,
              java.util.List.of(new org.huddle.rtp.Rtcp.ReportBlock(1, i, i, i, i, i, i)));
          Packet p = Packet.copyOf(rr, 0, rr.length);
          assertThat(client.protectRtcp(p)).isTrue();
          assertThat(p.length()).isGreaterThan(rr.length);
          byte[] wire = p.toByteArray();
          assertThat(server.unprotectRtcp(p)).isEqualTo(SrtpSession.Result.OK);
          assertThat(p.toByteArray()).isEqualTo(rr);
          wire[10] ^= 1;
          assertThat(server.unprotectRtcp(Packet.copyOf(wire, 0, wire.length)))
              .isNotEqualTo(SrtpSession.Result.OK);
        }
      }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void aReplayedPacketIsRejected(SrtpProfile profile) {
      SrtpKeys[] keys = pair(profile);
      try (SrtpSession client = new SrtpSession(keys[0]);
          SrtpSession server = new SrtpSession(keys[1])) {
        Packet p = rtp(1, 10);
        client.protectRtp(p);
        byte[] wire = p.toByteArray();
        assertThat(server.unprotectRtp(Packet.copyOf(wire, 0, wire.length)))
            .isEqualTo(SrtpSession.Result.OK);
        assertThat(server.unprotectRtp(Packet.copyOf(wire, 0, wire.length)))
            .isEqualTo(SrtpSession.Result.REPLAYED);
      }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void aTamperedPacketFailsAuthenticationAndLeavesNoContextBehind(SrtpProfile profile) {
      SrtpKeys[] keys = pair(profile);
      try (SrtpSession client = new SrtpSession(keys[0]);
          SrtpSession server = new SrtpSession(keys[1])) {
        for (int i = 0; i < 1000; i++) {
          Packet p = rtp(100_000 + i, 1);
          client.protectRtp(p);
          p.buffer()[p.offset() + 20] ^= 1;
          assertThat(server.unprotectRtp(p)).isEqualTo(SrtpSession.Result.AUTH_FAILED);
        }
        assertThat(server.receiveContextCount()).isZero();
      }
    }
  }
}
