package org.huddle.records.schedule;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * Sends one mail through the first of the configured SMTP servers that takes it (Jakarta Mail), as
 * the private-deployment seed's repeated {@code --mailServer} does. A calendar goes as a {@code
 * text/calendar; method=…} part beside the text, as calendar clients expect of an invitation.
 */
public final class Mailer {
  /** A mail to send. */
  public record Mail(
      String to, String subject, String body, String calendar, String calendarMethod) {}

  private final List<MailServer> servers;
  private final String from;
  private final Duration timeout;

  public Mailer(List<MailServer> servers, String from, Duration timeout) {
    this.servers = List.copyOf(servers);
    this.from = from;
    this.timeout = timeout;
  }

  public boolean configured() {
    return !servers.isEmpty();
  }

  /**
   * Tries each server in order.
   *
   * @return the server that took the mail
   * @throws MessagingException the last server's refusal, when none took it (with the others'
   *     suppressed)
   */
  public MailServer send(Mail mail) throws MessagingException {
    if (servers.isEmpty()) {
      throw new MessagingException("no mail server is configured (HUDDLE_MAIL_SERVERS)");
    }
    MessagingException failed = null;
    for (MailServer s : servers) {
      try {
        deliver(s, mail);
        return s;
      } catch (MessagingException e) {
        MessagingException named = new MessagingException(s.name() + ": " + e.getMessage(), e);
        if (failed != null) {
          named.addSuppressed(failed);
        }
        failed = named;
      }
    }
    throw failed;
  }

  private void deliver(MailServer s, Mail mail) throws MessagingException {
    Properties p = new Properties();
    String proto = s.tls() ? "smtps" : "smtp";
    p.put("mail.transport.protocol", proto);
    p.put("mail." + proto + ".host", s.host());
    p.put("mail." + proto + ".port", Integer.toString(s.port()));
    p.put("mail." + proto + ".connectiontimeout", Long.toString(timeout.toMillis()));
    p.put("mail." + proto + ".timeout", Long.toString(timeout.toMillis()));
    p.put("mail." + proto + ".writetimeout", Long.toString(timeout.toMillis()));
    p.put("mail.smtp.starttls.enable", "true");
    if (s.user() != null) {
      p.put("mail." + proto + ".auth", "true");
    }
    Session session = Session.getInstance(p);
    MimeMessage m = new MimeMessage(session);
    m.setFrom(new InternetAddress(from));
    m.setRecipient(Message.RecipientType.TO, new InternetAddress(mail.to()));
    m.setSubject(mail.subject(), "UTF-8");
    if (mail.calendar() == null) {
      m.setText(mail.body(), "UTF-8");
    } else {
      MimeMultipart parts = new MimeMultipart("alternative");
      MimeBodyPart text = new MimeBodyPart();
      text.setText(mail.body(), "UTF-8");
      parts.addBodyPart(text);
      MimeBodyPart cal = new MimeBodyPart();
      cal.setContent(
          mail.calendar(), "text/calendar; charset=UTF-8; method=" + mail.calendarMethod());
      cal.setHeader("Content-Disposition", "attachment; filename=\"invite.ics\"");
      parts.addBodyPart(cal);
      m.setContent(parts);
    }
    m.saveChanges();
    try (Transport t = session.getTransport(proto)) {
      if (s.user() != null) {
        t.connect(s.host(), s.port(), s.user(), s.password());
      } else {
        t.connect();
      }
      t.sendMessage(m, m.getAllRecipients());
    }
  }
}
