package org.huddle.xmpp.server.tls;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's TLS certificate: the operator's PEM files when configured, otherwise a self-signed
 * certificate made at first start under {@code <data_path>/certs/} and reused afterwards. A
 * self-made certificate is made again when it no longer covers every host, or has expired.
 */
public final class CertificateStore {
  private static final Logger LOG = LoggerFactory.getLogger(CertificateStore.class);
  private static final Duration VALIDITY = Duration.ofDays(3 * 365);

  private final Path certificate;
  private final Path key;

  private CertificateStore(Path certificate, Path key) {
    this.certificate = certificate;
    this.key = key;
  }

  /**
   * The configured certificate, or the self-signed one under {@code dataPath}, made if needed for
   * {@code hosts}.
   */
  public static CertificateStore open(
      Optional<Path> certificate, Optional<Path> key, Path dataPath, Collection<String> hosts)
      throws IOException {
    if (certificate.isPresent() && key.isPresent()) {
      return new CertificateStore(certificate.get(), key.get());
    }
    Path dir = dataPath.resolve("certs");
    Path cert = dir.resolve("huddle-self-signed.crt");
    Path pk = dir.resolve("huddle-self-signed.key");
    if (!covers(cert, hosts)) {
      generate(cert, pk, List.copyOf(hosts));
      LOG.info("made a self-signed TLS certificate for {} at {}", hosts, cert);
    }
    return new CertificateStore(cert, pk);
  }

  public Path certificate() {
    return certificate;
  }

  public Path key() {
    return key;
  }

  /** A server TLS context offering TLS 1.3 and 1.2 only. */
  public SslContext serverContext() throws IOException {
    PrivateKey pkcs8 = pkcs8(key);
    if (pkcs8 == null) {
      return nettyServerContext();
    }
    // The JDK's own SSLContext behind Netty's JdkSslContext, rather than SslContextBuilder: the
    // server context that builder makes parses a key through BouncyCastle whenever bcpkix is on
    // the class path (it is: the certificate above, the bridge's DTLS), and the BouncyCastle
    // provider it constructs for that was a quarter of `huddle all`'s start-up.
    try (var in = Files.newInputStream(certificate)) {
      X509Certificate[] chain =
          CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
              .map(X509Certificate.class::cast)
              .toArray(X509Certificate[]::new);
      // The key goes to the context as it is: an in-memory PKCS12 store would encrypt it with
      // 10,000 rounds of PBKDF2 and a KeyManagerFactory decrypt it again, 0.1-0.4 s of start-up.
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(new KeyManager[] {new OneKey(pkcs8, chain)}, null, null);
      return new JdkSslContext(
          ssl,
          false,
          null,
          IdentityCipherSuiteFilter.INSTANCE,
          ApplicationProtocolConfig.DISABLED,
          ClientAuth.NONE,
          new String[] {"TLSv1.3", "TLSv1.2"},
          false);
    } catch (GeneralSecurityException e) {
      throw new IOException(
          "cannot use TLS certificate " + certificate + " with key " + key + ": " + e, e);
    }
  }

  /** Any other key format (SEC1, PKCS#1, encrypted) through Netty's reader. */
  private SslContext nettyServerContext() throws IOException {
    try {
      return SslContextBuilder.forServer(certificate.toFile(), key.toFile())
          .sslProvider(SslProvider.JDK)
          .protocols("TLSv1.3", "TLSv1.2")
          .build();
    } catch (IllegalArgumentException | javax.net.ssl.SSLException e) {
      throw new IOException(
          "cannot use TLS certificate " + certificate + " with key " + key + ": " + e, e);
    }
  }

