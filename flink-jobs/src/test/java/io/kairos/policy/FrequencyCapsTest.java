package io.kairos.policy;

import static io.kairos.testing.TestEvents.ONE_DAY;
import static io.kairos.testing.TestEvents.ONE_HOUR;
import static io.kairos.testing.TestEvents.ONE_MINUTE;
import static io.kairos.testing.TestEvents.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import io.kairos.customer.CustomerProfile;
import io.kairos.events.Channel;
import io.kairos.state.Contact;
import io.kairos.state.CustomerState;
import org.junit.jupiter.api.Test;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

class FrequencyCapsTest {
    private static final Duration KEEP = Duration.ofDays(14);

    static Contact contact(Channel channel, long at) {
        return Contact.newBuilder()
                .setOfferId("offer-" + at)
                .setChannel(channel.name())
                .setTrigger("CROSS_SELL")
                .setAt(at)
                .build();
    }

    private static CustomerState withContacts(Contact... contacts) {
        CustomerState s = CustomerProfile.newCustomer(T0 - 30 * ONE_DAY);
        for (Contact c : contacts) {
            s.getRecentContacts().add(c);
        }
        return s;
    }

    @Test
    void aBurstGetsExactlyTheDailyCap() {
        FrequencyCaps caps = new FrequencyCaps(3, 10, 3, 10);
        CustomerState s = withContacts();
        int sent = 0;
        Optional<ContactPolicy.Suppression> last = Optional.empty();
        for (int i = 0; i < 10; i++) {
            long at = T0 + i * 6 * ONE_MINUTE;
            last = caps.check(s, Channel.EMAIL, at);
            if (last.isEmpty()) {
                FrequencyCaps.record(s, contact(Channel.EMAIL, at), at, KEEP);
                sent++;
            }
        }
        assertEquals(3, sent);
        assertEquals(Optional.of(ContactPolicy.Suppression.DAILY_CAP), last);
        // the window rolls: 24 h after the first, one more fits
        assertEquals(Optional.empty(), caps.check(s, Channel.EMAIL, T0 + ONE_DAY));
        assertEquals(
                Optional.of(ContactPolicy.Suppression.DAILY_CAP),
                caps.check(s, Channel.EMAIL, T0 + ONE_DAY - 1));
    }

    @Test
    void contactsScheduledInTheFutureCount() {
        FrequencyCaps caps = new FrequencyCaps(2, 10, 2, 10);
        // held for quiet hours / best hour: to be sent later today
        CustomerState s =
                withContacts(
                        contact(Channel.EMAIL, T0 + 10 * ONE_HOUR),
                        contact(Channel.SMS, T0 + 12 * ONE_HOUR));
        assertEquals(
                Optional.of(ContactPolicy.Suppression.DAILY_CAP), caps.check(s, Channel.PUSH, T0));
        assertEquals(Optional.empty(), caps.check(s, Channel.PUSH, T0 - 13 * ONE_HOUR));
    }

    @Test
    void contactsThatNeverShareAWindowDoNotAddUp() {
        FrequencyCaps caps = new FrequencyCaps(2, 10, 2, 10);
        // 20 h before and 20 h after: no 24 h window holds both and T0
        CustomerState apart =
                withContacts(
                        contact(Channel.EMAIL, T0 - 20 * ONE_HOUR),
                        contact(Channel.EMAIL, T0 + 20 * ONE_HOUR));
        assertEquals(Optional.empty(), caps.check(apart, Channel.EMAIL, T0));
        CustomerState close =
                withContacts(
                        contact(Channel.EMAIL, T0 - ONE_HOUR),
                        contact(Channel.EMAIL, T0 + ONE_HOUR));
        assertEquals(
                Optional.of(ContactPolicy.Suppression.DAILY_CAP),
                caps.check(close, Channel.EMAIL, T0));
    }

    @Test
    void windowsAre24HoursToTheMillisecond() {
        FrequencyCaps caps = new FrequencyCaps(1, 10, 1, 10);
        assertEquals(
                Optional.empty(),
                caps.check(withContacts(contact(Channel.SMS, T0 - ONE_DAY)), Channel.SMS, T0));
        assertEquals(
                Optional.of(ContactPolicy.Suppression.DAILY_CAP),
                caps.check(withContacts(contact(Channel.SMS, T0 - ONE_DAY + 1)), Channel.SMS, T0));
        assertEquals(
                Optional.empty(),
                caps.check(withContacts(contact(Channel.SMS, T0 + ONE_DAY)), Channel.SMS, T0));
        assertEquals(
                Optional.of(ContactPolicy.Suppression.DAILY_CAP),
                caps.check(withContacts(contact(Channel.SMS, T0 + ONE_DAY - 1)), Channel.SMS, T0));
    }

