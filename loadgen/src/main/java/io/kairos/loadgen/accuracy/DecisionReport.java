package io.kairos.loadgen.accuracy;

import io.kairos.events.Decision;
import io.kairos.events.DecisionOutcome;
import io.kairos.events.OrderLine;
import io.kairos.events.PurchaseEvent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the engine decided, read from the {@code decisions} topic, against the contact policy it
 * ran with and the purchases that followed: a pure function of decisions and purchases, so that
 * it can be tested on hand-made records with known answers.
 *
 * <p><b>Decisions and records.</b> A decision is one record, except a DEFERRED one, which a second
 * record (same messageId, another decisionId) resolves at release: SENT or SUPPRESSED. Records
 * are first deduplicated by decisionId (the sink is at least once). "Decisions" below are the
 * first records; a release is a record whose messageId is that of a DEFERRED record.
 *
 * <p><b>Messages</b> are the SENT records (sent at once, or released), one per messageId, at
 * their {@code sendAt} (the decision time if unset): that is the instant the frequency caps
 * count. Rolling windows are those of the caps, {@code [w, w + 24 h)} and {@code [w, w + 7 d)}
 * for every {@code w}; the per-week distribution uses 7-day blocks from the start of the window,
 * over the whole population (a customer with no message counts as 0).
 *
 * <p><b>Uplift.</b> Treated units are the SENT records, controls the HOLDOUT records (the
 * holdout is drawn after every contact rule, so both are customers who would have been
 * contacted), each at its send time (a held-out decision records the send time it would have
 * had). A unit converts if the customer bought the offer's product within the attribution window
 * after that time; for an offer without a product (a cart reminder, a birthday voucher, a
 * win-back, a thank-you, a category) the response is any purchase in that window, which is what
 * those messages are for (counted as {@code byAnyPurchase}). The
 * 95% interval is the two-proportion normal approximation, which treats units as independent (a
 * customer with several decisions is counted several times).
 */
