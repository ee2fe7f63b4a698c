package org.huddle.auth.plugins.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.huddle.auth.plugins.testing.Tokens;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JwtVerifierTest {
  static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  static JwtVerifier hs256(List<String> issuers, List<String> audiences, boolean room) {
    return new JwtVerifier(
        new JwtVerifier.Settings(
            Tokens.APP_ID,
            Tokens.SECRET.getBytes(StandardCharsets.UTF_8),
            null,
            issuers,
            audiences,
            room),
        CLOCK);
  }

  static JwtVerifier jitsiDefaults() {
    return hs256(List.of(Tokens.APP_ID), List.of("*"), true);
  }

  static Map<String, Object> claims() {
    return new java.util.LinkedHashMap<>(Tokens.claims("alpha", NOW));
  }

  @Nested
  class Signatures {
    /** A token made elsewhere (HS256, secret "notsosecret"), valid until 2016-08-05T00:40:27Z. */
    static final String FOREIGN =
        "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJKb2huIERvZSIsImFkbWluIjp0cnVlLCJpYXQiOjE"
            + "0NzAzNTM5OTQsImV4cCI6MTQ3MDM1NzYyNywianRpIjoiNmU0MDRiYTgtZjg4NS00ZDVmLWJmYTItZTNmNW"
            + "EwODM4MGE0In0.7CfBdVP4uKsb0cogYepCvMLm8rcpjBYW1XZzA-a5e44";

    JwtVerifier foreign(String secret) {
      return new JwtVerifier(
          new JwtVerifier.Settings(
              "x", secret.getBytes(StandardCharsets.UTF_8), null, List.of("x"), List.of("*"), true),
          Clock.fixed(Instant.ofEpochSecond(1_470_355_000L), ZoneOffset.UTC));
    }

    @Test
    void checksAnHs256SignatureMadeByAnotherImplementation() {
      assertThatThrownBy(() -> foreign("notsosecret").verify(FOREIGN))
          .as("past the signature, the token fails only for lacking an issuer")
          .hasMessage("'iss' claim is missing");
      assertThatThrownBy(() -> foreign("not-the-secret").verify(FOREIGN))
          .hasMessage("the token's signature is not valid");
    }

    @Test
    void checksAnRs256SignatureMadeByOpenssl(@TempDir Path dir) throws Exception {
      openssl(
          dir,
          "genpkey",
          "-algorithm",
          "RSA",
          "-pkeyopt",
          "rsa_keygen_bits:2048",
          "-out",
          "key.pem");
      openssl(dir, "pkey", "-in", "key.pem", "-pubout", "-out", "spki.pem");
      openssl(dir, "rsa", "-in", "key.pem", "-RSAPublicKey_out", "-out", "pkcs1.pem");
      openssl(
          dir,
          "req",
          "-new",
          "-x509",
          "-key",
          "key.pem",
          "-subj",
          "/CN=t",
          "-days",
          "1",
          "-out",
          "cert.pem");
      String input =
          Tokens.b64("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
              + "."
              + Tokens.b64(
                  new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(claims()));
      Files.writeString(dir.resolve("input"), input);
      openssl(dir, "dgst", "-sha256", "-sign", "key.pem", "-out", "sig", "input");
      String token = input + "." + Tokens.b64(Files.readAllBytes(dir.resolve("sig")));
      for (String pem : List.of("spki.pem", "pkcs1.pem", "cert.pem")) {
        JwtVerifier v = rsa(new FileKeySource(dir.resolve(pem)));
        assertThat(v.verify(token)).as(pem).containsEntry("room", "alpha");
        String tampered = token.substring(0, token.length() - 4) + "AAAA";
        assertThatThrownBy(() -> v.verify(tampered))
            .hasMessage("the token's signature is not valid");
      }
    }

    @Test
    void refusesAlgNoneAndAlgorithmsNotConfigured() throws Exception {
      assertThatThrownBy(
              () -> jitsiDefaults().verify(Tokens.unsigned("{\"alg\":\"none\"}", claims())))
          .hasMessage("the token is not a signed JWT");
      String none = Tokens.unsigned("{\"alg\":\"none\"}", claims()) + "c2ln";
      assertThatThrownBy(() -> jitsiDefaults().verify(none))
          .hasMessage("the token's signing algorithm is not accepted here");
      KeyPair rsa = rsaKeys();
      assertThatThrownBy(
              () -> jitsiDefaults().verify(Tokens.rs256(claims(), rsa.getPrivate(), null)))
          .as("a host with only a secret takes no RS256 token")
          .hasMessage("the token's signing algorithm is not accepted here");
      JwtVerifier rsaOnly = rsa(kid -> rsa.getPublic());
      assertThatThrownBy(() -> rsaOnly.verify(Tokens.hs256(claims())))
          .as("a host with only a public key takes no HS256 token (no key confusion)")
          .hasMessage("the token's signing algorithm is not accepted here");
    }

    @Test
    void refusesATamperedPayload() {
      String token = Tokens.hs256(claims());
      String[] p = token.split("\\.");
      Map<String, Object> other = claims();
      other.put("room", "*");
      String forged = p[0] + "." + Tokens.hs256(other).split("\\.")[1] + "." + p[2];
      assertThatThrownBy(() -> jitsiDefaults().verify(forged))
          .hasMessage("the token's signature is not valid");
    }

    @Test
    void refusesGarbage() {
      for (String junk : List.of("", "abc", "a.b", "a.b.c.d", "!!.??.**", "e30.e30.e30")) {
        assertThatThrownBy(() -> jitsiDefaults().verify(junk)).isInstanceOf(TokenException.class);
      }
      assertThatThrownBy(() -> jitsiDefaults().verify("a".repeat(20_000) + ".b.c"))
          .hasMessage("the token is too long");
    }
  }

  @Nested
  class Claims {
    @Test
    void acceptsAValidTokenAndReturnsItsClaims() throws Exception {
      Map<String, Object> c = jitsiDefaults().verify(Tokens.hs256(claims()));
      assertThat(c).containsEntry("room", "alpha").containsEntry("sub", "meet.jitsi");
      assertThat(c.get("context")).isEqualTo(Map.of("user", Map.of("name", "Ann", "id", "ann-1")));
    }

    @Test
    void refusesAnExpiredToken() {
      Map<String, Object> c = claims();
      c.put("exp", NOW.getEpochSecond() - 1);
      assertThatThrownBy(() -> jitsiDefaults().verify(Tokens.hs256(c)))
          .hasMessage("the token has expired");
      c.put("exp", NOW.getEpochSecond());
      assertThatThrownBy(() -> jitsiDefaults().verify(Tokens.hs256(c)))
          .as("exp is the first moment the token is no longer valid")
          .hasMessage("the token has expired");
      c.remove("exp");
      assertThatThrownBy(() -> jitsiDefaults().verify(Tokens.hs256(c)))
          .hasMessage("'exp' claim is missing");
    }

    @Test
    void refusesATokenNotValidYet() {
      Map<String, Object> c = claims();
      c.put("nbf", NOW.getEpochSecond() + 60);
      assertThatThrownBy(() -> jitsiDefaults().verify(Tokens.hs256(c)))
          .hasMessage("the token is not valid yet");
    }

    @Test
    void checksTheIssuerAgainstTheAppIdOrTheAcceptedList() throws Exception {
      Map<String, Object> c = claims();
      c.put("iss", "someone-else");
      assertThatThrownBy(() -> jitsiDefaults().verify(Tokens.hs256(c)))
          .hasMessage("invalid issuer ('iss' claim)");
      JwtVerifier accepting = hs256(List.of("someone-else", "x"), List.of("*"), true);
      assertThat(accepting.verify(Tokens.hs256(c))).containsEntry("iss", "someone-else");
    }

    @Test
    void checksTheAudienceUnlessAnyIsAccepted() throws Exception {
      JwtVerifier strict = hs256(List.of(Tokens.APP_ID), List.of("meet"), true);
      assertThatThrownBy(() -> strict.verify(Tokens.hs256(claims())))
          .hasMessage("invalid audience ('aud' claim)");
      Map<String, Object> c = claims();
      c.put("aud", List.of("other", "meet"));
      assertThat(strict.verify(Tokens.hs256(c))).containsKey("aud");
      c.remove("aud");
      assertThatThrownBy(() -> jitsiDefaults().verify(Tokens.hs256(c)))
          .hasMessage("'aud' claim is missing");
    }

    @Test
    void needsARoomClaimUnlessToldOtherwise() throws Exception {
      Map<String, Object> c = claims();
      c.remove("room");
      assertThatThrownBy(() -> jitsiDefaults().verify(Tokens.hs256(c)))
          .hasMessage("'room' claim is missing");
      assertThat(hs256(List.of(Tokens.APP_ID), List.of("*"), false).verify(Tokens.hs256(c)))
          .doesNotContainKey("room");
    }

    @Test
    void refusesDuplicateClaims() {
      String header = Tokens.b64("{\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8));
      String body =
          Tokens.b64(
              ("{\"iss\":\"huddle-test\",\"aud\":\"a\",\"room\":\"alpha\",\"room\":\"*\",\"exp\":"
                      + (NOW.getEpochSecond() + 60)
                      + "}")
                  .getBytes(StandardCharsets.UTF_8));
      String input = header + "." + body;
      String token = input + "." + hmac(input);
      assertThatThrownBy(() -> jitsiDefaults().verify(token))
          .hasMessage("the token's payload is not a JSON object");
    }
  }

  @Nested
  class KeyServers {
    @Test
    void fetchesAKeyByTheHashOfItsIdOnceAndCachesIt() throws Exception {
      KeyPair keys = rsaKeys();
      String pem =
          "-----BEGIN PUBLIC KEY-----\n"
              + Base64.getMimeEncoder().encodeToString(keys.getPublic().getEncoded())
              + "\n-----END PUBLIC KEY-----\n";
      String expectedPath =
          "/asap/"
              + HexFormat.of()
                  .formatHex(
                      MessageDigest.getInstance("SHA-256")
                          .digest("key-1".getBytes(StandardCharsets.UTF_8)))
              + ".pem";
      AtomicInteger hits = new AtomicInteger();
      HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      http.createContext(
          "/asap/",
          ex -> {
            hits.incrementAndGet();
            byte[] body = pem.getBytes(StandardCharsets.US_ASCII);
            boolean known = ex.getRequestURI().getPath().equals(expectedPath);
            ex.sendResponseHeaders(known ? 200 : 404, known ? body.length : -1);
            if (known) {
              ex.getResponseBody().write(body);
            }
            ex.close();
          });
      http.start();
      try {
        KeyServerSource source =
            new KeyServerSource(
                "http://127.0.0.1:" + http.getAddress().getPort() + "/asap",
                Duration.ofSeconds(5),
                16);
        JwtVerifier v = rsa(source);
        String token = Tokens.rs256(claims(), keys.getPrivate(), "key-1");
        assertThat(v.verify(token)).containsEntry("room", "alpha");
        assertThat(v.verify(token)).containsEntry("room", "alpha");
        assertThat(hits.get()).isEqualTo(1);
        assertThatThrownBy(() -> v.verify(Tokens.rs256(claims(), keys.getPrivate(), "key-2")))
            .hasMessage("the key server has no key for this token");
        assertThatThrownBy(() -> v.verify(Tokens.rs256(claims(), keys.getPrivate(), null)))
            .hasMessage("the token has no 'kid' header");
      } finally {
        http.stop(0);
      }
    }
  }

  static JwtVerifier rsa(KeySource keys) {
    return new JwtVerifier(
        new JwtVerifier.Settings(
            Tokens.APP_ID, null, keys, List.of(Tokens.APP_ID), List.of("*"), true),
        CLOCK);
  }

  static KeyPair rsaKeys() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    return g.generateKeyPair();
  }

  static String hmac(String input) {
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(
          new javax.crypto.spec.SecretKeySpec(
              Tokens.SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return Tokens.b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static void openssl(Path dir, String... args) throws IOException, InterruptedException {
    List<String> cmd = new java.util.ArrayList<>(List.of("openssl"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("openssl %s: %s", String.join(" ", args), out).isZero();
  }
}
