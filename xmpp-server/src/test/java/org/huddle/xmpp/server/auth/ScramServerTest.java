package org.huddle.xmpp.server.auth;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.Optional;
import org.huddle.xmpp.server.api.SaslFailure;
import org.huddle.xmpp.server.api.SaslMechanism;
import org.huddle.xmpp.server.api.SaslStep;
import org.junit.jupiter.api.Test;

/** The SCRAM server replayed against the RFCs' own example exchanges. */
class ScramServerTest {
  static byte[] b64(String s) {
    return Base64.getDecoder().decode(s);
  }

  static SaslStep step(SaslMechanism m, String message) {
    return m.respond(message.getBytes(UTF_8)).toCompletableFuture().join();
  }

  static String text(SaslStep step) {
    if (step instanceof SaslStep.Challenge c) {
      return new String(c.data(), UTF_8);
    }
    if (step instanceof SaslStep.Success s) {
      return new String(s.additionalData(), UTF_8);
    }
    throw new AssertionError("unexpected " + step);
  }

  /** RFC 7677 §3: user "user", password "pencil". */
  @Test
  void completesTheRfc7677Sha256Example() {
    byte[] salt = b64("W22ZaJ0SNY7soEsUEjb6gQ==");
    Credentials creds = Credentials.derive("pencil", salt, 4096);
    ScramServer server =
        new ScramServer(
            ScramHash.SHA256,
            u -> u.equals("user") ? Optional.of(creds) : Optional.empty(),
            Runnable::run,
            () -> "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0");
    SaslStep first =
        server
            .start("n,,n=user,r=rOprNGfwEbeRWgbNEkqO".getBytes(UTF_8))
            .toCompletableFuture()
            .join();
    assertThat(text(first))
        .isEqualTo(
            "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096");
    SaslStep last =
        step(
            server,
            "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
    assertThat(last).isInstanceOf(SaslStep.Success.class);
    assertThat(((SaslStep.Success) last).username()).isEqualTo("user");
    assertThat(text(last)).isEqualTo("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
  }

  /** RFC 5802 §5: the same exchange with SHA-1. */
  @Test
  void completesTheRfc5802Sha1Example() {
    Credentials creds = Credentials.derive("pencil", b64("QSXCR+Q6sek8bf92"), 4096);
    ScramServer server =
        new ScramServer(
            ScramHash.SHA1, u -> Optional.of(creds), Runnable::run, () -> "3rfcNHYJY1ZVvWVs7j");
    SaslStep first =
        server
            .start("n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL".getBytes(UTF_8))
            .toCompletableFuture()
            .join();
    assertThat(text(first))
        .isEqualTo("r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096");
    SaslStep last =
        step(
            server,
            "c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=");
    assertThat(text(last)).isEqualTo("v=rmF9pqV8S7suAoZWja4dJRkFsKQ=");
  }

  @Test
  void refusesAWrongProofWithNotAuthorized() {
    Credentials creds = Credentials.derive("pencil", b64("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096);
    ScramServer server =
        new ScramServer(ScramHash.SHA256, u -> Optional.of(creds), Runnable::run, () -> "srv");
    server.start("n,,n=user,r=abc".getBytes(UTF_8)).toCompletableFuture().join();
    SaslStep last =
        step(server, "c=biws,r=abcsrv,p=" + Base64.getEncoder().encodeToString(new byte[32]));
    assertThat(last)
        .isInstanceOfSatisfying(
            SaslStep.Failure.class,
            f -> assertThat(f.condition()).isEqualTo(SaslFailure.NOT_AUTHORIZED));
  }

  @Test
  void answersAnUnknownUserLikeAKnownOneUntilTheProof() {
    ScramServer server =
        new ScramServer(ScramHash.SHA256, u -> Optional.empty(), Runnable::run, () -> "srv");
    SaslStep first = server.start("n,,n=ghost,r=abc".getBytes(UTF_8)).toCompletableFuture().join();
    assertThat(text(first)).startsWith("r=abcsrv,s=").endsWith(",i=4096");
    SaslStep last =
        step(server, "c=biws,r=abcsrv,p=" + Base64.getEncoder().encodeToString(new byte[32]));
    assertThat(last).isInstanceOf(SaslStep.Failure.class);
  }

  @Test
  void refusesAMismatchedNonceAndChannelBinding() {
    Credentials creds = Credentials.derive("pencil", b64("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096);
    ScramServer a =
        new ScramServer(ScramHash.SHA256, u -> Optional.of(creds), Runnable::run, () -> "srv");
    a.start("n,,n=user,r=abc".getBytes(UTF_8)).toCompletableFuture().join();
    assertThat(step(a, "c=biws,r=other,p=AAAA"))
        .isInstanceOfSatisfying(
            SaslStep.Failure.class,
            f -> assertThat(f.condition()).isEqualTo(SaslFailure.MALFORMED_REQUEST));
    ScramServer b =
        new ScramServer(ScramHash.SHA256, u -> Optional.of(creds), Runnable::run, () -> "srv");
    b.start("n,,n=user,r=abc".getBytes(UTF_8)).toCompletableFuture().join();
    assertThat(step(b, "c=eSws,r=abcsrv,p=AAAA"))
        .isInstanceOfSatisfying(
            SaslStep.Failure.class,
            f -> assertThat(f.condition()).isEqualTo(SaslFailure.MALFORMED_REQUEST));
  }

  @Test
  void refusesChannelBindingItDoesNotOffer() {
    ScramServer server =
        new ScramServer(ScramHash.SHA256, u -> Optional.empty(), Runnable::run, () -> "srv");
    SaslStep s =
        server.start("p=tls-unique,,n=user,r=abc".getBytes(UTF_8)).toCompletableFuture().join();
    assertThat(s).isInstanceOf(SaslStep.Failure.class);
  }
}
