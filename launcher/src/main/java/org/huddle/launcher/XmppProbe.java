package org.huddle.launcher;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * One c2s login, as {@code huddle probe xmpp} makes it (RFC 6120): open a stream, STARTTLS when
 * offered (§5), SASL (§6) with ANONYMOUS or, given an account, PLAIN (SCRAM-SHA-1 where PLAIN is
 * not offered), bind a resource (§7), and close the stream. Healthy means authenticated and bound.
 *
 * <p>It reads the server's answers by looking for whole elements in the text, not with an XML
 * parser: it only talks to the server it runs beside, and only needs to tell success from failure.
 */
final class XmppProbe {
  private static final String SASL = "urn:ietf:params:xml:ns:xmpp-sasl";
  private static final Pattern MECHANISM = Pattern.compile("<mechanism>([^<]+)</mechanism>");
  private static final Pattern CONDITION = Pattern.compile("^<[^>]*>\\s*<([a-z-]+)");

  /** An account to log in with. */
  record Account(String user, String password) {}

  /** The server answered, but not as a healthy one does; the message says how, on one line. */
  static final class Unhealthy extends Exception {
    Unhealthy(String reason) {
      super(reason);
    }
  }

  private final String host;
  private final int port;
  private final Duration timeout;
  private final String domain;
  private final Account account;
  private final boolean startTls;

  /**
   * @param domain the host to open the stream to
   * @param account the account, or null for SASL ANONYMOUS
   * @param startTls whether to take STARTTLS when offered (tests turn it off to reach SCRAM)
   */
  XmppProbe(
      String host, int port, Duration timeout, String domain, Account account, boolean startTls) {
    this.host = host;
    this.port = port;
    this.timeout = timeout;
    this.domain = domain;
    this.account = account;
    this.startTls = startTls;
  }

  /** Logs in and out; returns the bound JID, or throws with the reason. */
  String run() throws IOException, Unhealthy {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
      socket.setSoTimeout((int) timeout.toMillis());
      Stream s = new Stream(socket);
      String features = s.open(domain);
      if (startTls && features.contains("<starttls")) {
        s.send("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
        if (!s.next("proceed", "failure").startsWith("<proceed")) {
          throw new Unhealthy("refused STARTTLS");
        }
        s = new Stream(tls(socket));
        features = s.open(domain);
      }
      authenticate(s, features);
      features = s.open(domain); // the stream restarts after SASL (RFC 6120 §6.4.6)
      if (!features.contains("<bind")) {
        throw new Unhealthy("offers no resource binding after authentication");
      }
      byte[] random = new byte[4];
      new SecureRandom().nextBytes(random);
      String resource = "probe-" + HexFormat.of().formatHex(random);
      s.send(
          "<iq type='set' id='bind-1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>"
              + resource
              + "</resource></bind></iq>");
      String bound = s.next("iq");
      int jid = bound.indexOf("<jid>");
      if (jid < 0) {
        throw new Unhealthy("refused to bind a resource: " + condition(bound, "<error"));
      }
      s.close();
      return bound.substring(jid + 5, bound.indexOf('<', jid + 5));
    }
  }

  private void authenticate(Stream s, String features) throws IOException, Unhealthy {
    String who = account == null ? "an anonymous login" : account.user() + "@" + domain;
    String answer;
    if (account == null) {
      s.send("<auth xmlns='" + SASL + "' mechanism='ANONYMOUS'/>");
      answer = s.next("success", "failure");
    } else if (offers(features, "PLAIN")) {
      String plain = "\0" + account.user() + "\0" + account.password();
      s.send("<auth xmlns='" + SASL + "' mechanism='PLAIN'>" + base64(plain) + "</auth>");
      answer = s.next("success", "failure");
    } else if (offers(features, "SCRAM-SHA-1")) {
      answer = scram(s);
    } else {
      throw new Unhealthy(
          "offers neither PLAIN nor SCRAM-SHA-1 for "
              + who
              + (features.contains("<mechanisms") ? "" : " (no SASL before STARTTLS?)"));
    }
    if (!answer.startsWith("<success")) {
      throw new Unhealthy("refused " + who + ": " + condition(answer, "<failure"));
    }
  }

  private String scram(Stream s) throws IOException, Unhealthy {
    ScramSha1Client scram = new ScramSha1Client(account.user(), account.password());
    s.send(
        "<auth xmlns='" + SASL + "' mechanism='SCRAM-SHA-1'>" + base64(scram.first()) + "</auth>");
    String challenge = s.next("challenge", "failure");
    if (!challenge.startsWith("<challenge")) {
      return challenge;
    }
    String last;
    try {
      last = scram.last(unbase64(text(challenge)));
    } catch (IllegalArgumentException e) {
      throw new Unhealthy("sent a bad SCRAM challenge: " + e.getMessage());
    }
    s.send("<response xmlns='" + SASL + "'>" + base64(last) + "</response>");
    String answer = s.next("success", "failure");
    if (answer.startsWith("<success") && !scram.verifies(unbase64(text(answer)))) {
      throw new Unhealthy("accepted the login but could not prove it knows the password");
    }
    return answer;
  }

