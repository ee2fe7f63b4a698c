package org.huddle.launcher;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code huddle probe}: health checks for containers and the watchdog, with no curl needed in the
 * image. Exits 0 when the service answers as it should, 1 (with the reason on stderr) when it does
 * not.
 */
@Command(
    name = "probe",
    mixinStandardHelpOptions = true,
    description = "Checks a service: exit 0 when healthy, 1 with the reason otherwise.",
    subcommands = {ProbeCommand.Http.class, ProbeCommand.Xmpp.class})
final class ProbeCommand {
  @Option(
      names = "--timeout",
      defaultValue = "5",
      description = "Seconds to wait (default ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Command(
      name = "http",
      mixinStandardHelpOptions = true,
      description = "GETs a URL; healthy on a 2xx answer.")
  static final class Http implements Callable<Integer> {
    @picocli.CommandLine.ParentCommand ProbeCommand parent;

    @Parameters(paramLabel = "URL", description = "e.g. http://127.0.0.1:5280/about/health")
    URI url;

    @Override
    public Integer call() {
      Duration timeout = Duration.ofSeconds(parent.timeoutSeconds);
      try {
        HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build();
        HttpResponse<String> r =
            client.send(
                HttpRequest.newBuilder(url).timeout(timeout).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 == 2) {
          return 0;
        }
        System.err.println(url + " answered " + r.statusCode() + ": " + r.body().strip());
      } catch (Exception e) {
        System.err.println(url + " did not answer: " + e);
      }
      return 1;
    }
  }

  @Command(
      name = "xmpp",
      mixinStandardHelpOptions = true,
      description = "Logs in anonymously over c2s (no TLS); healthy when SASL ANONYMOUS succeeds.")
  static final class Xmpp implements Callable<Integer> {
    @picocli.CommandLine.ParentCommand ProbeCommand parent;

    @Parameters(index = "0", paramLabel = "HOST:PORT", description = "e.g. 127.0.0.1:5222")
    String address;

    @Parameters(
        index = "1",
        paramLabel = "DOMAIN",
        defaultValue = "meet.jitsi",
        description = "the guest domain")
    String domain;

    @Override
    public Integer call() {
      int colon = address.lastIndexOf(':');
      String host = colon > 0 ? address.substring(0, colon) : address;
      int port = colon > 0 ? Integer.parseInt(address.substring(colon + 1)) : 5222;
      int timeout = (int) Duration.ofSeconds(parent.timeoutSeconds).toMillis();
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(host, port), timeout);
        s.setSoTimeout(timeout);
        OutputStream out = s.getOutputStream();
        InputStream in = s.getInputStream();
        String header =
            "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='"
                + domain
                + "' version='1.0'>";
        StringBuilder got = new StringBuilder();
        out.write(header.getBytes(StandardCharsets.UTF_8));
        read(in, got, "</stream:features>");
        out.write(
            "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='ANONYMOUS'/>"
                .getBytes(StandardCharsets.UTF_8));
        read(in, got, "<success", "<failure", "</stream:stream>");
        if (!got.toString().contains("<success")) {
          System.err.println("xmpp " + address + " refused an anonymous login: " + got);
          return 1;
        }
        // After SASL the stream restarts (RFC 6120 6.4.6); close the new stream, not the old one.
        got.setLength(0);
        out.write(header.getBytes(StandardCharsets.UTF_8));
        read(in, got, "</stream:features>");
        out.write("</stream:stream>".getBytes(StandardCharsets.UTF_8));
        return 0;
      } catch (Exception e) {
        System.err.println("xmpp " + address + " did not log in: " + e);
        return 1;
      }
    }

    private static void read(InputStream in, StringBuilder got, String... markers)
        throws Exception {
      byte[] buf = new byte[4096];
      while (true) {
        for (String m : markers) {
          if (got.indexOf(m) >= 0) {
            return;
          }
        }
        int n = in.read(buf);
        if (n < 0) {
          throw new java.io.EOFException("closed after: " + got);
        }
        got.append(new String(buf, 0, n, StandardCharsets.UTF_8));
      }
    }
  }
}
