package org.huddle.deployment;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy.sh ssl} with a real ACME server, all on loopback: Debian's pebble (its HTTPS under
 * a CA this test makes, which certbot trusts through REQUESTS_CA_BUNDLE), pebble-challtestsrv as
 * pebble's DNS (every name is 127.0.0.1), and a real nginx serving the webroot with the nginx
 * template's own acme-challenge location on pebble's HTTP-01 port. certbot runs for real, with its
 * folders (HUDDLE_CERTBOT_DIR) and the renewal job's cron file (HUDDLE_CRON_FILE) in a temp dir.
 */
class SslIT {
  static final String DOMAIN = "huddle.test";
  static final String EMAIL = "admin@huddle.test";
  static final Duration RUN = Duration.ofMinutes(2);

  @TempDir Path dir;

  Path home;
  Path envFile;
  Path certs;
  Path certbotDir;
  Path cronFile;
  Path caPem;
  int acmePort;
  int managementPort;
  int httpPort;
  int httpsPort;
  List<String> nginx;
  SSLContext trustsTestCa;
  final List<Process> processes = new ArrayList<>();

  @BeforeEach
  void startAcmeServerDnsAndNginx() throws Exception {
    home = Files.createDirectories(dir.resolve("home"));
    envFile = home.resolve("docker/.env");
    certs = home.resolve("docker/config/certs");
    certbotDir = dir.resolve("certbot");
    cronFile = Files.createDirectories(dir.resolve("cron.d")).resolve("huddle-certbot");
    acmePort = LocalDeployment.freeTcpPort();
    managementPort = LocalDeployment.freeTcpPort();
    httpPort = LocalDeployment.freeTcpPort();
    httpsPort = LocalDeployment.freeTcpPort();
    int tlsAlpnPort = LocalDeployment.freeTcpPort();
    int dnsPort = LocalDeployment.freeUdpAndTcpPort();
    int dnsManagementPort = LocalDeployment.freeTcpPort();

    Scripts.Result init = deploy(Map.of(), "init");
    assertThat(init.exit()).as("init\n%s", init).isZero();

    // pebble's HTTPS certificate: Debian ships none of pebble's test certificates.
    Path ca = Files.createDirectories(dir.resolve("ca"));
    caPem = ca.resolve("ca.pem");
    String openssl = Scripts.tool("openssl", "openssl");
    Files.writeString(
        ca.resolve("leaf.ext"),
        "basicConstraints=CA:FALSE\nsubjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n"
            + "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n");
    for (List<String> step :
        List.of(
            List.of(
                openssl,
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-days",
                "2",
                "-subj",
                "/CN=Huddle SslIT CA",
                "-keyout",
                "ca.key",
                "-out",
                "ca.pem"),
            List.of(
                openssl,
                "req",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-subj",
                "/CN=127.0.0.1",
                "-keyout",
                "pebble.key",
                "-out",
                "pebble.csr"),
            List.of(
                openssl,
                "x509",
                "-req",
                "-in",
                "pebble.csr",
                "-CA",
                "ca.pem",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-days",
                "2",
                "-extfile",
                "leaf.ext",
                "-out",
                "pebble.pem"))) {
      Scripts.Result r = runIn(ca, step);
      assertThat(r.exit()).as("%s\n%s", step, r).isZero();
    }
    trustsTestCa = sslContextTrusting(Files.readString(caPem));

    // pebble-challtestsrv: only its mock DNS, answering 127.0.0.1 for every name.
    start(
        "challtestsrv",
        Map.of(),
        Scripts.tool("pebble-challtestsrv", "pebble"),
        "-defaultIPv4",
        "127.0.0.1",
        "-defaultIPv6",
        "",
        "-dns01",
        "127.0.0.1:" + dnsPort,
        "-http01",
        "",
        "-https01",
        "",
        "-tlsalpn01",
        "",
        "-management",
        "127.0.0.1:" + dnsManagementPort);
    Path pebbleConfig = dir.resolve("pebble.json");
    Files.writeString(
        pebbleConfig,
        String.format(
            """
            {"pebble": {
              "listenAddress": "127.0.0.1:%d",
              "managementListenAddress": "127.0.0.1:%d",
              "certificate": "%s",
              "privateKey": "%s",
              "httpPort": %d,
              "tlsPort": %d,
              "ocspResponderURL": "",
              "externalAccountBindingRequired": false
            }}
            """,
            acmePort,
            managementPort,
            ca.resolve("pebble.pem"),
            ca.resolve("pebble.key"),
            httpPort,
            tlsAlpnPort));
    start(
        "pebble",
        Map.of(
            "PEBBLE_VA_NOSLEEP", "1",
            "PEBBLE_WFE_NONCEREJECT", "0",
            // Every order is validated afresh, through nginx.
            "PEBBLE_AUTHZREUSE", "0"),
        Scripts.tool("pebble", "pebble"),
        "-config",
        pebbleConfig.toString(),
        "-dnsserver",
        "127.0.0.1:" + dnsPort);

    startNginx();

    HttpClient client = HttpClient.newBuilder().sslContext(trustsTestCa).build();
    awaitOk(client, "https://127.0.0.1:" + acmePort + "/dir");
    Path probe = home.resolve("docker/config/acme/.well-known/acme-challenge/probe");
    Files.createDirectories(probe.getParent());
    Files.writeString(probe, "probe");
    HttpResponse<String> served =
        awaitOk(client, "http://127.0.0.1:" + httpPort + "/.well-known/acme-challenge/probe");
    assertThat(served.body()).isEqualTo("probe");
    Files.delete(probe);
    awaitTcp(dnsManagementPort);
  }

