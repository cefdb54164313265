package io.kairos.loadgen.accuracy;

import io.kairos.loadgen.scenario.Archetype;
import io.kairos.loadgen.scenario.GroundTruth;
import io.kairos.loadgen.scenario.GroundTruth.CartTruth;
import io.kairos.loadgen.scenario.GroundTruth.ChurnTruth;
import io.kairos.loadgen.scenario.GroundTruth.CrossSellTruth;
import io.kairos.loadgen.scenario.GroundTruth.CustomerTruth;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Scores what the engine produced (churn signals, messages) against a scenario's ground truth:
 * a pure computation, no I/O, so it is tested with hand-made truth and observations.
 *
 * <ul>
 *   <li>Churn: a customer's CHURN_RISK_ENTERED/CLEARED signals make at-risk intervals. A drifter
 *       is detected if at risk at some time from their last purchase to the end; the detection
 *       delay is (that time − last purchase) / their typical gap. Recall counts only drifters the
 *       window left {@code detectableAfterGaps} gaps after their last purchase to notice.
 *   <li>Cart abandonment: a planted cart is found by a CART_ABANDONMENT message for the customer
 *       created within {@code cartWindow} after the cart time. Expected are reachable carts not
 *       within {@code cooldown} of the previous expected one of the customer (the job sends one
 *       reminder per cooldown).
 *   <li>Cross-sell: a planted moment is found by a CROSS_SELL message caused by that purchase;
 *       its offer is right if the catalog lists it for the purchase or the engine learned it is
 *       bought with it. A learned cross-sell on another purchase is not spurious.
 *   <li>Volume against caps per customer and UTC day / week, and consent at each message's time.
 * </ul>
 */
public final class Accuracy {
    private static final long DAY = 86_400_000L;
    private static final long WEEK = 7 * DAY;
    /** 1970-01-05 was a Monday: weeks run Monday to Sunday (UTC). */
    private static final long MONDAY = 4 * DAY;

    /** Parameters of the comparison. */
    public record Settings(long endMillis, double detectableAfterGaps, Duration cartWindow, Duration cooldown,
                           int capPerDay, int capPerWeek) {
        public static Settings defaults(long endMillis) {
            return new Settings(endMillis, 3, Duration.ofDays(1), Duration.ofDays(7), 0, 0);
        }

        public Settings withCaps(int perDay, int perWeek) {
            return new Settings(endMillis, detectableAfterGaps, cartWindow, cooldown, perDay, perWeek);
        }
    }

    private Accuracy() {}

    public static AccuracyReport evaluate(GroundTruth truth, Collection<Observed.ChurnSignal> signals,
                                          Collection<Observed.Message> messages, Settings settings) {
        Map<String, CustomerTruth> customers = new HashMap<>();
        truth.customers.forEach(c -> customers.put(c.customer(), c));
        Map<String, List<Observed.Message>> byTrigger = new HashMap<>();
        for (Observed.Message m : messages) {
            byTrigger.computeIfAbsent(m.trigger(), k -> new ArrayList<>()).add(m);
        }
        return new AccuracyReport(
                new AccuracyReport.Settings(settings.endMillis(), settings.detectableAfterGaps(),
                        settings.cartWindow().toMillis(), settings.cooldown().toMillis(), settings.capPerDay(),
                        settings.capPerWeek()),
                churn(truth, customers, signals, settings),
                carts(truth.carts, byTrigger.getOrDefault("CART_ABANDONMENT", List.of()), settings),
                crossSells(truth.crossSells, byTrigger.getOrDefault("CROSS_SELL", List.of())),
                volume(customers.size(), messages, settings),
                consent(customers, messages));
    }

    // ---- churn ----

    /** At-risk intervals [from, to) of one customer, from their signals in time order. */
    static List<long[]> atRisk(List<Observed.ChurnSignal> signals, long end) {
        List<Observed.ChurnSignal> sorted = new ArrayList<>(signals);
        sorted.sort(Comparator.comparingLong(Observed.ChurnSignal::time));
        List<long[]> intervals = new ArrayList<>();
        long from = -1;
        for (Observed.ChurnSignal s : sorted) {
            if (s.entered() && from < 0) {
                from = s.time();
            } else if (!s.entered() && from >= 0) {
                intervals.add(new long[] {from, s.time()});
                from = -1;
            }
        }
        if (from >= 0) {
            intervals.add(new long[] {from, Math.max(end, from) + 1});
        }
        return intervals;
    }

