package org.huddle.records.schedule;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import net.fortuna.ical4j.data.CalendarOutputter;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.Attendee;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.Location;
import net.fortuna.ical4j.model.property.Method;
import net.fortuna.ical4j.model.property.Organizer;
import net.fortuna.ical4j.model.property.ProdId;
import net.fortuna.ical4j.model.property.Sequence;
import net.fortuna.ical4j.model.property.Status;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.Url;
import net.fortuna.ical4j.model.property.immutable.ImmutableCalScale;
import net.fortuna.ical4j.model.property.immutable.ImmutableMethod;
import net.fortuna.ical4j.model.property.immutable.ImmutableStatus;
import net.fortuna.ical4j.model.property.immutable.ImmutableVersion;

/**
 * The iCalendar file (RFC 5545, with RFC 5546's methods) an invitation carries, built with ical4j:
 * {@code METHOD:REQUEST} for a new or changed meeting, {@code METHOD:CANCEL} for a cancelled one;
 * one event whose UID stays the same and whose SEQUENCE grows, so a calendar replaces its copy.
 */
public final class Invitations {
  private final String publicUrl;
  private final String uidDomain;

  /**
   * @param publicUrl the address users type (PUBLIC_URL), the meeting link's base
   * @param uidDomain the right-hand side of event UIDs ({@code <id>@<uidDomain>})
   */
  public Invitations(String publicUrl, String uidDomain) {
    this.publicUrl = publicUrl.replaceAll("/+$", "");
    this.uidDomain = uidDomain;
  }

  /** The meeting's link; a room name in another script than Latin is percent-encoded. */
  public String link(ScheduledMeeting m) {
    return publicUrl + "/" + URLEncoder.encode(m.room(), StandardCharsets.UTF_8);
  }

  /** The calendar text for this state of the meeting. */
  public String calendar(ScheduledMeeting m) {
    Method method = m.cancelled() ? ImmutableMethod.CANCEL : ImmutableMethod.REQUEST;
    VEvent event = new VEvent(m.beginsAt(), m.endsAt(), m.title());
    event.add(new Uid(m.id() + "@" + uidDomain));
    event.add(new Sequence(m.sequence()));
    event.add(new Url(URI.create(link(m))));
    event.add(new Location(link(m)));
    event.add(new Description("Join the meeting: " + link(m)));
    event.add(new Organizer(URI.create("mailto:" + m.organizer())));
    for (String invitee : m.invitees()) {
      event.add(new Attendee(URI.create("mailto:" + invitee)));
    }
    Status status =
        m.cancelled() ? ImmutableStatus.VEVENT_CANCELLED : ImmutableStatus.VEVENT_CONFIRMED;
    event.add(status);
    Calendar c = new Calendar();
    c.add(new ProdId("-//Huddle//Meetings//EN"));
    c.add(ImmutableVersion.VERSION_2_0);
    c.add(ImmutableCalScale.GREGORIAN);
    c.add(method);
    c.add(event);
    StringWriter out = new StringWriter();
    try {
      new CalendarOutputter(false).output(c, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** The subject line of the mail about this state of the meeting. */
  public String subject(ScheduledMeeting m) {
    if (m.cancelled()) {
      return "Cancelled: " + m.title();
    }
    return (m.sequence() == 0 ? "Invitation: " : "Updated: ") + m.title();
  }

  /** The plain-text body. */
  public String body(ScheduledMeeting m) {
    StringBuilder b = new StringBuilder();
    if (m.cancelled()) {
      b.append("This meeting has been cancelled by ").append(m.organizer()).append(".\n\n");
    } else {
      b.append(m.organizer()).append(" invites you to a meeting.\n\n");
    }
    b.append(m.title()).append('\n');
    b.append(m.beginsAt()).append(" to ").append(m.endsAt()).append(" (UTC)\n");
    if (!m.cancelled()) {
      b.append("\nJoin: ").append(link(m)).append('\n');
    }
    return b.toString();
  }
}
