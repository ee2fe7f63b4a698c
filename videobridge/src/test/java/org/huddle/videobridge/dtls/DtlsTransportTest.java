package org.huddle.videobridge.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.huddle.videobridge.srtp.SrtpKeys;
import org.huddle.videobridge.srtp.SrtpProfile;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Two real DTLS 1.2 associations (BouncyCastle), their records handed across in memory: the roles
 * from {@code setup}, the fingerprint check of RFC 5763 §5, and the keys of RFC 5764 §4.2.
 */
class DtlsTransportTest {
  static final DtlsCertificate A =
      DtlsCertificate.generate(DtlsTransport.crypto(), "a", Duration.ofDays(1));
  static final DtlsCertificate B =
      DtlsCertificate.generate(DtlsTransport.crypto(), "b", Duration.ofDays(1));

  /** Two associations wired to each other. */
  static final class Pair implements AutoCloseable {
    DtlsTransport a;
    DtlsTransport b;

    Pair() {
      a = new DtlsTransport(A, r -> b.receive(r, 0, r.length), Duration.ofSeconds(10));
      b = new DtlsTransport(B, r -> a.receive(r, 0, r.length), Duration.ofSeconds(10));
    }

    @Override
    public void close() {
      a.close();
      b.close();
    }
  }

  @Nested
  class Certificates {
    @Test
    void theFingerprintIsSha256InUpperCaseHexPairs() {
      assertThat(A.fingerprint()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
      assertThat(A.fingerprint()).isNotEqualTo(B.fingerprint());
      assertThat(DtlsCertificate.matches(A.fingerprint().toLowerCase(), A.fingerprint())).isTrue();
    }

    @Test
    void theRoleFollowsTheRemoteSetupAttribute() {
      assertThat(DtlsRole.fromRemoteSetup("active")).isEqualTo(DtlsRole.SERVER);
      assertThat(DtlsRole.fromRemoteSetup("passive")).isEqualTo(DtlsRole.CLIENT);
      assertThat(DtlsRole.fromRemoteSetup("actpass")).isEqualTo(DtlsRole.CLIENT);
    }
  }

  @Nested
  class Handshakes {
    @Test
    void bothSidesDeriveMirroredSrtpKeysWithTheAeadProfile() throws Exception {
      try (Pair p = new Pair()) {
        p.a.setRemoteFingerprint("sha-256", B.fingerprint());
        p.b.setRemoteFingerprint("sha-256", A.fingerprint());
        p.b.start(DtlsRole.SERVER);
        p.a.start(DtlsRole.CLIENT);
        SrtpKeys client = p.a.keys().get(20, TimeUnit.SECONDS);
        SrtpKeys server = p.b.keys().get(20, TimeUnit.SECONDS);
        assertThat(client.profile()).isEqualTo(SrtpProfile.AEAD_AES_128_GCM);
        assertThat(client.localKey()).isEqualTo(server.remoteKey());
        assertThat(client.localSalt()).isEqualTo(server.remoteSalt());
        assertThat(client.remoteKey()).isEqualTo(server.localKey());
        assertThat(client.localKey()).isNotEqualTo(client.remoteKey());
      }
    }

    @Test
    void aPeerWhoseCertificateDoesNotMatchTheSignalledFingerprintIsRefused() {
      try (Pair p = new Pair()) {
        p.a.setRemoteFingerprint("sha-256", B.fingerprint());
        p.b.setRemoteFingerprint("sha-256", B.fingerprint()); // wrong: a presents A
        p.b.start(DtlsRole.SERVER);
        p.a.start(DtlsRole.CLIENT);
        assertThatThrownBy(() -> p.b.keys().get(20, TimeUnit.SECONDS))
            .isInstanceOf(ExecutionException.class);
        assertThatThrownBy(() -> p.a.keys().get(20, TimeUnit.SECONDS))
            .isInstanceOf(ExecutionException.class);
      }
    }

    @Test
    void anUnsupportedFingerprintHashIsRefused() {
      try (Pair p = new Pair()) {
        p.a.setRemoteFingerprint("sha-256", B.fingerprint());
        p.b.setRemoteFingerprint("md5", "00:11");
        p.b.start(DtlsRole.SERVER);
        p.a.start(DtlsRole.CLIENT);
        assertThatThrownBy(() -> p.b.keys().get(20, TimeUnit.SECONDS))
            .isInstanceOf(ExecutionException.class);
      }
    }
  }
}
