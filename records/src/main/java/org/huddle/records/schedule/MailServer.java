package org.huddle.records.schedule;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * One SMTP server, from a URL: {@code smtp://user:password@host:587} (STARTTLS when the server
 * offers it) or {@code smtps://…:465} (TLS from the start); the user and password are optional.
 */
public record MailServer(String host, int port, boolean tls, String user, String password) {
  /** Parses a server URL; the error never repeats the password. */
  public static MailServer parse(String url) {
    URI u;
    try {
      u = URI.create(url.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("a mail server is a URL such as smtp://user:pw@host:587");
    }
    boolean tls = "smtps".equals(u.getScheme());
    if (!tls && !"smtp".equals(u.getScheme()) || u.getHost() == null) {
      throw new IllegalArgumentException(
          "a mail server is smtp://host:port or smtps://host:port, not '"
              + u.getScheme()
              + "://…'");
    }
    String user = null;
    String password = null;
    if (u.getRawUserInfo() != null) {
      String[] parts = u.getRawUserInfo().split(":", 2);
      user = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
      password = parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "";
    }
    int port = u.getPort() > 0 ? u.getPort() : tls ? 465 : 25;
    return new MailServer(u.getHost(), port, tls, user, password);
  }

  /** For logs and records: host and port, no credentials. */
  public String name() {
    return (tls ? "smtps://" : "smtp://") + host + ":" + port;
  }

  @Override
  public String toString() {
    return name();
  }
}