  /** nginx with the template's acme-challenge location on pebble's HTTP-01 port, and TLS. */
  void startNginx() throws Exception {
    String template =
        Files.readString(Scripts.repo().resolve("docker/nginx/templates/default.conf.template"));
    Matcher acme =
        Pattern.compile("location /\\.well-known/acme-challenge/ \\{[^}]*}").matcher(template);
    assertThat(acme.find()).as("the template's acme-challenge location").isTrue();
    String acmeLocation =
        acme.group().replace("/var/www/acme", home.resolve("docker/config/acme").toString());
    Path prefix = Files.createDirectories(dir.resolve("nginx"));
    Files.writeString(
        prefix.resolve("nginx.conf"),
        String.join(
            "\n",
            "daemon off;",
            // The temp dirs are mode 700: workers that read the webroot run as root too.
            "user root;",
            "pid " + prefix.resolve("nginx.pid") + ";",
            "error_log " + prefix.resolve("error.log") + ";",
            "events { worker_connections 64; }",
            "http {",
            "  access_log " + prefix.resolve("access.log") + ";",
            "  client_body_temp_path " + prefix + "/body;",
            "  proxy_temp_path " + prefix + "/proxy;",
            "  server {",
            "    listen 127.0.0.1:" + httpPort + ";",
            "    " + acmeLocation,
            "  }",
            "  server {",
            "    listen 127.0.0.1:" + httpsPort + " ssl;",
            "    ssl_certificate " + certs.resolve("huddle.crt") + ";",
            "    ssl_certificate_key " + certs.resolve("huddle.key") + ";",
            "    location / { return 200 \"ok\\n\"; }",
            "  }",
            "}",
            ""));
    String bin = "/usr/sbin/nginx";
    assertThat(Path.of(bin)).as("nginx (Debian nginx-light; scripts/test.sh installs it)").exists();
    nginx =
        List.of(
            bin,
            "-p",
            prefix.toString(),
            "-e",
            prefix.resolve("error.log").toString(),
            "-c",
            prefix.resolve("nginx.conf").toString());
    start("nginx", Map.of(), nginx.toArray(String[]::new));
  }

