package org.huddle.focus.conference;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Jicofo's auto-owner: when nobody in the room owns it (a token's moderator claim makes its holder
 * an owner on the XMPP side), the participant who has been there longest is made owner. With
 * signing in on, as Jicofo's authentication role manager: every signed-in participant, and never a
 * guest. It decides; {@link Membership} grants.
 */
final class Moderators {
  private final boolean autoOwner;
  private final Admission admission;

  Moderators(boolean autoOwner, Admission admission) {
    this.autoOwner = autoOwner;
    this.admission = admission;
  }

  /** Who is to be made owner now, of these participants in join order. */
  List<Participant> toGrant(Collection<Participant> participants) {
    if (!autoOwner) {
      return List.of();
    }
    if (admission.enabled()) {
      return participants.stream()
          .filter(p -> !p.ownerRequested() && !isOwner(p))
          .filter(p -> admission.signedIn(p.occupant().realBareJid()))
          .toList();
    }
    if (participants.stream().anyMatch(Moderators::isOwner)) {
      return List.of();
    }
    return participants.stream()
        .filter(p -> p.occupant().realBareJid() != null && !p.ownerRequested())
        .min(Comparator.comparingLong(Participant::order))
        .map(List::of)
        .orElse(List.of());
  }

  private static boolean isOwner(Participant p) {
    String a = p.occupant().affiliation();
    return "owner".equals(a) || "admin".equals(a);
  }
}
