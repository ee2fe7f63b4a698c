package org.huddle.auth.plugins.token;

import java.io.IOException;
import java.io.StringReader;
import java.security.PublicKey;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Reads a public key from PEM text: {@code PUBLIC KEY} (X.509 SubjectPublicKeyInfo), {@code RSA
 * PUBLIC KEY} (PKCS#1) or a {@code CERTIFICATE}, as key files and ASAP key servers hand them out.
 */
final class PemKeys {
  private PemKeys() {}

  static PublicKey parse(String pem) throws TokenException {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object o = parser.readObject();
      SubjectPublicKeyInfo info =
          switch (o) {
            case SubjectPublicKeyInfo spki -> spki;
            case X509CertificateHolder cert -> cert.getSubjectPublicKeyInfo();
            case null -> throw new TokenException("the key is not PEM");
            default -> throw new TokenException("the PEM holds no public key");
          };
      PublicKey key = new JcaPEMKeyConverter().getPublicKey(info);
      if (!"RSA".equals(key.getAlgorithm())) {
        throw new TokenException("the key is not an RSA key");
      }
      return key;
    } catch (IOException e) {
      throw new TokenException("the key could not be read");
    }
  }
}
