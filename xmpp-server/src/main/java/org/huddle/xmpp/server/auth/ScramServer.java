package org.huddle.xmpp.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.huddle.xmpp.server.api.SaslFailure;
import org.huddle.xmpp.server.api.SaslMechanism;
import org.huddle.xmpp.server.api.SaslStep;

/**
 * The server side of SCRAM (RFC 5802 §5, with RFC 7677 for SHA-256), without channel binding.
 *
 * <p>An unknown user gets a normal-looking challenge with a salt derived from the name, and fails
 * only at the proof, so that the exchange does not reveal which accounts exist.
 */
final class ScramServer implements SaslMechanism {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final byte[] DECOY_KEY = new byte[32];

  static {
    RANDOM.nextBytes(DECOY_KEY);
  }

  private enum State {
    INITIAL,
    SENT_FIRST,
    DONE
  }

  private final ScramHash hash;
  private final Function<String, Optional<Credentials>> lookup;
  private final Executor blockingExecutor;
  private final java.util.function.Supplier<String> serverNonces;
  private State state = State.INITIAL;
  private String gs2Header;
  private String clientFirstBare;
  private String serverFirst;
  private String nonce;
  private String username;
  private Credentials credentials;

  ScramServer(
      ScramHash hash, Function<String, Optional<Credentials>> lookup, Executor blockingExecutor) {
    this(hash, lookup, blockingExecutor, ScramServer::randomNonce);
  }

  /** With a chosen server nonce source, so that RFC test vectors can be replayed. */
  ScramServer(
      ScramHash hash,
      Function<String, Optional<Credentials>> lookup,
      Executor blockingExecutor,
      java.util.function.Supplier<String> serverNonces) {
    this.hash = hash;
    this.lookup = lookup;
    this.blockingExecutor = blockingExecutor;
    this.serverNonces = serverNonces;
  }

  private static String randomNonce() {
    byte[] serverNonce = new byte[18];
    RANDOM.nextBytes(serverNonce);
    return Base64.getEncoder().encodeToString(serverNonce);
  }

  @Override
  public CompletionStage<SaslStep> start(byte[] initialResponse) {
    if (initialResponse == null || initialResponse.length == 0) {
      return done(new SaslStep.Challenge(new byte[0]));
    }
    return clientFirst(new String(initialResponse, StandardCharsets.UTF_8));
  }

  @Override
  public CompletionStage<SaslStep> respond(byte[] response) {
    String s = new String(response, StandardCharsets.UTF_8);
    return switch (state) {
      case INITIAL -> clientFirst(s);
      case SENT_FIRST -> clientFinal(s);
      case DONE -> done(fail(SaslFailure.MALFORMED_REQUEST, "the exchange is over"));
    };
  }

  private CompletionStage<SaslStep> clientFirst(String message) {
    // gs2-header: gs2-cbind-flag "," [authzid] "," ; then client-first-message-bare
    int first = message.indexOf(',');
    int second = first < 0 ? -1 : message.indexOf(',', first + 1);
    if (second < 0) {
      return done(fail(SaslFailure.MALFORMED_REQUEST, "no GS2 header"));
    }
    String cbind = message.substring(0, first);
    if (cbind.startsWith("p=")) {
      return done(fail(SaslFailure.MALFORMED_REQUEST, "channel binding is not offered"));
    }
    if (!cbind.equals("n") && !cbind.equals("y")) {
      return done(fail(SaslFailure.MALFORMED_REQUEST, "bad channel binding flag"));
    }
    gs2Header = message.substring(0, second + 1);
    clientFirstBare = message.substring(second + 1);
    String authzid = message.substring(first + 1, second);
    String user = null;
    String clientNonce = null;
    for (String attr : clientFirstBare.split(",")) {
      if (attr.startsWith("n=")) {
        user = decodeSaslName(attr.substring(2));
      } else if (attr.startsWith("r=")) {
        clientNonce = attr.substring(2);
      } else if (attr.startsWith("m=")) {
        return done(fail(SaslFailure.MALFORMED_REQUEST, "mandatory extensions are not supported"));
      }
    }
    if (user == null || user.isEmpty() || clientNonce == null || clientNonce.isEmpty()) {
      return done(fail(SaslFailure.MALFORMED_REQUEST, "client-first-message needs n= and r="));
    }
    if (!authzid.isEmpty() && !authzid.startsWith("a=")) {
      return done(fail(SaslFailure.MALFORMED_REQUEST, "bad authzid"));
    }
    String finalUser = user;
    String finalNonce = clientNonce;
    return CompletableFuture.supplyAsync(() -> lookup.apply(finalUser), blockingExecutor)
        .thenApply(c -> serverFirst(finalUser, finalNonce, c.orElse(null)));
  }