  /**
   * An unencrypted PKCS#8 key ("BEGIN PRIVATE KEY": what this class and certbot write), or null.
   */
  private static PrivateKey pkcs8(Path key) throws IOException {
    Matcher m = PKCS8.matcher(Files.readString(key, StandardCharsets.US_ASCII));
    if (!m.find()) {
      return null;
    }
    byte[] der = Base64.getMimeDecoder().decode(m.group(1));
    for (String algorithm : List.of("EC", "RSA", "Ed25519", "Ed448")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException notThisOne) {
        // The DER names its algorithm; trying the few a server key can be is simpler than parsing.
      }
    }
    return null;
  }

  private static final Pattern PKCS8 =
      Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

  /** The certificate, for clients (tests) that pin it. */
  public X509Certificate x509() throws IOException {
    try (var in = Files.newInputStream(certificate)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    } catch (GeneralSecurityException e) {
      throw new IOException("not an X.509 certificate: " + certificate, e);
    }
  }

  private static boolean covers(Path cert, Collection<String> hosts) throws IOException {
    if (!Files.exists(cert)) {
      return false;
    }
    try (var in = Files.newInputStream(cert)) {
      X509Certificate x =
          (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      if (x.getNotAfter().toInstant().isBefore(Instant.now().plus(Duration.ofDays(1)))) {
        return false;
      }
      Set<String> names = new HashSet<>();
      if (x.getSubjectAlternativeNames() != null) {
        for (List<?> san : x.getSubjectAlternativeNames()) {
          names.add(san.get(1).toString());
        }
      }
      return names.containsAll(hosts);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static void generate(Path cert, Path key, List<String> hosts) throws IOException {
    try {
      KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
      gen.initialize(256, new SecureRandom());
      KeyPair pair = gen.generateKeyPair();
      String primary = hosts.isEmpty() ? "localhost" : hosts.get(0);
      X500Name subject = new X500Name("CN=" + primary + ",O=Huddle self-signed");
      Instant now = Instant.now();
      var builder =
          new JcaX509v3CertificateBuilder(
              subject,
              new BigInteger(64, new SecureRandom()),
              Date.from(now.minus(Duration.ofHours(1))),
              Date.from(now.plus(VALIDITY)),
              subject,
              pair.getPublic());
      GeneralName[] names = new GeneralName[hosts.size()];
      for (int i = 0; i < hosts.size(); i++) {
        names[i] = new GeneralName(GeneralName.dNSName, hosts.get(i));
      }
      builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate());
      X509Certificate x509 =
          new JcaX509CertificateConverter().getCertificate(builder.build(signer));
      Files.createDirectories(cert.getParent());
      try (Writer w = Files.newBufferedWriter(key, StandardCharsets.US_ASCII);
          JcaPEMWriter pem = new JcaPEMWriter(w)) {
        pem.writeObject(new JcaPKCS8Generator(pair.getPrivate(), null));
      }
      try {
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException ignored) {
        // Not a POSIX file system; the directory's permissions apply.
      }
      try (Writer w = Files.newBufferedWriter(cert, StandardCharsets.US_ASCII);
          JcaPEMWriter pem = new JcaPEMWriter(w)) {
        pem.writeObject(x509);
      }
    } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException e) {
      throw new IOException("cannot make a self-signed certificate: " + e, e);
    }
  }

  /** A key manager with one key and its chain, offered for every key type the key fits. */
  private static final class OneKey extends X509ExtendedKeyManager {
    private static final String ALIAS = "server";
    private final PrivateKey key;
    private final X509Certificate[] chain;

    OneKey(PrivateKey key, X509Certificate[] chain) {
      this.key = key;
      this.chain = chain.clone();
    }

    /** "EC", "RSA", or a TLS 1.2 pair such as "EC_EC" whose first half is the key's. */
    private String aliasFor(String keyType) {
      String algorithm = key.getAlgorithm();
      return keyType != null && (keyType.equals(algorithm) || keyType.startsWith(algorithm + "_"))
          ? ALIAS
          : null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return aliasFor(keyType);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
      return aliasFor(keyType);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return aliasFor(keyType) == null ? null : new String[] {ALIAS};
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return null;
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
      return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return ALIAS.equals(alias) ? chain.clone() : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return ALIAS.equals(alias) ? key : null;
    }
  }
}
