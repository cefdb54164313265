package io.kairos.policy;

import io.kairos.customer.CustomerProfile;
import io.kairos.customer.Decay;
import io.kairos.events.Channel;
import io.kairos.state.ChannelResponse;
import io.kairos.state.CustomerState;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Timely send: which channel a message goes through and when.
 *
 * <ol>
 *   <li>A customer in an active session (last click within {@code activeSessionWindow} before now)
 *       on WEB or APP ({@code lastChannel}) gets the message there, now, if they consented to it
 *       and the offer may use it.
 *   <li>Otherwise the channel is the historically most responsive one among the offer's channels
 *       they consented to: the highest posterior mean (responded + 1) / (sent + 2) of the decayed
 *       counts in {@code channelResponses} (a uniform prior: an untried channel scores 1/2), ties
 *       to the offer's order (most preferred first). So with no data the offer's preference wins,
 *       and a channel that is sent to but ignored gives way to one that is answered.
 *   <li>The send time is now if the message is urgent or fewer than {@code minResponsesForBestHour}
 *       (decayed) responses are known; else the next start of the customer's most responsive local
 *       hour within 24 h (now if we are in that hour).
 * </ol>
 *
 * <p>Empty when the customer consented to none of the offer's channels: consent is never bypassed,
 * not even by transactional messages. Quiet hours and caps apply after this choice, to the chosen
 * send time.
 *
 * <p>The learning state ({@code channelResponses}, {@code responseHours}) is updated by {@link
 * #recordSent} and {@link #recordResponse}; both decay it to the event's time first (as of {@code
 * channelStatsAsOf}), and an out-of-order event is added with its own, smaller weight.
 */
public final class SendTiming implements Serializable {
    private static final long serialVersionUID = 1L;

    /** A chosen channel and send time, and why (for the decision audit). */
    public static final class Choice implements Serializable {
        private static final long serialVersionUID = 1L;

        public final Channel channel;
        public final long sendAt;
        public final String why;

        public Choice(Channel channel, long sendAt, String why) {
            this.channel = channel;
            this.sendAt = sendAt;
            this.why = why;
        }

        @Override
        public String toString() {
            return channel + "@" + Instant.ofEpochMilli(sendAt) + " (" + why + ")";
        }
    }

    public static final int HOURS = 24;

    private final long activeSessionWindowMs;
    private final int minResponsesForBestHour;
    private final Duration channelStatsHalfLife;
    private final ZoneId defaultZone;

    /** With UTC for customers whose time zone is unknown. */
    public SendTiming(
            Duration activeSessionWindow,
            int minResponsesForBestHour,
            Duration channelStatsHalfLife) {
        this(activeSessionWindow, minResponsesForBestHour, channelStatsHalfLife, ZoneOffset.UTC);
    }

    public SendTiming(
            Duration activeSessionWindow,
            int minResponsesForBestHour,
            Duration channelStatsHalfLife,
            ZoneId defaultZone) {
        if (activeSessionWindow == null
                || activeSessionWindow.isNegative()
                || activeSessionWindow.isZero()) {
            throw new IllegalArgumentException(
                    "active session window must be positive: " + activeSessionWindow);
        }
        if (minResponsesForBestHour < 1) {
            throw new IllegalArgumentException(
                    "minimum responses for the best hour must be at least 1: "
                            + minResponsesForBestHour);
        }
        requirePositive(channelStatsHalfLife, "channel statistics half-life");
        this.activeSessionWindowMs = activeSessionWindow.toMillis();
        this.minResponsesForBestHour = minResponsesForBestHour;
        this.channelStatsHalfLife = channelStatsHalfLife;
        this.defaultZone = CustomerZone.require(defaultZone, "send timing default time zone");
    }