    private static AccuracyReport.Churn churn(GroundTruth truth, Map<String, CustomerTruth> customers,
                                              Collection<Observed.ChurnSignal> signals, Settings settings) {
        Map<String, List<Observed.ChurnSignal>> byCustomer = new HashMap<>();
        for (Observed.ChurnSignal s : signals) {
            byCustomer.computeIfAbsent(s.customer(), k -> new ArrayList<>()).add(s);
        }
        Map<String, ChurnTruth> churns = new HashMap<>();
        truth.churns.forEach(c -> churns.put(c.customer(), c));
        long end = settings.endMillis();

        int drifters = 0, detectable = 0, detected = 0, oneTime = 0, oneTimeFlagged = 0;
        List<Double> delays = new ArrayList<>();
        for (ChurnTruth c : truth.churns) {
            List<long[]> intervals = atRisk(byCustomer.getOrDefault(c.customer(), List.of()), end);
            Long detectedAt = null;
            for (long[] i : intervals) {
                if (i[1] > c.lastPurchase() && i[0] <= end) {
                    detectedAt = Math.max(i[0], c.lastPurchase());
                    break;
                }
            }
            if (c.archetype() == Archetype.ONE_TIME || c.typicalGapDays() <= 0) {
                oneTime++;
                oneTimeFlagged += detectedAt != null ? 1 : 0;
                continue;
            }
            drifters++;
            double gap = c.typicalGapDays() * DAY;
            if (end - c.lastPurchase() < settings.detectableAfterGaps() * gap) {
                continue;
            }
            detectable++;
            if (detectedAt != null) {
                detected++;
                delays.add((detectedAt - c.lastPurchase()) / gap);
            }
        }

        int flaggedCustomers = 0, trueCustomers = 0, flags = 0, trueFlags = 0;
        Map<String, Integer> falseAlarms = new TreeMap<>();
        for (Map.Entry<String, List<Observed.ChurnSignal>> e : byCustomer.entrySet()) {
            ChurnTruth c = churns.get(e.getKey());
            int customerFlags = 0, customerTrue = 0;
            for (Observed.ChurnSignal s : e.getValue()) {
                if (!s.entered()) {
                    continue;
                }
                customerFlags++;
                if (c != null && s.time() >= c.slowingFrom()) {
                    customerTrue++;
                }
            }
            if (customerFlags == 0) {
                continue;
            }
            flaggedCustomers++;
            flags += customerFlags;
            trueFlags += customerTrue;
            if (customerTrue > 0) {
                trueCustomers++;
            } else {
                CustomerTruth who = customers.get(e.getKey());
                falseAlarms.merge(who == null ? "UNKNOWN" : who.archetype().name(), 1, Integer::sum);
            }
        }
        return new AccuracyReport.Churn(drifters, detectable, detected, share(detected, detectable),
                quantile(delays, 0.5), quantile(delays, 0.9), flaggedCustomers, trueCustomers,
                share(trueCustomers, flaggedCustomers), flags, trueFlags, share(trueFlags, flags),
                oneTime, oneTimeFlagged, falseAlarms);
    }

    // ---- moments ----

    private static AccuracyReport.Moments carts(List<CartTruth> carts, List<Observed.Message> reminders, Settings settings) {
        Map<String, List<Observed.Message>> byCustomer = byCustomer(reminders);
        Map<String, List<CartTruth>> planted = new HashMap<>();
        for (CartTruth c : carts) {
            planted.computeIfAbsent(c.customer(), k -> new ArrayList<>()).add(c);
        }
        int reachable = 0, expected = 0, found = 0;
        List<Double> delays = new ArrayList<>();
        java.util.Set<String> matched = new java.util.HashSet<>();
        long window = settings.cartWindow().toMillis();
        for (Map.Entry<String, List<CartTruth>> e : planted.entrySet()) {
            List<CartTruth> list = new ArrayList<>(e.getValue());
            list.sort(Comparator.comparingLong(CartTruth::cartTime));
            List<Observed.Message> sent = byCustomer.getOrDefault(e.getKey(), List.of());
            long lastExpected = Long.MIN_VALUE / 2;
            for (CartTruth c : list) {
                Observed.Message reminder = sent.stream()
                        .filter(m -> m.createdAt() >= c.cartTime() && m.createdAt() <= c.cartTime() + window)
                        .min(Comparator.comparingLong(Observed.Message::createdAt)).orElse(null);
                if (reminder != null) {
                    matched.add(reminder.messageId());
                }
                if (!c.reachable()) {
                    continue;
                }
                reachable++;
                if (c.cartTime() - lastExpected < settings.cooldown().toMillis()) {
                    continue;
                }
                expected++;
                lastExpected = c.cartTime();
                if (reminder != null) {
                    found++;
                    delays.add((reminder.createdAt() - c.cartTime()) / 60_000.0);
                }
            }
        }
        int spurious = (int) reminders.stream().filter(m -> !matched.contains(m.messageId())).count();
        return new AccuracyReport.Moments(carts.size(), reachable, expected, found, share(found, expected),
                found, spurious, quantile(delays, 0.5));
    }

