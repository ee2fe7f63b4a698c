package org.huddle.auth.plugins.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.huddle.auth.plugins.PluginSettings;
import org.huddle.auth.plugins.testing.Tokens;
import org.huddle.common.config.Settings.Env;
import org.huddle.xmpp.server.api.Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A host's options, and docker-jitsi-meet's variables, make the verifier Jitsi's would be. */
class TokenSettingsTest {
  static Options options(Map<String, String> env, Map<String, Object> file) {
    Options global = new Options(file, null);
    return PluginSettings.forHost(
        PluginSettings.environment(Env.of(env)), new Options(Map.of(), global));
  }

  @Test
  void needsAnAppIdAndASecretOrAKey() {
    assertThatThrownBy(
            () -> TokenSettings.verifier("meet.jitsi", options(Map.of(), Map.of()), null))
        .hasMessageContaining("app_id (JWT_APP_ID)");
    assertThatThrownBy(
            () ->
                TokenSettings.verifier(
                    "meet.jitsi", options(Map.of("JWT_APP_ID", "a"), Map.of()), null))
        .hasMessageContaining("JWT_APP_SECRET");
  }

  @Test
  void readsDockerJitsiMeetsVariablesOverTheFile() throws Exception {
    Options o =
        options(
            Map.of(
                "JWT_APP_ID",
                Tokens.APP_ID,
                "JWT_APP_SECRET",
                Tokens.SECRET,
                "JWT_ACCEPTED_AUDIENCES",
                "meet, other",
                "JWT_ALLOW_EMPTY",
                "true"),
            Map.of("app_id", "from-file", "app_secret", "file-secret"));
    JwtVerifier v = TokenSettings.verifier("meet.jitsi", o, JwtVerifierTest.CLOCK);
    Map<String, Object> claims = JwtVerifierTest.claims();
    claims.put("aud", "other");
    assertThat(v.verify(Tokens.hs256(claims))).containsEntry("aud", "other");
    claims.put("aud", "jitsi");
    assertThatThrownBy(() -> v.verify(Tokens.hs256(claims)))
        .hasMessage("invalid audience ('aud' claim)");
    assertThat(TokenSettings.allowEmpty(o)).isTrue();
    assertThat(TokenSettings.allowEmpty(options(Map.of(), Map.of()))).isFalse();
  }

  @Test
  void takesAnRs256KeyFromAFile(@TempDir Path dir) throws Exception {
    KeyPair keys = JwtVerifierTest.rsaKeys();
    Path pem = dir.resolve("jwt.pem");
    Files.writeString(
        pem,
        "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getMimeEncoder().encodeToString(keys.getPublic().getEncoded())
            + "\n-----END PUBLIC KEY-----\n");
    Options o =
        options(
            Map.of("JWT_APP_ID", Tokens.APP_ID, "JWT_PUBLIC_KEY_FILE", pem.toString()), Map.of());
    JwtVerifier v = TokenSettings.verifier("meet.jitsi", o, JwtVerifierTest.CLOCK);
    assertThat(v.verify(Tokens.rs256(JwtVerifierTest.claims(), keys.getPrivate(), null)))
        .containsEntry("room", "alpha");
    assertThatThrownBy(() -> v.verify(Tokens.hs256(JwtVerifierTest.claims())))
        .hasMessage("the token's signing algorithm is not accepted here");
    assertThat(o.list("asap_accepted_audiences")).isEqualTo(List.of("*"));
  }
}