    private static void requirePositive(Duration d, String setting) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(setting + " must be positive: " + d);
        }
    }

    /** The channel and send time for an offer that may use {@code offerChannels}, or empty. */
    public Optional<Choice> choose(
            CustomerState s, List<Channel> offerChannels, boolean urgent, long at) {
        Channel session = sessionChannel(s, at);
        if (session != null
                && offerChannels.contains(session)
                && CustomerProfile.hasConsent(s, session)) {
            return Optional.of(new Choice(session, at, "in session on " + session));
        }
        double f = Decay.factor(at - s.getChannelStatsAsOf(), tau(channelStatsHalfLife));
        Channel best = null;
        double bestScore = -1;
        for (Channel c : offerChannels) {
            if (!CustomerProfile.hasConsent(s, c)) {
                continue;
            }
            double score = responsiveness(s.getChannelResponses().get(c.name()), f);
            if (score > bestScore) {
                best = c;
                bestScore = score;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        String channelWhy =
                best == firstConsented(s, offerChannels)
                        ? "preferred " + best
                        : String.format(Locale.ROOT, "most responsive %s (%.2f)", best, bestScore);
        if (urgent) {
            return Optional.of(new Choice(best, at, channelWhy + ", urgent: now"));
        }
        List<Double> hours = s.getResponseHours();
        double responses = 0;
        for (double h : hours) {
            responses += h * f;
        }
        if (hours.size() != HOURS || responses < minResponsesForBestHour) {
            return Optional.of(new Choice(best, at, channelWhy + ", no best hour yet: now"));
        }
        ZoneId zone = CustomerZone.of(s, defaultZone);
        int bestHour = bestHour(hours, Instant.ofEpochMilli(at).atZone(zone).getHour());
        long sendAt = nextStartOfHour(at, bestHour, zone);
        return Optional.of(
                new Choice(best, sendAt, channelWhy + ", best hour " + bestHour + ":00"));
    }

    /** WEB or APP if the customer's last click is within the session window before {@code at}. */
    Channel sessionChannel(CustomerState s, long at) {
        long last = s.getLastClickAt();
        if (last == 0 || last > at || at - last > activeSessionWindowMs) {
            return null;
        }
        String name = s.getLastChannel();
        if (Channel.WEB.name().equals(name)) {
            return Channel.WEB;
        }
        if (Channel.APP.name().equals(name)) {
            return Channel.APP;
        }
        return null;
    }

    private static Channel firstConsented(CustomerState s, List<Channel> offerChannels) {
        for (Channel c : offerChannels) {
            if (CustomerProfile.hasConsent(s, c)) {
                return c;
            }
        }
        return null;
    }

    /** Posterior mean of the response rate with a uniform prior; decay cancels out of a ratio. */
    static double responsiveness(ChannelResponse r, double decayFactor) {
        if (r == null) {
            return 0.5;
        }
        return (r.getResponded() * decayFactor + 1) / (r.getSent() * decayFactor + 2);
    }

    /**
     * The hour with the most responses; among equal ones the first to come from {@code currentHour}
     * on, so a tie does not delay the message needlessly.
     */
    static int bestHour(List<Double> hours, int currentHour) {
        int best = currentHour;
        for (int i = 1; i < HOURS; i++) {
            int h = (currentHour + i) % HOURS;
            if (hours.get(h) > hours.get(best)) {
                best = h;
            }
        }
        return best;
    }

    /** {@code at} if its local hour is {@code hour}, else the next local {@code hour}:00. */
    static long nextStartOfHour(long at, int hour, ZoneId zone) {
        ZonedDateTime local = Instant.ofEpochMilli(at).atZone(zone);
        if (local.getHour() == hour) {
            return at;
        }
        ZonedDateTime next = ZonedDateTime.of(local.toLocalDate(), LocalTime.of(hour, 0), zone);
        if (next.toInstant().toEpochMilli() <= at) {
            next = ZonedDateTime.of(local.toLocalDate().plusDays(1), LocalTime.of(hour, 0), zone);
        }
        return next.toInstant().toEpochMilli();
    }

    /** Counts a message sent (or scheduled) on {@code channel} at {@code at}. */
    public static void recordSent(CustomerState s, Channel channel, long at, Duration halfLife) {
        double w = decayTo(s, at, halfLife);
        ChannelResponse r = stats(s, channel);
        r.setSent(r.getSent() + w);
    }

    /**
     * Counts a response (opened, clicked, converted) on {@code channel} at {@code at}, and the
     * local hour of {@code at} in {@code zone} (the customer's: see {@link CustomerZone#of}).
     */
    public static void recordResponse(
            CustomerState s, Channel channel, long at, ZoneId zone, Duration halfLife) {
        double w = decayTo(s, at, halfLife);
        ChannelResponse r = stats(s, channel);
        r.setResponded(r.getResponded() + w);
        if (s.getResponseHours().size() != HOURS) {
            s.setResponseHours(new ArrayList<>(Collections.nCopies(HOURS, 0.0)));
        }
        int hour = Instant.ofEpochMilli(at).atZone(zone).getHour();
        s.getResponseHours().set(hour, s.getResponseHours().get(hour) + w);
    }

    /**
     * Brings the channel statistics to {@code at} if later; returns the weight of an event at it.
     */
    private static double decayTo(CustomerState s, long at, Duration halfLife) {
        requirePositive(halfLife, "channel statistics half-life");
        Duration tau = tau(halfLife);
        long asOf = s.getChannelStatsAsOf();
        if (asOf == 0) {
            s.setChannelStatsAsOf(at);
            return 1.0;
        }
        if (at <= asOf) {
            return Decay.weight(at, asOf, tau);
        }
        double f = Decay.factor(at - asOf, tau);
        for (ChannelResponse r : s.getChannelResponses().values()) {
            r.setSent(r.getSent() * f);
            r.setResponded(r.getResponded() * f);
        }
        s.getResponseHours().replaceAll(h -> h * f);
        s.setChannelStatsAsOf(at);
        return 1.0;
    }

    private static ChannelResponse stats(CustomerState s, Channel channel) {
        return s.getChannelResponses()
                .computeIfAbsent(
                        channel.name(),
                        c -> ChannelResponse.newBuilder().setSent(0.0).setResponded(0.0).build());
    }

    private static Duration tau(Duration halfLife) {
        return Decay.tauOfHalfLife(halfLife);
    }

    /**
     * The channel of a click's device, for {@code lastChannel}: "ios", "android", "app" -> APP;
     * "web", unknown or none -> WEB (a browser is the common case).
     */
    public static String channelOfDevice(String device) {
        if (device != null) {
            switch (device.trim().toLowerCase(Locale.ROOT)) {
                case "ios":
                case "android":
                case "app":
                    return Channel.APP.name();
                default:
                    break;
            }
        }
        return Channel.WEB.name();
    }

    public Duration channelStatsHalfLife() {
        return channelStatsHalfLife;
    }
}
