package io.kairos.policy;

import static io.kairos.testing.TestEvents.ONE_DAY;
import static io.kairos.testing.TestEvents.ONE_HOUR;
import static io.kairos.testing.TestEvents.ONE_MINUTE;
import static io.kairos.testing.TestEvents.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import io.kairos.customer.CustomerProfile;
import io.kairos.events.Channel;
import io.kairos.state.CustomerState;
import org.junit.jupiter.api.Test;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

class SendTimingTest {
    private static final Duration HALF_LIFE = Duration.ofDays(30);
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final SendTiming TIMING =
            new SendTiming(Duration.ofMinutes(30), 3, HALF_LIFE, BERLIN);

    private static CustomerState consenting(Channel... channels) {
        CustomerState s = CustomerProfile.newCustomer(T0 - 30 * ONE_DAY);
        for (Channel c : channels) {
            s.getConsents().put(c.name(), true);
        }
        return s;
    }

    private static long at(String isoOffsetDateTime) {
        return OffsetDateTime.parse(isoOffsetDateTime).toInstant().toEpochMilli();
    }

    private static void inSession(CustomerState s, String channel, long lastClick) {
        s.setLastClickAt(lastClick);
        s.setLastChannel(channel);
    }

    @Test
    void aCustomerInSessionGetsTheSessionChannelNow() {
        CustomerState s = consenting(Channel.EMAIL, Channel.APP, Channel.WEB);
        inSession(s, "APP", T0 - 5 * ONE_MINUTE);
        Optional<SendTiming.Choice> choice =
                TIMING.choose(s, List.of(Channel.EMAIL, Channel.WEB, Channel.APP), false, T0);
        assertEquals(Channel.APP, choice.get().channel);
        assertEquals(T0, choice.get().sendAt);

        inSession(s, "WEB", T0 - 5 * ONE_MINUTE);
        assertEquals(
                Channel.WEB,
                TIMING.choose(s, List.of(Channel.EMAIL, Channel.WEB), false, T0).get().channel);
    }

    @Test
    void theSessionChannelNeedsConsentTheOfferAndARecentClick() {
        CustomerState s = consenting(Channel.EMAIL);
        inSession(s, "APP", T0 - 5 * ONE_MINUTE);
        List<Channel> offer = List.of(Channel.EMAIL, Channel.APP);
        assertEquals(Channel.EMAIL, TIMING.choose(s, offer, true, T0).get().channel); // no consent

        s.getConsents().put("APP", true);
        assertEquals(
                Channel.EMAIL, TIMING.choose(s, List.of(Channel.EMAIL), true, T0).get().channel);

        inSession(s, "APP", T0 - 31 * ONE_MINUTE); // session over
        assertEquals(Channel.EMAIL, TIMING.choose(s, offer, true, T0).get().channel);
    }

    @Test
    void noConsentToAnyOfTheOffersChannelsMeansNoMessage() {
        CustomerState s = consenting(Channel.SMS);
        s.getConsents().put("EMAIL", false);
        inSession(s, "WEB", T0 - ONE_MINUTE); // in session, but no consent to WEB either
        assertEquals(
                Optional.empty(),
                TIMING.choose(s, List.of(Channel.EMAIL, Channel.WEB, Channel.PUSH), true, T0));
    }

    @Test
    void theMostResponsiveChannelWinsOverPreferenceOnceDataSaysSo() {
        CustomerState s = consenting(Channel.EMAIL, Channel.SMS);
        List<Channel> offer = List.of(Channel.EMAIL, Channel.SMS);
        assertEquals(Channel.EMAIL, TIMING.choose(s, offer, true, T0).get().channel);

        long t = T0 - 20 * ONE_DAY;
        for (int i = 0; i < 4; i++, t += ONE_DAY) {
            SendTiming.recordSent(s, Channel.EMAIL, t, HALF_LIFE);
            SendTiming.recordSent(s, Channel.SMS, t, HALF_LIFE);
        }
        // equal data: the offer's preference decides
        assertEquals(Channel.EMAIL, TIMING.choose(s, offer, true, T0).get().channel);
        SendTiming.recordResponse(s, Channel.SMS, t, BERLIN, HALF_LIFE);
        SendTiming.recordResponse(s, Channel.SMS, t + ONE_HOUR, BERLIN, HALF_LIFE);
        SendTiming.Choice choice = TIMING.choose(s, offer, true, T0).get();
        assertEquals(Channel.SMS, choice.channel);
        assertTrue(choice.why.contains("most responsive"), choice.why);
        // only channels with consent compete
        s.getConsents().put("SMS", false);
        assertEquals(Channel.EMAIL, TIMING.choose(s, offer, true, T0).get().channel);
    }