  @AfterEach
  void stopEverything() throws Exception {
    for (Process p : processes.reversed()) {
      List<ProcessHandle> children = p.descendants().toList();
      p.destroy();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
      }
      children.forEach(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  void certbotGetsTheCertificateInstallsItAndRenewsItThroughTheHook() throws Exception {
    long started = System.nanoTime();
    Scripts.Result ssl = deploy(Map.of(), "--mode", "local", "ssl", DOMAIN, EMAIL);
    assertThat(ssl.exit()).as("ssl\n%s\n%s", ssl, pebbleLog()).isZero();

    X509Certificate intermediate = pem(get("/intermediates/0")).getFirst();
    X509Certificate first = installedCertificate(intermediate);
    assertThat(Files.readString(envFile))
        .contains("LETSENCRYPT_DOMAIN=" + DOMAIN)
        .contains("LETSENCRYPT_EMAIL=" + EMAIL);

    // nginx, reloaded, serves it: a chain to pebble's root, valid for the domain.
    KeyStore roots = KeyStore.getInstance("PKCS12");
    roots.load(null, null);
    roots.setCertificateEntry("pebble", pem(get("/roots/0")).getFirst());
    assertThat(serverCertificate(roots, nginxReload()).getSerialNumber())
        .isEqualTo(first.getSerialNumber());

    // The renewal job: twice a day 'deploy.sh ssl --renew', whose certbot runs the hook.
    assertThat(cronFile).exists();
    assertThat(Files.getPosixFilePermissions(cronFile))
        .doesNotContain(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);
    String cron = Files.readString(cronFile);
    assertThat(cron).contains("deploy.sh ssl --renew-hook");
    Matcher job =
        Pattern.compile("(?m)^(\\d+) (\\d+),(\\d+) \\* \\* \\* (\\S+) (.*)$").matcher(cron);
    assertThat(job.find()).as("a cron line in\n%s", cron).isTrue();
    assertThat(Integer.parseInt(job.group(3)) - Integer.parseInt(job.group(2))).isEqualTo(12);
    String command = job.group(5);
    assertThat(command)
        .contains("HUDDLE_ENV_FILE='" + envFile + "'")
        .contains("HUDDLE_CERTBOT_DIR='" + certbotDir + "'")
        .contains("deploy.sh' --mode local ssl --renew >>");
    // certbot keeps the hook with the certificate, so any 'certbot renew' installs renewals.
    assertThat(Files.readString(certbotDir.resolve("config/renewal/" + DOMAIN + ".conf")))
        .containsPattern("renew_hook = .*deploy.sh' --mode local ssl --renew-hook");

    // 1. deploy.sh ssl --renew, forced: a new certificate, installed by the hook.
    Scripts.Result renew = deploy(Map.of("HUDDLE_CERTBOT_FORCE_RENEWAL", "1"), "ssl", "--renew");
    assertThat(renew.exit()).as("ssl --renew\n%s\n%s", renew, pebbleLog()).isZero();
    assertThat(renew.out()).contains("installed the certificate from");
    X509Certificate second = installedCertificate(intermediate);
    assertThat(second.getSerialNumber()).isNotEqualTo(first.getSerialNumber());

    // 2. The cron line itself, in an environment as bare as cron's (forced again).
    ProcessBuilder p =
        new ProcessBuilder("/bin/sh", "-c", command)
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("cron-run.out").toFile())
            .directory(dir.toFile());
    p.environment().clear();
    p.environment()
        .putAll(
            Map.of(
                "PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                "SHELL", "/bin/sh",
                "HOME", dir.toString(),
                "HUDDLE_CERTBOT_FORCE_RENEWAL", "1"));
    Process cronRun = p.start();
    processes.add(cronRun);
    assertThat(cronRun.waitFor(RUN.toSeconds(), TimeUnit.SECONDS)).as("the cron job ends").isTrue();
    String cronLog = Files.readString(home.resolve("run/logs/ssl-renew.log"));
    assertThat(cronRun.exitValue()).as("the cron job\n%s", cronLog).isZero();
    assertThat(cronLog).contains("installed the certificate from");
    X509Certificate third = installedCertificate(intermediate);
    assertThat(third.getSerialNumber()).isNotIn(first.getSerialNumber(), second.getSerialNumber());

    // 3. A plain 'certbot renew' (as Debian's certbot timer runs it) uses the saved hook.
    Scripts.Result plain =
        Scripts.run(
            List.of(
                Scripts.tool("certbot", "certbot"),
                "renew",
                "--non-interactive",
                "--no-random-sleep-on-renew",
                "--force-renewal",
                "--config-dir",
                certbotDir.resolve("config").toString(),
                "--work-dir",
                certbotDir.resolve("work").toString(),
                "--logs-dir",
                certbotDir.resolve("logs").toString()),
            Map.of("REQUESTS_CA_BUNDLE", caPem.toString()),
            RUN);
    assertThat(plain.exit()).as("certbot renew\n%s", plain).isZero();
    X509Certificate fourth = installedCertificate(intermediate);
    assertThat(fourth.getSerialNumber())
        .isNotIn(first.getSerialNumber(), second.getSerialNumber(), third.getSerialNumber());
    assertThat(serverCertificate(roots, nginxReload()).getSerialNumber())
        .isEqualTo(fourth.getSerialNumber());
    System.out.printf(
        "SslIT: issue, 3 renewals and checks in %d ms%n",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
  }

  @Test
  void badInputAndAFailingCaLeaveTheOldCertificate() throws Exception {
    byte[] crt = Files.readAllBytes(certs.resolve("huddle.crt"));
    byte[] key = Files.readAllBytes(certs.resolve("huddle.key"));

    Scripts.Result noEmail = deploy(Map.of(), "ssl", DOMAIN);
    assertThat(noEmail.exit()).as("%s", noEmail).isEqualTo(2);
    assertThat(noEmail.err()).contains("email address is needed").contains(DOMAIN);

    String wrong = "https://127.0.0.1:" + acmePort + "/no-such-directory";
    Scripts.Result notFound =
        deploy(Map.of("LETSENCRYPT_ACME_SERVER", wrong), "ssl", DOMAIN, EMAIL);
    assertThat(notFound.exit()).as("%s", notFound).isEqualTo(1);
    assertThat(notFound.err())
        .contains("certbot's last lines")
        .contains("404")
        .contains("certbot got no certificate for " + DOMAIN + " from " + wrong)
        .contains("the old certificate stays");

    String closed = "https://127.0.0.1:" + LocalDeployment.freeTcpPort() + "/dir";
    Scripts.Result refused =
        deploy(Map.of("LETSENCRYPT_ACME_SERVER", closed), "ssl", DOMAIN, EMAIL);
    assertThat(refused.exit()).as("%s", refused).isEqualTo(1);
    assertThat(refused.err())
        .contains("Connection refused")
        .contains("certbot got no certificate for " + DOMAIN + " from " + closed);

    assertThat(Files.readAllBytes(certs.resolve("huddle.crt"))).isEqualTo(crt);
    assertThat(Files.readAllBytes(certs.resolve("huddle.key"))).isEqualTo(key);
    assertThat(Files.readString(envFile)).contains("LETSENCRYPT_DOMAIN=\n");
    assertThat(cronFile).doesNotExist();

    Scripts.Result renewFirst = deploy(Map.of(), "ssl", "--renew");
    assertThat(renewFirst.exit()).isEqualTo(1);
    assertThat(renewFirst.err()).contains("no LETSENCRYPT_DOMAIN");
    Scripts.Result badOption = deploy(Map.of(), "ssl", "--staging");
    assertThat(badOption.exit()).isEqualTo(2);
    assertThat(badOption.err()).contains("unknown option '--staging'");
  }

  // --- helpers -----------------------------------------------------------------------------------

  /**
   * deploy.sh in local mode under this test's home, always with the loopback ACME server and
   * certbot's folders and the cron file in the temp dir (an extra setting may replace one).
   */
  Scripts.Result deploy(Map<String, String> extra, String... args) throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("HUDDLE_HOME", home.toString());
    env.put("HUDDLE_ENV_FILE", envFile.toString());
    env.put("HUDDLE_DEPLOY_MODE", "local");
    env.put("JAVA_HOME", Scripts.javaHome());
    env.put("HUDDLE_CERTBOT_DIR", certbotDir.toString());
    env.put("HUDDLE_CRON_FILE", cronFile.toString());
    env.put("LETSENCRYPT_ACME_SERVER", "https://127.0.0.1:" + acmePort + "/dir");
    env.put("REQUESTS_CA_BUNDLE", caPem == null ? "/nonexistent" : caPem.toString());
    env.putAll(extra);
    List<String> command = new ArrayList<>();
    command.add(Scripts.repo().resolve("deploy.sh").toString());
    command.addAll(List.of(args));
    return Scripts.run(command, env, RUN);
  }

  Scripts.Result runIn(Path cwd, List<String> command) throws Exception {
    List<String> c =
        new ArrayList<>(List.of("sh", "-c", "cd \"$0\" && exec \"$@\"", cwd.toString()));
    c.addAll(command);
    return Scripts.run(c, Map.of(), Duration.ofSeconds(30));
  }

  void start(String name, Map<String, String> env, String... command) throws IOException {
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve(name + ".log").toFile());
    pb.environment().putAll(env);
    processes.add(pb.start());
  }

