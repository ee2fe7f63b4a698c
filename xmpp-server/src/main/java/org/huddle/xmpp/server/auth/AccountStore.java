package org.huddle.xmpp.server.auth;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.huddle.xmpp.codec.Jid;
import org.huddle.xmpp.codec.JidFormatException;

/**
 * Accounts with passwords, stored salted and hashed as SCRAM keys under the data directory, one
 * small file per account: {@code <data_path>/<host>/accounts/<user>.properties}, names escaped as
 * Prosody escapes them.
 *
 * <p>Every lookup reads the file, so accounts added or removed by {@code huddle user} while the
 * server runs take effect at the next login, as with {@code prosodyctl register}. Writes go to a
 * temporary file that is moved into place, so a crash never leaves half an account.
 */
public final class AccountStore {
  private static final Base64.Encoder B64 = Base64.getEncoder();
  private static final Base64.Decoder B64D = Base64.getDecoder();

  private final Path dataPath;
  private final int iterations;
  private final SecureRandom random = new SecureRandom();

  /**
   * @param dataPath the data directory ({@code data_path})
   * @param iterations the PBKDF2 iteration count for new passwords
   */
  public AccountStore(Path dataPath, int iterations) {
    this.dataPath = dataPath;
    this.iterations = iterations;
  }

  /** Creates the account, or changes its password when it exists. */
  public void put(String host, String user, String password) throws IOException {
    String node = validUser(user);
    if (password == null || password.isEmpty()) {
      throw new IllegalArgumentException("the password must not be empty");
    }
    byte[] salt = new byte[16];
    random.nextBytes(salt);
    Credentials c = Credentials.derive(password, salt, iterations);
    Properties p = new Properties();
    p.setProperty("salt", B64.encodeToString(c.salt()));
    p.setProperty("iterations", Integer.toString(c.iterations()));
    for (Map.Entry<ScramHash, ScramHash.ScramKeys> e : c.keys().entrySet()) {
      String prefix = e.getKey().name().toLowerCase(java.util.Locale.ROOT);
      p.setProperty(prefix + ".stored_key", B64.encodeToString(e.getValue().storedKey()));
      p.setProperty(prefix + ".server_key", B64.encodeToString(e.getValue().serverKey()));
    }
    Path file = file(host, node);
    Files.createDirectories(file.getParent());
    Path tmp = Files.createTempFile(file.getParent(), ".account", ".tmp");
    try (OutputStream out = Files.newOutputStream(tmp)) {
      p.store(
          out, "Huddle account " + node + "@" + host + " (SCRAM keys; the password is not stored)");
    }
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * Sets the password unless the account already has it (with the current iteration count), which
   * costs one key derivation instead of a derivation per mechanism and a rewrite: accounts seeded
   * from the environment are checked at every start. Returns whether the account was written.
   */
  public boolean ensure(String host, String user, String password) throws IOException {
    Optional<Credentials> existing = credentials(host, user);
    if (existing.isPresent() && existing.get().iterations() == iterations) {
      Credentials c = existing.get();
      ScramHash.ScramKeys stored = c.keys().get(ScramHash.SHA256);
      ScramHash.ScramKeys derived = ScramHash.SHA256.keys(password, c.salt(), c.iterations());
      if (java.security.MessageDigest.isEqual(stored.storedKey(), derived.storedKey())
          && java.security.MessageDigest.isEqual(stored.serverKey(), derived.serverKey())) {
        return false;
      }
    }
    put(host, user, password);
    return true;
  }

  /** Removes the account; returns whether it existed. */
  public boolean remove(String host, String user) throws IOException {
    return Files.deleteIfExists(file(host, validUser(user)));
  }

  /** Whether the account exists. */
  public boolean exists(String host, String user) {
    try {
      return Files.exists(file(host, validUser(user)));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The account names on a host, sorted. */
  public List<String> list(String host) throws IOException {
    Path dir = dataPath.resolve(escape(host)).resolve("accounts");
    List<String> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.properties")) {
      for (Path p : ds) {
        String name = p.getFileName().toString();
        out.add(unescape(name.substring(0, name.length() - ".properties".length())));
      }
    }
    out.sort(null);
    return out;
  }

  /**
   * The stored credentials, or empty when there is no such account (or the name is not a valid
   * local part).
   */
  public Optional<Credentials> credentials(String host, String user) throws IOException {
    String node;
    try {
      node = validUser(user);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(file(host, node))) {
      p.load(in);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    Map<ScramHash, ScramHash.ScramKeys> keys = new EnumMap<>(ScramHash.class);
    for (ScramHash h : ScramHash.values()) {
      String prefix = h.name().toLowerCase(java.util.Locale.ROOT);
      String stored = p.getProperty(prefix + ".stored_key");
      String server = p.getProperty(prefix + ".server_key");
      if (stored == null || server == null) {
        throw new IOException(
            "account file for " + node + "@" + host + " lacks " + prefix + " keys");
      }
      keys.put(h, new ScramHash.ScramKeys(B64D.decode(stored), B64D.decode(server)));
    }
    return Optional.of(
        new Credentials(
            B64D.decode(p.getProperty("salt")),
            Integer.parseInt(p.getProperty("iterations")),
            keys));
  }

  private Path file(String host, String node) {
    return dataPath.resolve(escape(host)).resolve("accounts").resolve(escape(node) + ".properties");
  }

  /** The user name as a normalized local part; throws when it is not one. */
  static String validUser(String user) {
    try {
      return Jid.of(user, "localhost", null).local();
    } catch (JidFormatException e) {
      throw new IllegalArgumentException("not a valid user name: " + e.getMessage());
    }
  }

  /**
   * Escapes every character but letters and digits as %xx of its UTF-8 bytes, as Prosody names its
   * data files.
   */
  static String escape(String s) {
    StringBuilder sb = new StringBuilder();
    for (byte b : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
        sb.append((char) c);
      } else {
        sb.append('%').append(String.format("%02x", c));
      }
    }
    return sb.toString();
  }

  static String unescape(String s) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%' && i + 2 < s.length()) {
        out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        out.write(c);
      }
    }
    return out.toString(java.nio.charset.StandardCharsets.UTF_8);
  }
}
