package org.huddle.xmpp.server.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.huddle.xmpp.server.api.AuthProvider;
import org.huddle.xmpp.server.api.SaslContext;
import org.huddle.xmpp.server.api.SaslFailure;
import org.huddle.xmpp.server.api.SaslMechanism;
import org.huddle.xmpp.server.api.SaslStep;

/**
 * Accounts with passwords from the {@link AccountStore}: SCRAM-SHA-256, SCRAM-SHA-1 and PLAIN, as
 * Prosody's {@code internal_hashed} provider offers them. PLAIN is offered only on encrypted
 * connections unless {@code allow_unencrypted_plain_auth} is set.
 *
 * <p>Account lookups and password hashing run on {@code blockingExecutor} (virtual threads), never
 * on an I/O thread.
 */
public final class InternalHashedAuth implements AuthProvider {
  public static final String PLAIN = "PLAIN";

  private final AccountStore store;
  private final Executor blockingExecutor;
  private final boolean allowUnencryptedPlain;

  public InternalHashedAuth(
      AccountStore store, Executor blockingExecutor, boolean allowUnencryptedPlain) {
    this.store = store;
    this.blockingExecutor = blockingExecutor;
    this.allowUnencryptedPlain = allowUnencryptedPlain;
  }

  @Override
  public List<String> mechanisms(boolean secure) {
    List<String> m = new ArrayList<>();
    m.add(ScramHash.SHA256.mechanism());
    m.add(ScramHash.SHA1.mechanism());
    if (secure || allowUnencryptedPlain) {
      m.add(PLAIN);
    }
    return m;
  }

  @Override
  public SaslMechanism create(String name, SaslContext context) {
    String host = context.host();
    if (!mechanisms(context.secure()).contains(name)) {
      return null;
    }
    if (PLAIN.equals(name)) {
      return new Plain(host);
    }
    ScramHash hash = name.equals(ScramHash.SHA1.mechanism()) ? ScramHash.SHA1 : ScramHash.SHA256;
    return new ScramServer(hash, user -> lookup(host, user), blockingExecutor);
  }

  @Override
  public boolean anonymous() {
    return false;
  }

  private Optional<Credentials> lookup(String host, String user) {
    try {
      return store.credentials(host, user);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private <T> CompletionStage<T> blocking(Supplier<T> work) {
    return CompletableFuture.supplyAsync(work, blockingExecutor);
  }

  /** RFC 4616: {@code [authzid] NUL authcid NUL passwd}. */
  private final class Plain implements SaslMechanism {
    private final String host;

    Plain(String host) {
      this.host = host;
    }

    @Override
    public CompletionStage<SaslStep> start(byte[] initialResponse) {
      if (initialResponse == null) {
        return CompletableFuture.completedFuture(new SaslStep.Challenge(new byte[0]));
      }
      return respond(initialResponse);
    }

    @Override
    public CompletionStage<SaslStep> respond(byte[] response) {
      String s = new String(response, StandardCharsets.UTF_8);
      String[] parts = s.split("\0", -1);
      if (parts.length != 3 || parts[1].isEmpty()) {
        return CompletableFuture.completedFuture(
            new SaslStep.Failure(
                SaslFailure.MALFORMED_REQUEST, "expected authzid NUL authcid NUL password"));
      }
      String authzid = parts[0];
      String user = parts[1];
      String password = parts[2];
      return blocking(
          () -> {
            Optional<Credentials> c = lookup(host, user);
            if (c.isEmpty() || !c.get().matches(password)) {
              return new SaslStep.Failure(
                  SaslFailure.NOT_AUTHORIZED, "wrong user name or password");
            }
            String node = AccountStore.validUser(user);
            if (!authzid.isEmpty() && !authzid.equals(node + "@" + host)) {
              return new SaslStep.Failure(SaslFailure.INVALID_AUTHZID, "cannot act as " + authzid);
            }
            return new SaslStep.Success(node, null);
          });
    }
  }
}
