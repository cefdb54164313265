package io.kairos.policy;

import io.kairos.events.Channel;
import io.kairos.state.Contact;
import io.kairos.state.CustomerState;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * How many messages a customer may get: at most {@code perDay} in any 24 hours and {@code perWeek}
 * in any 7 days over all channels, and at most {@code perChannelPerDay} / {@code perChannelPerWeek}
 * on any one channel. Windows are rolling, not calendar days.
 *
 * <p>Counted are the {@code recentContacts} with {@code countsTowardCaps} (transactional messages
 * and held-out decisions are recorded with false). Their {@code at} is when the message is (to be)
 * sent, so a contact deferred to quiet hours' end or to the customer's best hour counts at that
 * future time.
 *
 * <p><b>Exactness.</b> The caps hold for every window: adding a contact at {@code sendAt} can only
 * break a window that contains {@code sendAt}, so it is allowed iff every window {@code [w, w+D)}
 * with {@code sendAt - D < w <= sendAt} holds at most {@code cap - 1} contacts already. The count
 * in such a window changes only when a contact enters it on the right (at {@code w = at - D + 1},
 * times are whole milliseconds) and otherwise only falls as {@code w} grows, so its maximum is
 * reached at the first window {@code w = sendAt - D + 1} or at one of those entry points; {@link
 * #check} evaluates exactly these. (Counting all contacts with {@code |at - sendAt| < D} would be
 * safe but stricter than the cap: a contact 20 h before and one 20 h after never share a 24 h
 * window.) This is exact as long as the state keeps every counted contact of the last 7 days:
 * {@link #prune} evicts what caps do not need first, and {@code perWeek} may not exceed {@link
 * #MAX_CONTACTS}.
 *
 * <p>Every cap must be at least 1; there is no "off" value (use {@link Integer#MAX_VALUE} for the
 * per-channel caps to leave only the overall ones).
 */
public final class FrequencyCaps implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Contacts kept per customer, whatever their age. */
    public static final int MAX_CONTACTS = 64;

    public static final long DAY_MS = Duration.ofDays(1).toMillis();
    public static final long WEEK_MS = Duration.ofDays(7).toMillis();

    private final int perDay;
    private final int perWeek;
    private final int perChannelPerDay;
    private final int perChannelPerWeek;

    public FrequencyCaps(int perDay, int perWeek, int perChannelPerDay, int perChannelPerWeek) {
        this.perDay = atLeastOne(perDay, "messages per day");
        this.perWeek = atLeastOne(perWeek, "messages per week");
        this.perChannelPerDay = atLeastOne(perChannelPerDay, "messages per channel per day");
        this.perChannelPerWeek = atLeastOne(perChannelPerWeek, "messages per channel per week");
        if (perWeek > MAX_CONTACTS) {
            throw new IllegalArgumentException(
                    "messages per week must be at most "
                            + MAX_CONTACTS
                            + " (the contacts kept per customer): "
                            + perWeek);
        }
    }

    private static int atLeastOne(int cap, String setting) {
        if (cap < 1) {
            throw new IllegalArgumentException(setting + " must be at least 1: " + cap);
        }
        return cap;
    }

    /**
     * Whether one more message on {@code channel} at {@code sendAt} would break a cap: the first
     * broken of daily, weekly, channel daily, channel weekly; empty if it may be sent.
     */
    public Optional<ContactPolicy.Suppression> check(
            CustomerState s, Channel channel, long sendAt) {
        List<Long> all = new ArrayList<>();
        List<Long> onChannel = new ArrayList<>();
        for (Contact c : s.getRecentContacts()) {
            if (!c.getCountsTowardCaps() || Math.abs(c.getAt() - sendAt) >= WEEK_MS) {
                continue;
            }
            all.add(c.getAt());
            if (channel.name().equals(c.getChannel())) {
                onChannel.add(c.getAt());
            }
        }
        if (maxInWindowWith(all, sendAt, DAY_MS) >= perDay) {
            return Optional.of(ContactPolicy.Suppression.DAILY_CAP);
        }
        if (maxInWindowWith(all, sendAt, WEEK_MS) >= perWeek) {
            return Optional.of(ContactPolicy.Suppression.WEEKLY_CAP);
        }
        if (maxInWindowWith(onChannel, sendAt, DAY_MS) >= perChannelPerDay) {
            return Optional.of(ContactPolicy.Suppression.CHANNEL_DAILY_CAP);
        }
        if (maxInWindowWith(onChannel, sendAt, WEEK_MS) >= perChannelPerWeek) {
            return Optional.of(ContactPolicy.Suppression.CHANNEL_WEEKLY_CAP);
        }
        return Optional.empty();
    }

    /**
     * The most contacts any window {@code [w, w + length)} containing {@code t} holds (not counting
     * one at {@code t} itself). See the class comment for why the candidate starts suffice.
     */
    static int maxInWindowWith(List<Long> times, long t, long length) {
        int max = countIn(times, t - length + 1, length);
        for (long at : times) {
            if (at > t && at < t + length) {
                max = Math.max(max, countIn(times, at - length + 1, length));
            }
        }
        return max;
    }

    private static int countIn(List<Long> times, long from, long length) {
        int n = 0;
        for (long at : times) {
            if (at >= from && at < from + length) {
                n++;
            }
        }
        return n;
    }

    /**
     * Drops contacts sent (or due) before {@code now - keep} and bounds the list to {@link
     * #MAX_CONTACTS}. When over the bound, the contacts caps do not need go first (older than 7
     * days, or not counted), oldest first; then the oldest. The list stays in insertion order.
     *
     * @param keep how long contacts are kept: at least 7 days (the weekly cap), plus the
     *     attribution window if conversions are attributed from this list
     */
    public static void prune(CustomerState s, long now, Duration keep) {
        if (keep.toMillis() < WEEK_MS) {
            throw new IllegalArgumentException(
                    "contact retention must be at least 7 days (the weekly cap): " + keep);
        }
        List<Contact> contacts = s.getRecentContacts();
        long keepFrom = now - keep.toMillis();
        AvroLists.removeIf(contacts, c -> c.getAt() < keepFrom);
        Comparator<Contact> evictFirst =
                Comparator.comparing(
                                (Contact c) -> c.getCountsTowardCaps() && c.getAt() > now - WEEK_MS)
                        .thenComparingLong(Contact::getAt);
        while (contacts.size() > MAX_CONTACTS) {
            int evict = 0;
            for (int i = 1; i < contacts.size(); i++) {
                if (evictFirst.compare(contacts.get(i), contacts.get(evict)) < 0) {
                    evict = i;
                }
            }
            contacts.remove(evict);
        }
    }

    /** Adds a contact (sent, scheduled or held out) and prunes: see {@link #prune}. */
    public static void record(CustomerState s, Contact contact, long now, Duration keep) {
        s.getRecentContacts().add(contact);
        prune(s, now, keep);
    }

    public int perDay() {
        return perDay;
    }

    public int perWeek() {
        return perWeek;
    }

    public int perChannelPerDay() {
        return perChannelPerDay;
    }

    public int perChannelPerWeek() {
        return perChannelPerWeek;
    }
}
