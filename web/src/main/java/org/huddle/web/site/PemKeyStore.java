package org.huddle.web.site;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the PEM files operators have (a certificate chain and a PKCS#8 private key, as certbot and
 * openssl write them) into the key store Jetty wants.
 */
public final class PemKeyStore {
  /** The in-memory store's password; it never leaves this process. */
  public static final String PASSWORD = "huddle";

  private static final Pattern KEY =
      Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

  private PemKeyStore() {}

  public static KeyStore load(Path certificate, Path key) {
    try {
      List<? extends Certificate> chain;
      try (var in = Files.newInputStream(certificate)) {
        chain = List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
      }
      if (chain.isEmpty()) {
        throw new IllegalArgumentException(certificate + ": no PEM certificate in it");
      }
      String pem = Files.readString(key, StandardCharsets.US_ASCII);
      Matcher m = KEY.matcher(pem);
      if (!m.find()) {
        throw new IllegalArgumentException(
            key
                + ": expected a PKCS#8 key (-----BEGIN PRIVATE KEY-----); convert one with"
                + " 'openssl pkcs8 -topk8 -nocrypt -in old.key -out new.key'");
      }
      byte[] der = Base64.getMimeDecoder().decode(m.group(1));
      String algorithm = chain.get(0).getPublicKey().getAlgorithm();
      PrivateKey privateKey =
          KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry(
          "huddle", privateKey, PASSWORD.toCharArray(), chain.toArray(new Certificate[0]));
      return store;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "cannot read the TLS certificate " + certificate + " and key " + key + ": " + e, e);
    }
  }
}