  /**
   * TLS for a local health probe against the server's own certificate, which is self-signed (made
   * at first start) unless the operator gave one: any certificate is trusted. The probe checks that
   * the server logs a client in; the one secret it sends is the health account's password, which
   * opens nothing but a login.
   */
  private SSLSocket tls(Socket plain) throws IOException {
    X509TrustManager trustAny =
        new X509TrustManager() {
          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
          }
        };
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {trustAny}, null);
      // The domain as the peer name: it goes out as SNI, as a client's would.
      SSLSocket tls =
          (SSLSocket) context.getSocketFactory().createSocket(plain, domain, port, true);
      tls.setUseClientMode(true);
      tls.startHandshake();
      return tls;
    } catch (GeneralSecurityException e) {
      throw new IOException("no TLS: " + e.getMessage(), e);
    }
  }

  private static boolean offers(String features, String mechanism) {
    Matcher m = MECHANISM.matcher(features);
    while (m.find()) {
      if (m.group(1).trim().equals(mechanism)) {
        return true;
      }
    }
    return false;
  }

  /** The first child's name of an error element ({@code not-authorized}), or "no reason given". */
  private static String condition(String element, String start) {
    int at = element.indexOf(start);
    Matcher m = CONDITION.matcher(at < 0 ? element : element.substring(at));
    return m.find() ? m.group(1) : "no reason given";
  }

  private static String text(String element) {
    int gt = element.indexOf('>');
    int end = element.lastIndexOf("</");
    return gt < 0 || end < gt || element.charAt(gt - 1) == '/'
        ? ""
        : element.substring(gt + 1, end);
  }

  private static String base64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String unbase64(String s) {
    return new String(Base64.getMimeDecoder().decode(s.trim()), StandardCharsets.UTF_8);
  }

  /** One XML stream over a socket (plain, or TLS after STARTTLS). */
  private static final class Stream {
    private final Reader in;
    private final OutputStream out;
    private final StringBuilder buf = new StringBuilder();

    Stream(Socket socket) throws IOException {
      this.in = new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8);
      this.out = socket.getOutputStream();
    }

    /** Opens a stream to the domain; returns the stream features. */
    String open(String domain) throws IOException, Unhealthy {
      buf.setLength(0);
      send(
          "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'"
              + " to='"
              + domain
              + "' version='1.0'>");
      return next("stream:features");
    }

    void send(String xml) throws IOException {
      out.write(xml.getBytes(StandardCharsets.UTF_8));
      out.flush();
    }

    /**
     * Reads until the first of these top-level elements is complete, and returns it. A stream error
     * or the end of the stream is a failure.
     */
    String next(String... names) throws IOException, Unhealthy {
      char[] chunk = new char[4096];
      while (true) {
        String element = complete(names);
        if (element != null) {
          return element;
        }
        if (buf.indexOf("<stream:error") >= 0 && buf.indexOf("</stream:error>") >= 0) {
          throw new Unhealthy("ended the stream: " + condition(buf.toString(), "<stream:error"));
        }
        if (buf.indexOf("</stream:stream>") >= 0) {
          throw new Unhealthy("closed the stream");
        }
        int n = in.read(chunk);
        if (n < 0) {
          throw new Unhealthy("closed the connection");
        }
        buf.append(chunk, 0, n);
      }
    }

    private String complete(String... names) {
      int first = -1;
      String name = null;
      for (String n : names) {
        for (int at = buf.indexOf("<" + n); at >= 0; at = buf.indexOf("<" + n, at + 1)) {
          char after = at + n.length() + 1 < buf.length() ? buf.charAt(at + n.length() + 1) : ' ';
          if (after == ' ' || after == '>' || after == '/') {
            if (first < 0 || at < first) {
              first = at;
              name = n;
            }
            break;
          }
        }
      }
      if (first < 0) {
        return null;
      }
      int gt = buf.indexOf(">", first);
      if (gt < 0) {
        return null;
      }
      int end;
      if (buf.charAt(gt - 1) == '/') {
        end = gt + 1;
      } else {
        int close = buf.indexOf("</" + name + ">", gt);
        if (close < 0) {
          return null;
        }
        end = close + name.length() + 3;
      }
      String element = buf.substring(first, end);
      buf.delete(0, end);
      return element;
    }

    /** Ends the stream and waits for the server to end its own (RFC 6120 §4.4). */
    void close() throws IOException {
      send("</stream:stream>");
      char[] chunk = new char[1024];
      try {
        int n;
        while (buf.indexOf("</stream:stream>") < 0 && (n = in.read(chunk)) >= 0) {
          buf.append(chunk, 0, n);
        }
      } catch (IOException e) {
        // Logged in and bound is healthy; how the server hangs up after that does not matter.
      }
    }
  }
}