    @Test
    void perChannelCapsAreSeparateFromOverallCaps() {
        FrequencyCaps caps = new FrequencyCaps(5, 20, 1, 3);
        CustomerState s = withContacts(contact(Channel.EMAIL, T0 - ONE_HOUR));
        assertEquals(
                Optional.of(ContactPolicy.Suppression.CHANNEL_DAILY_CAP),
                caps.check(s, Channel.EMAIL, T0));
        assertEquals(Optional.empty(), caps.check(s, Channel.SMS, T0));

        CustomerState week =
                withContacts(
                        contact(Channel.EMAIL, T0 - 2 * ONE_DAY),
                        contact(Channel.EMAIL, T0 - 4 * ONE_DAY),
                        contact(Channel.EMAIL, T0 - 6 * ONE_DAY));
        assertEquals(
                Optional.of(ContactPolicy.Suppression.CHANNEL_WEEKLY_CAP),
                caps.check(week, Channel.EMAIL, T0));
        assertEquals(Optional.empty(), caps.check(week, Channel.SMS, T0));
        assertEquals(Optional.empty(), caps.check(week, Channel.EMAIL, T0 + ONE_DAY + 1));
    }

    @Test
    void overallWeeklyCapCountsEveryChannel() {
        FrequencyCaps caps = new FrequencyCaps(5, 3, 5, 5);
        CustomerState s =
                withContacts(
                        contact(Channel.SMS, T0 - 2 * ONE_DAY),
                        contact(Channel.PUSH, T0 - 4 * ONE_DAY),
                        contact(Channel.SMS, T0 + 2 * ONE_DAY));
        assertEquals(
                Optional.of(ContactPolicy.Suppression.WEEKLY_CAP),
                caps.check(s, Channel.EMAIL, T0));
    }

    @Test
    void transactionalAndHeldOutContactsDoNotCount() {
        FrequencyCaps caps = new FrequencyCaps(1, 1, 1, 1);
        Contact transactional = contact(Channel.EMAIL, T0 - ONE_HOUR);
        transactional.setCountsTowardCaps(false);
        assertEquals(Optional.empty(), caps.check(withContacts(transactional), Channel.EMAIL, T0));
    }

    @Test
    void agreesWithABruteForceOverEveryWindow() {
        Random random = new Random(42);
        int cap = 3;
        long day = 24 * 60; // minutes; contacts on whole minutes, so minute-aligned windows suffice
        FrequencyCaps caps = new FrequencyCaps(cap, 64, cap, 64);
        for (int trial = 0; trial < 300; trial++) {
            List<Long> minutes = new ArrayList<>();
            CustomerState s = withContacts();
            for (int i = 0; i < 2 + random.nextInt(6); i++) {
                long m = random.nextInt(3 * 24 * 60);
                minutes.add(m);
                s.getRecentContacts().add(contact(Channel.EMAIL, T0 + m * ONE_MINUTE));
            }
            long sendAt = random.nextInt(3 * 24 * 60);
            int worst = 0;
            for (long w = sendAt - day + 1; w <= sendAt; w++) {
                int n = 0;
                for (long m : minutes) {
                    n += m >= w && m < w + day ? 1 : 0;
                }
                worst = Math.max(worst, n);
            }
            boolean allowed = caps.check(s, Channel.EMAIL, T0 + sendAt * ONE_MINUTE).isEmpty();
            assertEquals(worst + 1 <= cap, allowed, "contacts " + minutes + ", send " + sendAt);
        }
    }

    @Test
    void pruneDropsOldContactsAndBoundsTheList() throws Exception {
        CustomerState s = withContacts(contact(Channel.EMAIL, T0 - 15 * ONE_DAY));
        for (int i = 0; i < 70; i++) {
            Contact c = contact(Channel.EMAIL, T0 - 6 * ONE_DAY + i * ONE_HOUR);
            c.setCountsTowardCaps(i % 2 == 0);
            s.getRecentContacts().add(c);
        }
        s = CustomerState.fromByteBuffer(s.toByteBuffer()); // as restored: Avro's own lists
        FrequencyCaps.prune(s, T0, KEEP);
        assertEquals(FrequencyCaps.MAX_CONTACTS, s.getRecentContacts().size());
        // the 35 counted ones of the week all stay: caps stay exact
        assertEquals(
                35, s.getRecentContacts().stream().filter(Contact::getCountsTowardCaps).count());
        assertTrue(s.getRecentContacts().stream().allMatch(c -> c.getAt() >= T0 - 7 * ONE_DAY));
        assertFalse(s.getRecentContacts().isEmpty());
    }

    @Test
    void settingsAreValidated() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new FrequencyCaps(0, 5, 1, 1));
        assertTrue(e.getMessage().contains("messages per day"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new FrequencyCaps(1, 5, 1, -1));
        assertTrue(e.getMessage().contains("per channel per week"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new FrequencyCaps(1, 65, 1, 1));
        assertTrue(e.getMessage().contains("messages per week"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> FrequencyCaps.prune(withContacts(), T0, Duration.ofDays(6)));
    }
}