    @Test
    void sendsAtTheCustomersBestLocalHour() {
        CustomerState s = consenting(Channel.EMAIL);
        s.setTimeZone("America/New_York");
        ZoneId newYork = ZoneId.of("America/New_York");
        List<Channel> offer = List.of(Channel.EMAIL);
        SendTiming.recordResponse(
                s, Channel.EMAIL, at("2026-10-30T19:20-04:00"), newYork, HALF_LIFE);
        SendTiming.recordResponse(
                s, Channel.EMAIL, at("2026-10-31T08:05-04:00"), newYork, HALF_LIFE);
        long now = at("2026-11-02T10:15-05:00");
        // two responses are too few to trust
        assertEquals(now, TIMING.choose(s, offer, false, now).get().sendAt);

        // 19:xx local on both sides of the change back to standard time on 2026-11-01
        SendTiming.recordResponse(
                s, Channel.EMAIL, at("2026-10-31T19:05-04:00"), newYork, HALF_LIFE);
        SendTiming.recordResponse(
                s, Channel.EMAIL, at("2026-11-01T19:45-05:00"), newYork, HALF_LIFE);
        SendTiming.Choice choice = TIMING.choose(s, offer, false, now).get();
        assertEquals(at("2026-11-02T19:00-05:00"), choice.sendAt);
        assertTrue(choice.why.contains("best hour 19"), choice.why);
        // already in that hour: now; past it: tomorrow
        long inHour = at("2026-11-02T19:40-05:00");
        assertEquals(inHour, TIMING.choose(s, offer, false, inHour).get().sendAt);
        assertEquals(
                at("2026-11-03T19:00-05:00"),
                TIMING.choose(s, offer, false, at("2026-11-02T20:05-05:00")).get().sendAt);
        // urgent messages go now
        assertEquals(now, TIMING.choose(s, offer, true, now).get().sendAt);
    }

    @Test
    void oldResponsesFadeBelowTheMinimum() {
        CustomerState s = consenting(Channel.EMAIL);
        long evening = at("2026-04-01T19:30+02:00");
        for (int i = 0; i < 4; i++) {
            SendTiming.recordResponse(s, Channel.EMAIL, evening + i * ONE_DAY, BERLIN, HALF_LIFE);
        }
        List<Channel> offer = List.of(Channel.EMAIL);
        long soon = at("2026-04-06T10:00+02:00");
        assertEquals(
                at("2026-04-06T19:00+02:00"), TIMING.choose(s, offer, false, soon).get().sendAt);
        long monthsLater = at("2026-11-02T10:00+01:00"); // 7 half-lives: 4 responses weigh 0.03
        assertEquals(monthsLater, TIMING.choose(s, offer, false, monthsLater).get().sendAt);
    }

    @Test
    void recordingDecaysToTheEventTime() throws Exception {
        CustomerState s = consenting(Channel.EMAIL);
        SendTiming.recordSent(s, Channel.EMAIL, T0, HALF_LIFE);
        SendTiming.recordSent(s, Channel.EMAIL, T0 + HALF_LIFE.toMillis(), HALF_LIFE);
        assertEquals(1.5, s.getChannelResponses().get("EMAIL").getSent(), 1e-9);
        // a late event counts with its own weight and does not move the clock back
        SendTiming.recordSent(s, Channel.EMAIL, T0, HALF_LIFE);
        assertEquals(2.0, s.getChannelResponses().get("EMAIL").getSent(), 1e-9);
        assertEquals(T0 + HALF_LIFE.toMillis(), s.getChannelStatsAsOf());

        SendTiming.recordResponse(
                s, Channel.EMAIL, at("2026-12-03T07:30+01:00"), BERLIN, HALF_LIFE);
        assertEquals(24, s.getResponseHours().size());
        assertTrue(s.getResponseHours().get(7) > 0.99);

        CustomerState restored = CustomerState.fromByteBuffer(s.toByteBuffer()); // Avro's lists
        long later = at("2026-12-03T07:30+01:00") + HALF_LIFE.toMillis();
        SendTiming.recordResponse(restored, Channel.EMAIL, later, BERLIN, HALF_LIFE);
        assertEquals(1.5, restored.getResponseHours().get(7), 1e-9);
    }

    @Test
    void devicesMapToWebOrApp() {
        assertEquals("WEB", SendTiming.channelOfDevice(null));
        assertEquals("WEB", SendTiming.channelOfDevice("web"));
        assertEquals("APP", SendTiming.channelOfDevice("iOS"));
        assertEquals("APP", SendTiming.channelOfDevice("Android"));
        assertEquals("APP", SendTiming.channelOfDevice("app"));
        assertEquals("WEB", SendTiming.channelOfDevice("smart-fridge"));
    }

    @Test
    void settingsAreValidated() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> new SendTiming(Duration.ZERO, 3, HALF_LIFE));
        assertTrue(e.getMessage().contains("active session window"), e.getMessage());
        e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> new SendTiming(Duration.ofMinutes(30), 0, HALF_LIFE));
        assertTrue(e.getMessage().contains("minimum responses"), e.getMessage());
        e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> new SendTiming(Duration.ofMinutes(30), 3, Duration.ofDays(-1)));
        assertTrue(e.getMessage().contains("half-life"), e.getMessage());
    }
}