  String pebbleLog() throws IOException {
    return "--- pebble\n" + Files.readString(dir.resolve("pebble.log"));
  }

  /** The installed chain's leaf, after checking it against pebble's intermediate and the key. */
  X509Certificate installedCertificate(X509Certificate intermediate) throws Exception {
    List<X509Certificate> chain = pem(Files.readString(certs.resolve("huddle.crt")));
    X509Certificate leaf = chain.getFirst();
    assertThat(leaf.getIssuerX500Principal()).isEqualTo(intermediate.getSubjectX500Principal());
    leaf.verify(intermediate.getPublicKey());
    assertThat(leaf.getSubjectAlternativeNames()).containsExactly(List.of(2, DOMAIN));
    Path keyFile = certs.resolve("huddle.key");
    assertThat(Files.getPosixFilePermissions(keyFile))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    // The key is the certificate's: what it signs, the certificate's public key verifies.
    String algorithm = leaf.getPublicKey().getAlgorithm();
    PrivateKey key =
        KeyFactory.getInstance(algorithm)
            .generatePrivate(new PKCS8EncodedKeySpec(pemBody(Files.readString(keyFile))));
    String scheme = algorithm.equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
    byte[] data = new byte[32];
    new SecureRandom().nextBytes(data);
    Signature sign = Signature.getInstance(scheme);
    sign.initSign(key);
    sign.update(data);
    byte[] signature = sign.sign();
    Signature verify = Signature.getInstance(scheme);
    verify.initVerify(leaf.getPublicKey());
    verify.update(data);
    assertThat(verify.verify(signature)).as("huddle.key belongs to huddle.crt").isTrue();
    return leaf;
  }

