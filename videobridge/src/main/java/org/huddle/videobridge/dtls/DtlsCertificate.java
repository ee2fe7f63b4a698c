package org.huddle.videobridge.dtls;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.Locale;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * A self-signed ECDSA P-256 certificate, as WebRTC endpoints use, and its fingerprint for the
 * {@code fingerprint} attribute of RFC 8122 §5 (https://www.rfc-editor.org/rfc/rfc8122#section-5):
 * upper-case hex pairs joined by colons.
 */
public final class DtlsCertificate {
  /** The only hash function we offer and accept. */
  public static final String HASH = "sha-256";

  private final Certificate certificate;
  private final AsymmetricKeyParameter privateKey;
  private final String fingerprint;

  private DtlsCertificate(Certificate certificate, AsymmetricKeyParameter privateKey) {
    this.certificate = certificate;
    this.privateKey = privateKey;
    this.fingerprint = fingerprint(certificate);
  }

  /** Generates a fresh key pair and certificate valid from a day ago for the given period. */
  public static DtlsCertificate generate(BcTlsCrypto crypto, String commonName, Duration validity) {
    try {
      KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
      gen.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
      KeyPair pair = gen.generateKeyPair();
      Instant now = Instant.now();
      X500Name name = new X500Name("CN=" + commonName);
      X509CertificateHolder holder =
          new JcaX509v3CertificateBuilder(
                  name,
                  new BigInteger(63, new SecureRandom()),
                  Date.from(now.minus(Duration.ofDays(1))),
                  Date.from(now.plus(validity)),
                  name,
                  pair.getPublic())
              .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
      TlsCertificate tlsCert = crypto.createCertificate(holder.getEncoded());
      return new DtlsCertificate(
          new Certificate(new TlsCertificate[] {tlsCert}),
          PrivateKeyFactory.createKey(pair.getPrivate().getEncoded()));
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException("cannot generate the DTLS certificate", e);
    }
  }

  public Certificate certificate() {
    return certificate;
  }

  public AsymmetricKeyParameter privateKey() {
    return privateKey;
  }

  /** Signs our side of a handshake with this certificate's key (ECDSA with SHA-256). */
  public org.bouncycastle.tls.TlsCredentialedSigner signer(
      org.bouncycastle.tls.TlsContext context, BcTlsCrypto crypto) {
    return new org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner(
        new org.bouncycastle.tls.crypto.TlsCryptoParameters(context),
        crypto,
        privateKey,
        certificate,
        new org.bouncycastle.tls.SignatureAndHashAlgorithm(
            org.bouncycastle.tls.HashAlgorithm.sha256,
            org.bouncycastle.tls.SignatureAlgorithm.ecdsa));
  }

  /** The sha-256 fingerprint, "AB:CD:...". */
  public String fingerprint() {
    return fingerprint;
  }

  /** The sha-256 fingerprint of a certificate chain's end-entity certificate. */
  public static String fingerprint(Certificate chain) {
    if (chain == null || chain.isEmpty()) {
      return "";
    }
    try {
      byte[] der = chain.getCertificateAt(0).getEncoded();
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(der);
      return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
    } catch (IOException | GeneralSecurityException e) {
      return "";
    }
  }

  /** Compares fingerprints as RFC 8122 says: hex case-insensitively. */
  public static boolean matches(String expected, String actual) {
    return expected != null
        && !actual.isEmpty()
        && expected.trim().toUpperCase(Locale.ROOT).equals(actual.toUpperCase(Locale.ROOT));
  }
}
