package org.huddle.xmpp.server.session;

import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.Namespaces;
import org.huddle.xmpp.server.api.AuthProvider;
import org.huddle.xmpp.server.api.SaslContext;
import org.huddle.xmpp.server.api.SaslFailure;
import org.huddle.xmpp.server.api.SaslMechanism;
import org.huddle.xmpp.server.api.SaslStep;
import org.huddle.xmpp.server.auth.AuthThrottle;

/**
 * The SASL exchange of one connection (RFC 6120 §6.4): {@code <auth/>}, {@code <challenge/>}/{@code
 * <response/>}, {@code <abort/>}, and {@code <success/>} or {@code <failure/>}.
 *
 * <p>Failures pass through the {@link AuthThrottle}: past a few, each is answered only after a
 * growing delay. A connection that keeps failing is closed.
 */
final class SaslNegotiator {
  static final int MAX_FAILURES_PER_CONNECTION = 5;

  private final C2sSession session;
  private final AuthProvider provider;
  private final AuthThrottle throttle;
  private SaslMechanism mechanism;
  private String mechanismName;
  private int failures;

  SaslNegotiator(C2sSession session, AuthProvider provider, AuthThrottle throttle) {
    this.session = session;
    this.provider = provider;
    this.throttle = throttle;
  }

  /** The mechanisms element for stream features. */
  Element mechanisms(boolean secure) {
    Element m = Element.of("mechanisms", Namespaces.SASL);
    for (String name : provider.mechanisms(secure)) {
      m.addChild("mechanism").text(name);
    }
    return m;
  }

  /** Handles a SASL nonza; returns whether it was one. */
  boolean handle(Element e, boolean secure, boolean requireEncryption) {
    if (!Namespaces.SASL.equals(e.namespace())) {
      return false;
    }
    switch (e.name()) {
      case "auth" -> {
        if (requireEncryption && !secure) {
          fail(SaslFailure.ENCRYPTION_REQUIRED, "use STARTTLS first");
          return true;
        }
        mechanismName = e.attr("mechanism");
        mechanism =
            mechanismName == null
                ? null
                : provider.create(
                    mechanismName,
                    new SaslContext(
                        session.hostName(), secure, session.remoteAddress(), session.attributes()));
        if (mechanism == null) {
          fail(SaslFailure.INVALID_MECHANISM, "mechanism not offered: " + mechanismName);
          return true;
        }
        byte[] data;
        try {
          data = decode(e.text(), true);
        } catch (IllegalArgumentException ex) {
          fail(SaslFailure.INCORRECT_ENCODING, "the initial response is not base64");
          return true;
        }
        await(mechanism.start(data));
      }
      case "response" -> {
        if (mechanism == null) {
          fail(SaslFailure.MALFORMED_REQUEST, "no authentication in progress");
          return true;
        }
        byte[] data;
        try {
          data = decode(e.text(), false);
        } catch (IllegalArgumentException ex) {
          fail(SaslFailure.INCORRECT_ENCODING, "the response is not base64");
          return true;
        }
        await(mechanism.respond(data));
      }
      case "abort" -> {
        mechanism = null;
        send(failure(SaslFailure.ABORTED, null));
      }
      default -> fail(SaslFailure.MALFORMED_REQUEST, "unexpected " + e.name());
    }
    return true;
  }

  private void await(CompletionStage<SaslStep> stage) {
    CompletableFuture<SaslStep> f = stage.toCompletableFuture();
    if (f.isDone()) {
      apply(f.join());
      return;
    }
    session.pause();
    f.whenComplete(
        (step, error) ->
            session.execute(
                () -> {
                  apply(
                      error != null
                          ? new SaslStep.Failure(
                              SaslFailure.TEMPORARY_AUTH_FAILURE, "try again later")
                          : step);
                  session.resume();
                }));
  }

  private void apply(SaslStep step) {
    switch (step) {
      case SaslStep.Challenge c ->
          send(Element.of("challenge", Namespaces.SASL).text(encode(c.data())));
      case SaslStep.Success s -> {
        mechanism = null;
        throttle.success(session.remoteAddress());
        if (!session.admitSession()) {
          return;
        }
        Element success = Element.of("success", Namespaces.SASL);
        if (s.additionalData() != null) {
          success.text(encode(s.additionalData()));
        }
        send(success);
        session.authenticated(s.username(), mechanismName);
      }
      case SaslStep.Failure f -> fail(f.condition(), f.text());
    }
  }

  private void fail(SaslFailure condition, String text) {
    mechanism = null;
    failures++;
    session.authenticationFailed(mechanismName, condition);
    Duration delay = throttle.failure(session.remoteAddress());
    Element failure = failure(condition, text);
    Runnable answer =
        () -> {
          send(failure);
          if (failures >= MAX_FAILURES_PER_CONNECTION) {
            session.closeAfterAuthFailures();
          }
        };
    if (delay.isZero()) {
      answer.run();
    } else {
      session.pause();
      session.schedule(
          () -> {
            answer.run();
            session.resume();
          },
          delay);
    }
  }

  private void send(Element e) {
    session.sendNonza(e);
  }

  private static Element failure(SaslFailure condition, String text) {
    Element f = Element.of("failure", Namespaces.SASL);
    f.addChild(condition.elementName());
    if (text != null) {
      f.addChild("text").text(text);
    }
    return f;
  }

  /** RFC 6120 §6.4.2: no text means no initial response; "=" means an empty one. */
  private static byte[] decode(String text, boolean initial) {
    String t = text.trim();
    if (t.isEmpty()) {
      return initial ? null : new byte[0];
    }
    if (t.equals("=")) {
      return new byte[0];
    }
    return Base64.getMimeDecoder().decode(strictBase64(t));
  }

  private static String strictBase64(String t) {
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      boolean ok =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '+'
              || c == '/'
              || c == '='
              || Character.isWhitespace(c);
      if (!ok) {
        throw new IllegalArgumentException("not base64");
      }
    }
    return t;
  }

  private static String encode(byte[] data) {
    return data == null || data.length == 0 ? "=" : Base64.getEncoder().encodeToString(data);
  }
}