  private SaslStep serverFirst(String user, String clientNonce, Credentials c) {
    username = user;
    credentials = c;
    nonce = clientNonce + serverNonces.get();
    byte[] salt = c != null ? c.salt() : hash.hmac(DECOY_KEY, user);
    int iterations = c != null ? c.iterations() : 4096;
    serverFirst =
        "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(salt) + ",i=" + iterations;
    state = State.SENT_FIRST;
    return new SaslStep.Challenge(serverFirst.getBytes(StandardCharsets.UTF_8));
  }

  private CompletionStage<SaslStep> clientFinal(String message) {
    state = State.DONE;
    int proofAt = message.lastIndexOf(",p=");
    if (proofAt < 0) {
      return done(fail(SaslFailure.MALFORMED_REQUEST, "client-final-message needs p="));
    }
    String withoutProof = message.substring(0, proofAt);
    String channelBinding = null;
    String finalNonce = null;
    for (String attr : withoutProof.split(",")) {
      if (attr.startsWith("c=")) {
        channelBinding = attr.substring(2);
      } else if (attr.startsWith("r=")) {
        finalNonce = attr.substring(2);
      }
    }
    byte[] proof;
    byte[] cbind;
    try {
      proof = Base64.getDecoder().decode(message.substring(proofAt + 3));
      cbind = channelBinding == null ? null : Base64.getDecoder().decode(channelBinding);
    } catch (IllegalArgumentException e) {
      return done(fail(SaslFailure.INCORRECT_ENCODING, "bad base64 in client-final-message"));
    }
    if (cbind == null || !new String(cbind, StandardCharsets.UTF_8).equals(gs2Header)) {
      return done(
          fail(SaslFailure.MALFORMED_REQUEST, "channel binding does not match the GS2 header"));
    }
    if (!nonce.equals(finalNonce)) {
      return done(fail(SaslFailure.MALFORMED_REQUEST, "nonce mismatch"));
    }
    if (credentials == null) {
      return done(fail(SaslFailure.NOT_AUTHORIZED, "wrong user name or password"));
    }
    ScramHash.ScramKeys keys = credentials.keys().get(hash);
    String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
    byte[] clientSignature = hash.hmac(keys.storedKey(), authMessage);
    if (proof.length != clientSignature.length) {
      return done(fail(SaslFailure.NOT_AUTHORIZED, "wrong user name or password"));
    }
    byte[] clientKey = new byte[proof.length];
    for (int i = 0; i < proof.length; i++) {
      clientKey[i] = (byte) (proof[i] ^ clientSignature[i]);
    }
    if (!MessageDigest.isEqual(hash.hash(clientKey), keys.storedKey())) {
      return done(fail(SaslFailure.NOT_AUTHORIZED, "wrong user name or password"));
    }
    byte[] serverSignature = hash.hmac(keys.serverKey(), authMessage);
    String serverFinal = "v=" + Base64.getEncoder().encodeToString(serverSignature);
    String node;
    try {
      node = AccountStore.validUser(username);
    } catch (IllegalArgumentException e) {
      return done(fail(SaslFailure.NOT_AUTHORIZED, "wrong user name or password"));
    }
    return done(new SaslStep.Success(node, serverFinal.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * RFC 5802 §5.1: "=2C" is ',' and "=3D" is '='; any other '=' is malformed (read as not
   * matching).
   */
  private static String decodeSaslName(String s) {
    return s.replace("=2C", ",").replace("=3D", "=");
  }

  private static SaslStep fail(SaslFailure condition, String text) {
    return new SaslStep.Failure(condition, text);
  }

  private static CompletionStage<SaslStep> done(SaslStep step) {
    return CompletableFuture.completedFuture(step);
  }
}