public record DecisionReport(
        Settings settings,
        long records,
        long duplicateRecords,
        long decisions,
        Contacts contacts,
        Map<String, Long> outcomes,
        Map<String, Long> suppressedBy,
        Deferred deferred,
        Map<String, Map<String, Long>> outcomesByTrigger,
        Map<String, Map<String, Long>> suppressedByTrigger,
        Map<String, HoldoutShare> holdoutShare,
        Map<String, Uplift> uplift,
        Map<String, Long> messagesByChannel,
        Map<Long, Long> catalogVersions) {

    static final long DAY_MS = 86_400_000L;
    static final long WEEK_MS = 7 * DAY_MS;
    public static final String ALL = "ALL";

    /** The caps the job ran with (kairos.contact.cap-*). */
    public record Caps(int perDay, int perWeek, int perChannelPerDay, int perChannelPerWeek) {}

    /**
     * @param windowStart start of the simulated history (per-week blocks count from here)
     * @param windowEnd end of the history: only whole 7-day blocks before it are in the per-week
     *     distribution
     * @param population customers in the scenario (those without messages count as 0 per week)
     * @param productByOffer offerId -> the product it offers, for offers that offer one
     * @param holdoutShare the configured kairos.holdout.share
     */
    public record Settings(Caps caps, long attributionWindowMs, long windowStart, long windowEnd, int population,
                           Map<String, String> productByOffer, double holdoutShare) {}

    /** Distribution of a count: mean and nearest-rank percentiles. */
    public record Stats(long n, double mean, int p50, int p90, int p99, int max) {
        static Stats of(List<Integer> values) {
            if (values.isEmpty()) {
                return new Stats(0, 0, 0, 0, 0, 0);
            }
            List<Integer> sorted = new ArrayList<>(values);
            sorted.sort(null);
            double sum = 0;
            for (int v : sorted) {
                sum += v;
            }
            return new Stats(sorted.size(), sum / sorted.size(), rank(sorted, 0.5), rank(sorted, 0.9),
                    rank(sorted, 0.99), sorted.get(sorted.size() - 1));
        }

        private static int rank(List<Integer> sorted, double q) {
            int index = (int) Math.ceil(q * sorted.size()) - 1;
            return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "mean %.2f, p50 %d, p90 %d, p99 %d, max %d (n %,d)", mean, p50, p90, p99,
                    max, n);
        }
    }

    /**
     * Messages per customer against the caps. {@code perCustomerWeek}: per customer and 7-day
     * block; {@code maxRollingWeek} / {@code maxRollingDay}: each messaged customer's most in any
     * rolling window. {@code over*}: customers above that cap (on any one channel for the channel
     * caps), with a few examples.
     */
    public record Contacts(long messages, long customersMessaged, int weeks, Stats perCustomerWeek,
                           Stats maxRollingWeek, Stats maxRollingDay, int maxChannelRollingDay,
                           int maxChannelRollingWeek, long overDay, long overWeek, long overChannelDay,
                           long overChannelWeek, List<String> violationExamples) {
        public boolean withinCaps() {
            return overDay + overWeek + overChannelDay + overChannelWeek == 0;
        }
    }

    /** Deferred decisions and what became of them at release. */
    public record Deferred(long deferred, double share, long releasedSent, long releasedSuppressed, long pending) {}

    /** HOLDOUT among the decisions that would have sent (SENT, DEFERRED, HOLDOUT). */
    public record HoldoutShare(long wouldSend, long heldOut, double share) {}

    /** Treated (SENT) against held out, conversion = a purchase of the offered product in the window. */
    public record Uplift(long treated, long treatedConverted, long holdout, long holdoutConverted,
                         double treatedRate, double holdoutRate, double absolute, double ciLow, double ciHigh,
                         Double relative, long byAnyPurchase) {
        /** Whether the interval lies above zero. */
        public boolean significant() {
            return ciLow > 0;
        }
    }

    /** Computes the report; {@code purchases} are every purchase: the recording's and the simulated ones. */
    public static DecisionReport evaluate(Collection<Decision> all, Collection<PurchaseEvent> purchases, Settings s) {
        Map<String, Decision> unique = new LinkedHashMap<>();
        for (Decision d : all) {
            unique.putIfAbsent(d.getDecisionId(), d);
        }
        List<Decision> records = new ArrayList<>(unique.values());
        records.sort(Comparator.comparingLong(Decision::getDecidedAt).thenComparing(Decision::getDecisionId));
        Set<String> deferredMessages = new HashSet<>();
        for (Decision d : records) {
            if (d.getOutcome() == DecisionOutcome.DEFERRED && d.getMessageId() != null) {
                deferredMessages.add(d.getMessageId());
            }
        }
        List<Decision> firsts = new ArrayList<>();
        Map<String, Decision> releases = new HashMap<>();
        for (Decision d : records) {
            if (d.getOutcome() != DecisionOutcome.DEFERRED && d.getMessageId() != null
                    && deferredMessages.contains(d.getMessageId())) {
                releases.putIfAbsent(d.getMessageId(), d);
            } else {
                firsts.add(d);
            }
        }

        Map<String, Long> outcomes = new LinkedHashMap<>();
        for (DecisionOutcome o : DecisionOutcome.values()) {
            outcomes.put(o.name(), 0L);
        }
        Map<String, Long> suppressed = new TreeMap<>();
        Map<String, Map<String, Long>> outcomesByTrigger = new TreeMap<>();
        Map<String, Map<String, Long>> suppressedByTrigger = new TreeMap<>();
        Map<String, long[]> holdoutCounts = new TreeMap<>();
        Map<Long, Long> versions = new TreeMap<>();
        long deferred = 0;
        for (Decision d : firsts) {
            String trigger = d.getTrigger().name();
            outcomes.merge(d.getOutcome().name(), 1L, Long::sum);
            outcomesByTrigger.computeIfAbsent(trigger, k -> new TreeMap<>()).merge(d.getOutcome().name(), 1L, Long::sum);
            versions.merge(d.getCatalogVersion(), 1L, Long::sum);
            if (d.getOutcome() == DecisionOutcome.SUPPRESSED) {
                countRule(d, suppressed, suppressedByTrigger);
            }
            if (d.getOutcome() == DecisionOutcome.DEFERRED) {
                deferred++;
            }
            if (d.getOutcome() == DecisionOutcome.SENT || d.getOutcome() == DecisionOutcome.DEFERRED
                    || d.getOutcome() == DecisionOutcome.HOLDOUT) {
                long[] c = holdoutCounts.computeIfAbsent(trigger, k -> new long[2]);
                c[0]++;
                if (d.getOutcome() == DecisionOutcome.HOLDOUT) {
                    c[1]++;
                }
            }
        }
        long releasedSent = 0;
        long releasedSuppressed = 0;
        for (Decision r : releases.values()) {
            if (r.getOutcome() == DecisionOutcome.SENT) {
                releasedSent++;
            } else if (r.getOutcome() == DecisionOutcome.SUPPRESSED) {
                releasedSuppressed++;
                // A rule that stopped a deferred message at release stopped that decision.
                countRule(r, suppressed, suppressedByTrigger);
            }
        }
        Map<String, HoldoutShare> holdoutShare = new LinkedHashMap<>();
        long wouldSend = 0;
        long heldOut = 0;
        for (Map.Entry<String, long[]> e : holdoutCounts.entrySet()) {
            holdoutShare.put(e.getKey(), new HoldoutShare(e.getValue()[0], e.getValue()[1], share(e.getValue()[1], e.getValue()[0])));
            wouldSend += e.getValue()[0];
            heldOut += e.getValue()[1];
        }
        holdoutShare.put(ALL, new HoldoutShare(wouldSend, heldOut, share(heldOut, wouldSend)));

        // Messages: SENT records, once per message.
        Map<String, Decision> messages = new LinkedHashMap<>();
        for (Decision d : records) {
            if (d.getOutcome() == DecisionOutcome.SENT) {
                messages.putIfAbsent(d.getMessageId() != null ? d.getMessageId() : d.getDecisionId(), d);
            }
        }
        Map<String, Long> byChannel = new TreeMap<>();
        for (Decision m : messages.values()) {
            byChannel.merge(m.getChannel() == null ? "none" : m.getChannel().name(), 1L, Long::sum);
        }

        return new DecisionReport(s, all.size(), all.size() - records.size(), firsts.size(),
                contacts(messages.values(), s), outcomes, suppressed,
                new Deferred(deferred, share(deferred, firsts.size()), releasedSent, releasedSuppressed,
                        deferred - releasedSent - releasedSuppressed),
                outcomesByTrigger, suppressedByTrigger, holdoutShare,
                uplift(records, purchases, s), byChannel, versions);
    }

    private static void countRule(Decision d, Map<String, Long> suppressed, Map<String, Map<String, Long>> byTrigger) {
        String rule = d.getSuppressedBy() == null ? "(none given)" : d.getSuppressedBy();
        suppressed.merge(rule, 1L, Long::sum);
        byTrigger.computeIfAbsent(d.getTrigger().name(), k -> new TreeMap<>()).merge(rule, 1L, Long::sum);
    }

    static long sentAt(Decision d) {
        return d.getSendAt() > 0 ? d.getSendAt() : d.getDecidedAt();
    }

    private static Contacts contacts(Collection<Decision> messages, Settings s) {
        Map<String, List<Long>> byCustomer = new TreeMap<>();
        Map<String, Map<String, List<Long>>> byCustomerChannel = new HashMap<>();
        for (Decision m : messages) {
            long at = sentAt(m);
            byCustomer.computeIfAbsent(m.getCustomerId(), k -> new ArrayList<>()).add(at);
            byCustomerChannel.computeIfAbsent(m.getCustomerId(), k -> new TreeMap<>())
                    .computeIfAbsent(m.getChannel() == null ? "none" : m.getChannel().name(), k -> new ArrayList<>())
                    .add(at);
        }
        int weeks = (int) Math.max(0, (s.windowEnd() - s.windowStart()) / WEEK_MS);
        List<Integer> perWeek = new ArrayList<>();
        List<Integer> rollingWeek = new ArrayList<>();
        List<Integer> rollingDay = new ArrayList<>();
        int maxChannelDay = 0;
        int maxChannelWeek = 0;
        long overDay = 0;
        long overWeek = 0;
        long overChannelDay = 0;
        long overChannelWeek = 0;
        List<String> examples = new ArrayList<>();
        for (Map.Entry<String, List<Long>> e : byCustomer.entrySet()) {
            List<Long> times = e.getValue();
            times.sort(null);
            int[] blocks = new int[weeks];
            for (long t : times) {
                long block = Math.floorDiv(t - s.windowStart(), WEEK_MS);
                if (block >= 0 && block < weeks) {
                    blocks[(int) block]++;
                }
            }
            for (int b : blocks) {
                perWeek.add(b);
            }
            int week = maxInWindow(times, WEEK_MS);
            int day = maxInWindow(times, DAY_MS);
            rollingWeek.add(week);
            rollingDay.add(day);
            int channelDay = 0;
            int channelWeek = 0;
            for (List<Long> onChannel : byCustomerChannel.get(e.getKey()).values()) {
                onChannel.sort(null);
                channelDay = Math.max(channelDay, maxInWindow(onChannel, DAY_MS));
                channelWeek = Math.max(channelWeek, maxInWindow(onChannel, WEEK_MS));
            }
            maxChannelDay = Math.max(maxChannelDay, channelDay);
            maxChannelWeek = Math.max(maxChannelWeek, channelWeek);
            boolean over = false;
            if (day > s.caps().perDay()) {
                overDay++;
                over = true;
            }
            if (week > s.caps().perWeek()) {
                overWeek++;
                over = true;
            }
            if (channelDay > s.caps().perChannelPerDay()) {
                overChannelDay++;
                over = true;
            }
            if (channelWeek > s.caps().perChannelPerWeek()) {
                overChannelWeek++;
                over = true;
            }
            if (over && examples.size() < 5) {
                examples.add(String.format(Locale.ROOT, "%s: %d in 24 h, %d in 7 d, %d / %d on one channel",
                        e.getKey(), day, week, channelDay, channelWeek));
            }
        }
        long silentCustomers = Math.max(0, s.population() - byCustomer.size());
        for (long i = 0; i < silentCustomers * weeks; i++) {
            perWeek.add(0);
        }
        return new Contacts(messages.size(), byCustomer.size(), weeks, Stats.of(perWeek), Stats.of(rollingWeek),
                Stats.of(rollingDay), maxChannelDay, maxChannelWeek, overDay, overWeek, overChannelDay,
                overChannelWeek, examples);
    }

    /** The most of the sorted {@code times} in any window {@code [w, w + length)}. */
    static int maxInWindow(List<Long> times, long length) {
        int max = 0;
        int from = 0;
        for (int to = 0; to < times.size(); to++) {
            while (times.get(to) - times.get(from) >= length) {
                from++;
            }
            max = Math.max(max, to - from + 1);
        }
        return max;
    }

    private static Map<String, Uplift> uplift(List<Decision> records, Collection<PurchaseEvent> purchases, Settings s) {
        Map<String, Map<String, List<Long>>> bought = new HashMap<>(); // customer -> product -> times
        for (PurchaseEvent p : purchases) {
            bought.computeIfAbsent(p.getCustomerId(), k -> new HashMap<>())
                    .computeIfAbsent(ANY_PRODUCT, k -> new ArrayList<>())
                    .add(p.getEventTime());
            for (OrderLine line : p.getLines()) {
                bought.computeIfAbsent(p.getCustomerId(), k -> new HashMap<>())
                        .computeIfAbsent(line.getProductId(), k -> new ArrayList<>())
                        .add(p.getEventTime());
            }
        }
        Map<String, long[]> counts = new TreeMap<>(); // trigger -> treated, converted, holdout, converted, by any purchase
        long[] total = new long[5];
        for (Decision d : records) {
            boolean treated = d.getOutcome() == DecisionOutcome.SENT;
            if (!treated && d.getOutcome() != DecisionOutcome.HOLDOUT) {
                continue;
            }
            long[] c = counts.computeIfAbsent(d.getTrigger().name(), k -> new long[5]);
            String product = d.getOfferId() == null ? null : s.productByOffer().get(d.getOfferId());
            if (product == null) {
                product = ANY_PRODUCT;
                c[4]++;
                total[4]++;
            }
            boolean converted = boughtWithin(bought, d.getCustomerId(), product, sentAt(d), s.attributionWindowMs());
            int base = treated ? 0 : 2;
            c[base]++;
            total[base]++;
            if (converted) {
                c[base + 1]++;
                total[base + 1]++;
            }
        }
        Map<String, Uplift> result = new LinkedHashMap<>();
        counts.forEach((trigger, c) -> result.put(trigger, uplift(c)));
        result.put(ALL, uplift(total));
        return result;
    }

    /** Stands for "any product" in the purchases index: the response to an offer without one. */
    private static final String ANY_PRODUCT = "\u0000any";

    private static boolean boughtWithin(Map<String, Map<String, List<Long>>> bought, String customer, String product,
                                        long from, long window) {
        List<Long> times = bought.getOrDefault(customer, Map.of()).get(product);
        if (times != null) {
            for (long t : times) {
                if (t >= from && t - from <= window) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Two proportions, normal approximation; NaN where a group is empty. */
    static Uplift uplift(long[] c) {
        double pt = share(c[1], c[0]);
        double ph = share(c[3], c[2]);
        double diff = pt - ph;
        double se = Math.sqrt(pt * (1 - pt) / c[0] + ph * (1 - ph) / c[2]);
        return new Uplift(c[0], c[1], c[2], c[3], pt, ph, diff, diff - 1.96 * se, diff + 1.96 * se,
                ph > 0 ? diff / ph : null, c[4]);
    }

    private static double share(long part, long whole) {
        return whole == 0 ? Double.NaN : (double) part / whole;
    }

    public String toJson() {
        return ReportJson.of(this);
    }

    /** The report as plain-text tables. */
    public String table() {
        StringBuilder b = new StringBuilder();
        Caps caps = settings.caps();
        Contacts c = contacts;
        b.append(String.format(Locale.ROOT, "%n-- a) messages per customer (SENT, at their send time) --%n"));
        b.append(String.format(Locale.ROOT,
                "caps: %d per rolling 24 h, %d per rolling 7 d; per channel %d per 24 h, %d per 7 d%n",
                caps.perDay(), caps.perWeek(), caps.perChannelPerDay(), caps.perChannelPerWeek()));
        b.append(String.format(Locale.ROOT, "messages %,d to %,d of %,d customers%n", c.messages(), c.customersMessaged(),
                settings.population()));
        b.append(String.format(Locale.ROOT, "per customer and 7-day block (%d blocks from the start, all customers): %s%n",
                c.weeks(), c.perCustomerWeek()));
        b.append(String.format(Locale.ROOT, "most in any rolling 7 d, per messaged customer: %s%n", c.maxRollingWeek()));
        b.append(String.format(Locale.ROOT, "most in any rolling 24 h, per messaged customer: %s%n", c.maxRollingDay()));
        b.append(String.format(Locale.ROOT, "most on one channel: %d in 24 h, %d in 7 d%n", c.maxChannelRollingDay(),
                c.maxChannelRollingWeek()));
        b.append(String.format(Locale.ROOT, "max 24 h %d <= %d %s; max 7 d %d <= %d %s; channel 24 h %d <= %d %s; channel 7 d %d <= %d %s%n",
                c.maxRollingDay().max(), caps.perDay(), ok(c.overDay()), c.maxRollingWeek().max(), caps.perWeek(), ok(c.overWeek()),
                c.maxChannelRollingDay(), caps.perChannelPerDay(), ok(c.overChannelDay()),
                c.maxChannelRollingWeek(), caps.perChannelPerWeek(), ok(c.overChannelWeek())));
        if (!c.withinCaps()) {
            b.append(String.format(Locale.ROOT, "CAP VIOLATED: customers over 24 h %d, 7 d %d, channel 24 h %d, channel 7 d %d; e.g. %s%n",
                    c.overDay(), c.overWeek(), c.overChannelDay(), c.overChannelWeek(), c.violationExamples()));
        }

        b.append(String.format(Locale.ROOT, "%n-- b) uplift against the holdout (conversion: the offered product bought within %d d of the send time;"
                        + " any purchase for an offer of no product, counted under 'any buy') --%n",
                settings.attributionWindowMs() / DAY_MS));
        b.append(String.format(Locale.ROOT, "%-16s %15s %15s %8s %8s %9s %21s %9s %8s%n", "trigger", "treated conv/n",
                "holdout conv/n", "treated", "holdout", "uplift", "95% CI", "relative", "any buy"));
        uplift.forEach((trigger, u) -> b.append(String.format(Locale.ROOT, "%-16s %15s %15s %8s %8s %9s %21s %9s %8d%n",
                trigger, u.treatedConverted() + "/" + u.treated(), u.holdoutConverted() + "/" + u.holdout(),
                pct(u.treatedRate()), pct(u.holdoutRate()), pp(u.absolute()),
                Double.isNaN(u.ciLow()) ? "-" : "[" + pp(u.ciLow()) + ", " + pp(u.ciHigh()) + "]",
                u.relative() == null ? "-" : String.format(Locale.ROOT, "%+.0f%%", 100 * u.relative()), u.byAnyPurchase())));
        b.append(String.format(Locale.ROOT, "holdout share among would-send decisions (configured %.0f%%): %s%n",
                100 * settings.holdoutShare(), holdoutShareLine()));

        b.append(String.format(Locale.ROOT, "%n-- c) decisions by outcome, and by the rule that suppressed them --%n"));
        b.append(String.format(Locale.ROOT, "records %,d (duplicates dropped %,d), decisions %,d (a release is part of its deferred decision)%n",
                records, duplicateRecords, decisions));
        outcomes.forEach((o, n) -> {
            if (n > 0) {
                b.append(String.format(Locale.ROOT, "  %-30s %8d  %6s%n", o, n, pct(share(n, decisions))));
            }
        });
        b.append(String.format(Locale.ROOT, "suppressed by rule (at the decision, or at the release of a deferred one):%n"));
        suppressedBy.forEach((rule, n) -> b.append(String.format(Locale.ROOT, "  %-30s %8d  %6s of decisions%n", rule, n,
                pct(share(n, decisions)))));
        b.append(String.format(Locale.ROOT, "deferred %,d (%s of decisions): released and sent %,d, suppressed at release %,d, pending %,d%n",
                deferred.deferred(), pct(deferred.share()), deferred.releasedSent(), deferred.releasedSuppressed(),
                deferred.pending()));

        b.append(String.format(Locale.ROOT, "%n-- d) decisions per trigger and outcome --%n"));
        List<String> cols = List.of("SENT", "DEFERRED", "HOLDOUT", "SUPPRESSED", "NO_CANDIDATE");
        b.append(String.format(Locale.ROOT, "%-16s %8s %8s %8s %8s %10s %12s  %s%n", "trigger", "total", cols.get(0), cols.get(1),
                cols.get(2), cols.get(3), cols.get(4), "suppressed by"));
        outcomesByTrigger.forEach((trigger, byOutcome) -> {
            long total = byOutcome.values().stream().mapToLong(Long::longValue).sum();
            b.append(String.format(Locale.ROOT, "%-16s %8d %8d %8d %8d %10d %12d  %s%n", trigger, total,
                    byOutcome.getOrDefault(cols.get(0), 0L), byOutcome.getOrDefault(cols.get(1), 0L),
                    byOutcome.getOrDefault(cols.get(2), 0L), byOutcome.getOrDefault(cols.get(3), 0L),
                    byOutcome.getOrDefault(cols.get(4), 0L), suppressedByTrigger.getOrDefault(trigger, Map.of())));
        });
        b.append(String.format(Locale.ROOT, "messages per channel: %s%n", messagesByChannel));
        b.append(String.format(Locale.ROOT, "catalog versions seen (version=decisions): %s%n", catalogVersions));
        return b.toString();
    }

    private String holdoutShareLine() {
        List<String> parts = new ArrayList<>();
        holdoutShare.forEach((t, h) -> parts.add(t + " " + h.heldOut() + "/" + h.wouldSend() + " = " + pct(h.share())));
        return String.join(", ", parts);
    }

    private static String ok(long over) {
        return over == 0 ? "ok" : "VIOLATED";
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }

    private static String pp(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%+.1fpp", 100 * v);
    }
}