  static byte[] pemBody(String pem) {
    assertThat(pem).contains("-----BEGIN PRIVATE KEY-----");
    String body = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
    return Base64.getDecoder().decode(body);
  }

  static List<X509Certificate> pem(String text) throws Exception {
    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    List<X509Certificate> out = new ArrayList<>();
    try (InputStream in = new ByteArrayInputStream(text.getBytes(UTF_8))) {
      for (Certificate c : cf.generateCertificates(in)) {
        out.add((X509Certificate) c);
      }
    }
    assertThat(out).as("certificates in\n%s", text).isNotEmpty();
    return out;
  }

  static SSLContext sslContextTrusting(String caPemText) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setCertificateEntry("ca", pem(caPemText).getFirst());
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }

  /** A text from pebble's management interface (its root and intermediate). */
  String get(String path) throws Exception {
    HttpClient client = HttpClient.newBuilder().sslContext(trustsTestCa).build();
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + managementPort + path))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("GET %s", path).isEqualTo(200);
    return r.body();
  }

  /** Reloads the test's nginx, as docker mode's 'nginx -s reload' does; returns its HTTPS port. */
  int nginxReload() throws Exception {
    List<String> reload = new ArrayList<>(nginx);
    reload.addAll(List.of("-s", "reload"));
    Scripts.Result r = Scripts.run(reload, Map.of(), Duration.ofSeconds(30));
    assertThat(r.exit()).as("nginx -s reload\n%s", r).isZero();
    return httpsPort;
  }

  /**
   * The certificate nginx serves for the domain, checked as a browser would (chain to the given
   * roots, name = the domain); waits, bounded, while reloaded workers take over.
   */
  X509Certificate serverCertificate(KeyStore roots, int port) throws Exception {
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(roots);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    BigInteger installed =
        pem(Files.readString(certs.resolve("huddle.crt"))).getFirst().getSerialNumber();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      X509Certificate served = null;
      Exception failure = null;
      try (Socket raw = new Socket()) {
        raw.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        raw.setSoTimeout(5000);
        try (SSLSocket s =
            (SSLSocket) ctx.getSocketFactory().createSocket(raw, DOMAIN, port, false)) {
          SSLParameters params = s.getSSLParameters();
          params.setEndpointIdentificationAlgorithm("HTTPS");
          s.setSSLParameters(params);
          s.startHandshake();
          served = (X509Certificate) s.getSession().getPeerCertificates()[0];
        }
      } catch (IOException e) {
        failure = e;
      }
      if (served != null && served.getSerialNumber().equals(installed)) {
        return served;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "nginx does not serve the installed certificate (serial " + installed + ")", failure);
      }
      Thread.sleep(200);
    }
  }

  static HttpResponse<String> awaitOk(HttpClient client, String url) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      try {
        HttpResponse<String> r =
            client.send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return r;
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError(url + " answers " + r.statusCode() + ": " + r.body());
        }
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError(url + " does not answer", e);
        }
      }
      Thread.sleep(100);
    }
  }

  static void awaitTcp(int port) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
        return;
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("nothing listens on 127.0.0.1:" + port, e);
        }
        Thread.sleep(100);
      }
    }
  }
}
