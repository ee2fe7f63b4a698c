package org.huddle.auth.plugins.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.huddle.auth.plugins.testing.Tokens;
import org.huddle.xmpp.server.api.SaslContext;
import org.huddle.xmpp.server.api.SaslFailure;
import org.huddle.xmpp.server.api.SaslStep;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The provider as the server's SASL negotiator drives it, with the token the URL carried. */
class TokenAuthProviderTest {
  static final Instant NOW = JwtVerifierTest.NOW;

  static SaslStep login(TokenAuthProvider p, Map<String, Object> attributes) throws Exception {
    var mechanism =
        p.create("ANONYMOUS", new SaslContext("meet.jitsi", true, "127.0.0.1", attributes));
    return mechanism.start(null).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  static TokenAuthProvider provider(boolean allowEmpty) {
    return new TokenAuthProvider(
        JwtVerifierTest.jitsiDefaults(), allowEmpty, Executors.newVirtualThreadPerTaskExecutor());
  }

  static Map<String, Object> withToken(String token) {
    Map<String, Object> a = new ConcurrentHashMap<>();
    a.put(SaslContext.TOKEN, token);
    return a;
  }

  @Nested
  class WithAToken {
    @Test
    void aValidTokenLogsInAnonymouslyAndLeavesItsClaimsOnTheSession() throws Exception {
      Map<String, Object> claims = new java.util.LinkedHashMap<>(Tokens.claims("Alpha", NOW));
      claims.put("moderator", true);
      Map<String, Object> session = withToken(Tokens.hs256(claims));
      SaslStep step = login(provider(false), session);
      assertThat(step).isInstanceOf(SaslStep.Success.class);
      assertThat(((SaslStep.Success) step).username()).hasSize(36);
      assertThat(session)
          .containsEntry("jitsi_meet_room", "Alpha")
          .containsEntry("jitsi_meet_domain", "meet.jitsi")
          .containsEntry("jwt_moderator", true)
          .containsEntry("jitsi_meet_context_user", Map.of("name", "Ann", "id", "ann-1"))
          .containsKey("auth_token");
    }

    @Test
    void anExpiredTokenIsRefusedAndLeavesNothingBehind() throws Exception {
      Map<String, Object> claims = new java.util.LinkedHashMap<>(Tokens.claims("alpha", NOW));
      claims.put("exp", NOW.getEpochSecond() - 5);
      Map<String, Object> session = withToken(Tokens.hs256(claims));
      SaslStep step = login(provider(true), session);
      assertThat(step)
          .isEqualTo(new SaslStep.Failure(SaslFailure.NOT_AUTHORIZED, "the token has expired"));
      assertThat(session).containsOnlyKeys(SaslContext.TOKEN);
    }

    @Test
    void aTokenSignedWithAnotherSecretIsRefused() throws Exception {
      SaslStep step =
          login(provider(false), withToken(Tokens.hs256(Tokens.claims("a", NOW), "wrong")));
      assertThat(step)
          .isEqualTo(
              new SaslStep.Failure(
                  SaslFailure.NOT_AUTHORIZED, "the token's signature is not valid"));
    }
  }

  @Nested
  class WithoutAToken {
    @Test
    void isRefusedByDefault() throws Exception {
      assertThat(login(provider(false), new ConcurrentHashMap<>()))
          .isEqualTo(new SaslStep.Failure(SaslFailure.NOT_AUTHORIZED, "a token is required"));
    }

    @Test
    void logsInWhenEmptyTokensAreAllowed() throws Exception {
      Map<String, Object> session = new ConcurrentHashMap<>();
      assertThat(login(provider(true), session)).isInstanceOf(SaslStep.Success.class);
      assertThat(session).doesNotContainKey("auth_token");
    }
  }

  @Test
  void offersAnonymousOnly() {
    TokenAuthProvider p = provider(false);
    assertThat(p.mechanisms(true)).isEqualTo(List.of("ANONYMOUS"));
    assertThat(p.create("PLAIN", new SaslContext("meet.jitsi", true, "x", Map.of()))).isNull();
    assertThat(p.anonymous()).isTrue();
  }
}