    private static AccuracyReport.Moments crossSells(List<CrossSellTruth> moments, List<Observed.Message> messages) {
        Map<String, Observed.Message> byCause = new HashMap<>();
        for (Observed.Message m : messages) {
            byCause.putIfAbsent(m.customer() + "|" + m.causeEventId(), m);
        }
        int reachable = 0, found = 0, rightOffer = 0;
        List<Double> delays = new ArrayList<>();
        java.util.Set<String> matched = new java.util.HashSet<>();
        for (CrossSellTruth c : moments) {
            Observed.Message m = byCause.get(c.customer() + "|" + c.purchaseEventId());
            if (m != null) {
                matched.add(m.messageId());
            }
            if (!c.reachable()) {
                continue;
            }
            reachable++;
            if (m != null) {
                found++;
                // Right: an accessory the catalog lists for what was bought, or a product the
                // engine learned is bought with it (co-purchases), which the truth cannot know.
                rightOffer += c.reachableOffers().contains(m.offerId()) || m.learned() ? 1 : 0;
                delays.add((m.createdAt() - c.time()) / 60_000.0);
            }
        }
        // A cross-sell of a product learned to be bought together answers a purchase the truth
        // did not plant a moment for: the engine learned one, it did not invent one.
        int spurious = (int) messages.stream().filter(m -> !matched.contains(m.messageId()) && !m.learned()).count();
        return new AccuracyReport.Moments(moments.size(), reachable, reachable, found, share(found, reachable),
                rightOffer, spurious, quantile(delays, 0.5));
    }

    // ---- volume and consent ----

    private static AccuracyReport.Volume volume(int population, Collection<Observed.Message> messages, Settings settings) {
        Map<String, Integer> perDay = new HashMap<>();
        Map<String, Integer> perWeek = new HashMap<>();
        Map<String, Long> byTrigger = new TreeMap<>();
        Map<String, Long> byChannel = new TreeMap<>();
        java.util.Set<String> messaged = new java.util.HashSet<>();
        long first = Long.MAX_VALUE, last = Long.MIN_VALUE;
        for (Observed.Message m : messages) {
            perDay.merge(m.customer() + "|" + Math.floorDiv(m.createdAt(), DAY), 1, Integer::sum);
            perWeek.merge(m.customer() + "|" + Math.floorDiv(m.createdAt() - MONDAY, WEEK), 1, Integer::sum);
            byTrigger.merge(m.trigger(), 1L, Long::sum);
            byChannel.merge(String.valueOf(m.channel()), 1L, Long::sum);
            messaged.add(m.customer());
            first = Math.min(first, m.createdAt());
            last = Math.max(last, m.createdAt());
        }
        List<Double> days = counts(perDay.values());
        List<Double> weeks = counts(perWeek.values());
        int dayOver = settings.capPerDay() <= 0 ? 0 : (int) perDay.values().stream().filter(n -> n > settings.capPerDay()).count();
        int weekOver = settings.capPerWeek() <= 0 ? 0 : (int) perWeek.values().stream().filter(n -> n > settings.capPerWeek()).count();
        double windowWeeks = messages.isEmpty() ? Double.NaN : Math.max(1, (last - first) / (double) WEEK);
        return new AccuracyReport.Volume(messages.size(), messaged.size(),
                (int) max(days), quantile(days, 0.99), mean(days),
                (int) max(weeks), quantile(weeks, 0.99), mean(weeks),
                population == 0 ? Double.NaN : messages.size() / (population * windowWeeks),
                dayOver, weekOver, byTrigger, byChannel);
    }

    private static AccuracyReport.Consent consent(Map<String, CustomerTruth> customers, Collection<Observed.Message> messages) {
        long without = 0, unknown = 0;
        for (Observed.Message m : messages) {
            CustomerTruth c = customers.get(m.customer());
            if (c == null) {
                unknown++;
            } else if (m.channel() == null || !c.consentedAt(m.channel(), m.createdAt())) {
                without++;
            }
        }
        return new AccuracyReport.Consent(messages.size(), without, unknown);
    }

    // ---- helpers ----

    private static Map<String, List<Observed.Message>> byCustomer(List<Observed.Message> messages) {
        Map<String, List<Observed.Message>> out = new HashMap<>();
        for (Observed.Message m : messages) {
            out.computeIfAbsent(m.customer(), k -> new ArrayList<>()).add(m);
        }
        return out;
    }

    private static List<Double> counts(Collection<Integer> values) {
        List<Double> out = new ArrayList<>(values.size());
        values.forEach(v -> out.add((double) v));
        return out;
    }

    static double share(int part, int whole) {
        return whole == 0 ? Double.NaN : (double) part / whole;
    }

    /** The nearest-rank quantile; NaN for none. */
    static double quantile(List<Double> values, double q) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(q * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
}
