package io.kairos.console;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * What one sweep over the stored profiles found: customers per segment (the pyramid now) and the
 * most valuable customers at churn risk (the churn watch). Built by {@link Builder} one profile at
 * a time, so the sweep keeps only the counts and a bounded list, whatever the population.
 */
public record ProfileCensus(long takenAt, long sweepMillis, Map<String, Long> bySegment, List<AtRisk> atRisk, long atRiskTotal) {

    /** A customer at churn risk, as their profile in Redis says. */
    public record AtRisk(String customerId, String segment, String lifecycle, double churnRisk, double totalValue,
                         String churnReasons, long lastPurchaseAt, long lastSeen) {}

    public long profiles() {
        return bySegment.values().stream().mapToLong(Long::longValue).sum();
    }

    public long count(String segment) {
        return bySegment.getOrDefault(segment, 0L);
    }

    public static ProfileCensus empty() {
        return new ProfileCensus(0, 0, Map.of(), List.of(), 0);
    }

    /** Accumulates profiles: counts per segment, and the {@code keep} most valuable at risk. */
    public static final class Builder {
        private static final Comparator<AtRisk> BY_VALUE =
                Comparator.comparingDouble(AtRisk::totalValue).thenComparing(AtRisk::customerId, Comparator.reverseOrder());

        private final int keep;
        private final Map<String, Long> bySegment = new TreeMap<>(Comparator.comparingInt(Segments::rank)
                .thenComparing(Comparator.naturalOrder()));
        private final PriorityQueue<AtRisk> atRisk = new PriorityQueue<>(BY_VALUE);
        private long atRiskTotal;

        public Builder(int keep) {
            this.keep = keep;
        }

        /** One profile hash; an empty one (expired or forgotten since the sweep saw its key) counts for nothing. */
        public Builder add(String customerId, Map<String, String> profile) {
            if (profile == null || profile.isEmpty()) {
                return this;
            }
            String segment = profile.getOrDefault("segment", "PROSPECT");
            bySegment.merge(segment, 1L, Long::sum);
            if (Boolean.parseBoolean(profile.get("atRisk"))) {
                atRiskTotal++;
                atRisk.add(new AtRisk(customerId, segment, profile.getOrDefault("lifecycle", ""),
                        number(profile.get("churnRisk")), number(profile.get("totalValue")),
                        profile.getOrDefault("churnReasons", "[]"),
                        (long) number(profile.get("lastPurchaseAt")), (long) number(profile.get("lastSeen"))));
                if (atRisk.size() > keep) {
                    atRisk.poll(); // the least valuable gives way
                }
            }
            return this;
        }

        public ProfileCensus build(long takenAt, long sweepMillis) {
            List<AtRisk> top = new ArrayList<>(atRisk);
            top.sort(BY_VALUE.reversed());
            return new ProfileCensus(takenAt, sweepMillis, new LinkedHashMap<>(bySegment), List.copyOf(top), atRiskTotal);
        }

        private static double number(String text) {
            if (text == null || text.isBlank()) {
                return 0;
            }
            try {
                return Double.parseDouble(text);
            } catch (NumberFormatException e) {
                return 0;
            }
        }
    }
}
