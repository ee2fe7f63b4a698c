package org.huddle.xmpp.server.auth;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.huddle.xmpp.server.api.AuthProvider;
import org.huddle.xmpp.server.api.SaslContext;
import org.huddle.xmpp.server.api.SaslFailure;
import org.huddle.xmpp.server.api.SaslMechanism;
import org.huddle.xmpp.server.api.SaslStep;

/**
 * SASL ANONYMOUS (RFC 4505): every login gets a fresh random local part, as Prosody's anonymous
 * provider does, except a reconnecting client that names a resumable session ({@code ?previd=} in
 * its BOSH or WebSocket URL, as lib-jitsi-meet sends it): it gets that session's name back, so that
 * it can resume it (XEP-0198 requires the same account), as Jitsi's mod_auth_jitsi-anonymous does.
 */
public final class AnonymousAuth implements AuthProvider {
  public static final String ANONYMOUS = "ANONYMOUS";

  private final Function<String, Optional<String>> resumableUser;

  /** Anonymous logins that never take over a session's name. */
  public AnonymousAuth() {
    this(previd -> Optional.empty());
  }

  /**
   * @param resumableUser the local part of the resumable session with this stream management id, if
   *     any
   */
  public AnonymousAuth(Function<String, Optional<String>> resumableUser) {
    this.resumableUser = resumableUser;
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
        // The optional trace information (RFC 4505 §3) is not used.
        Object previd = context.attributes().get(SaslContext.PREVID);
        String user =
            previd == null
                ? UUID.randomUUID().toString()
                : resumableUser
                    .apply(previd.toString())
                    .orElseGet(() -> UUID.randomUUID().toString());
        return CompletableFuture.completedFuture(new SaslStep.Success(user, null));
      }

      @Override
      public CompletionStage<SaslStep> respond(byte[] response) {
        return CompletableFuture.completedFuture(
            new SaslStep.Failure(SaslFailure.MALFORMED_REQUEST, "ANONYMOUS takes no response"));
      }
    };
  }

  @Override
  public boolean anonymous() {
    return true;
  }
}
