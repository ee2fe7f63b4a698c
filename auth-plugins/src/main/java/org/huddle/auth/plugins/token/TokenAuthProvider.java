package org.huddle.auth.plugins.token;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.huddle.xmpp.server.api.AuthProvider;
import org.huddle.xmpp.server.api.SaslContext;
import org.huddle.xmpp.server.api.SaslFailure;
import org.huddle.xmpp.server.api.SaslMechanism;
import org.huddle.xmpp.server.api.SaslStep;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code authentication = "token"}, as Prosody's {@code mod_auth_token} in a Jitsi deployment: SASL
 * ANONYMOUS, admitted only with a valid JWT in the connection URL's {@code ?token=} (which the BOSH
 * and WebSocket transports leave in {@link SaslContext#TOKEN}), unless {@code allow_empty_token}
 * lets token-less clients in. The user name is random, as for anonymous logins.
 *
 * <p>A verified token's claims stay on the session under Prosody's names, for the room hooks:
 * {@code auth_token}, {@code jitsi_meet_room} ({@code room}), {@code jitsi_meet_domain} ({@code
 * sub}), {@code jitsi_meet_context_user}, {@code jitsi_meet_context_group}, {@code
 * jitsi_meet_context_features}, and {@code jwt_moderator} (a top-level {@code moderator} claim).
 *
 * <p>Verification runs on the blocking executor: a key server fetch may take a while.
 */
public final class TokenAuthProvider implements AuthProvider {
  private static final Logger LOG = LoggerFactory.getLogger(TokenAuthProvider.class);

  /** RFC 4505: the one mechanism offered; the token rides in the connection URL. */
  private static final String ANONYMOUS = "ANONYMOUS";

  private final JwtVerifier verifier;
  private final boolean allowEmpty;
  private final Executor blocking;

  public TokenAuthProvider(JwtVerifier verifier, boolean allowEmpty, Executor blocking) {
    this.verifier = verifier;
    this.allowEmpty = allowEmpty;
    this.blocking = blocking;
  }

  @Override
  public List<String> mechanisms(boolean secure) {
    return List.of(ANONYMOUS);
  }

  @Override
  public SaslMechanism create(String name, SaslContext context) {
    if (!ANONYMOUS.equals(name)) {
      return null;
    }
    return new SaslMechanism() {
      @Override
      public CompletionStage<SaslStep> start(byte[] initialResponse) {
        Object token = context.attributes().get(SaslContext.TOKEN);
        if (!(token instanceof String t) || t.isBlank()) {
          return CompletableFuture.completedFuture(
              allowEmpty
                  ? success()
                  : new SaslStep.Failure(SaslFailure.NOT_AUTHORIZED, "a token is required"));
        }
        return CompletableFuture.supplyAsync(() -> verify(t, context), blocking);
      }

      @Override
      public CompletionStage<SaslStep> respond(byte[] response) {
        return CompletableFuture.completedFuture(
            new SaslStep.Failure(SaslFailure.MALFORMED_REQUEST, "ANONYMOUS takes no response"));
      }
    };
  }

  private SaslStep verify(String token, SaslContext context) {
    try {
      Map<String, Object> claims = verifier.verify(token);
      remember(context.attributes(), token, claims);
      return success();
    } catch (TokenException e) {
      LOG.info(
          "token refused on {} from {}: {}",
          context.host(),
          context.remoteAddress(),
          e.getMessage());
      return new SaslStep.Failure(SaslFailure.NOT_AUTHORIZED, e.getMessage());
    }
  }

  /** Leaves the claims on the session where Jitsi's room plugins look for them. */
  static void remember(Map<String, Object> attributes, String token, Map<String, Object> claims) {
    attributes.put("auth_token", token);
    put(attributes, "jitsi_meet_room", claims.get("room"));
    put(attributes, "jitsi_meet_domain", claims.get("sub"));
    put(attributes, "jwt_moderator", claims.get("moderator"));
    if (claims.get("context") instanceof Map<?, ?> ctx) {
      put(attributes, "jitsi_meet_context_user", ctx.get("user"));
      put(attributes, "jitsi_meet_context_group", ctx.get("group"));
      put(attributes, "jitsi_meet_context_features", ctx.get("features"));
    }
  }

  private static void put(Map<String, Object> attributes, String key, Object value) {
    if (value != null) {
      attributes.put(key, value);
    }
  }

  private static SaslStep success() {
    return new SaslStep.Success(UUID.randomUUID().toString(), null);
  }

  @Override
  public boolean anonymous() {
    return true;
  }
}
