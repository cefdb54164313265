package io.kairos.demo;

import io.kairos.channel.RedisEndpoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.resps.StreamEntry;

/**
 * What a run left in Redis, as channels see it, for comparing a run with faults against one
 * without: every message body by id (without {@code landedAt}, Redis's own clock), how many
 * stream entries each message id has, which message ids answer each moment (customer, trigger,
 * cause), and every profile.
 */
final class RedisOutcome {
    /** message id -> body fields, landedAt removed. */
    final Map<String, Map<String, String>> messages = new TreeMap<>();
    /** message id -> entries on the push streams. */
    final Map<String, Integer> streamEntries = new TreeMap<>();
    /** customer|trigger|cause -> the message ids answering it. */
    final Map<String, Set<String>> moments = new TreeMap<>();
    /** customer id -> profile fields. */
    final Map<String, Map<String, String>> profiles = new TreeMap<>();

    static RedisOutcome read(String redisUri) {
        RedisOutcome o = new RedisOutcome();
        try (UnifiedJedis redis = RedisEndpoint.of(redisUri).open()) {
            scan(redis, "kairos:msg:*", key -> {
                // kairos:msg:{sNN}:<cid>:<id>
                String[] parts = key.split(":");
                String id = parts[parts.length - 1];
                String customer = parts[parts.length - 2];
                Map<String, String> body = new TreeMap<>(redis.hgetAll(key));
                body.remove("landedAt");
                o.messages.put(id, body);
                o.moments.computeIfAbsent(customer + "|" + body.get("trigger") + "|" + body.get("causeEventId"),
                        m -> new TreeSet<>()).add(id);
            });
            scan(redis, "kairos:stream:*", key -> {
                for (StreamEntry e : redis.xrange(key, "-", "+")) {
                    o.streamEntries.merge(e.getFields().get("messageId"), 1, Integer::sum);
                }
            });
            scan(redis, "kairos:profile:*", key -> {
                String[] parts = key.split(":");
                o.profiles.put(parts[parts.length - 1], new TreeMap<>(redis.hgetAll(key)));
            });
        }
        return o;
    }

    private static void scan(UnifiedJedis redis, String pattern, Consumer<String> each) {
        String cursor = ScanParams.SCAN_POINTER_START;
        ScanParams params = new ScanParams().match(pattern).count(1000);
        do {
            ScanResult<String> page = redis.scan(cursor, params);
            page.getResult().forEach(each);
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    }

    long streamEntryCount() {
        return streamEntries.values().stream().mapToLong(Integer::longValue).sum();
    }

    /** Message ids with more than one stream entry: a push channel would send them twice. */
    List<String> twiceOnAStream() {
        List<String> ids = new ArrayList<>();
        streamEntries.forEach((id, n) -> {
            if (n > 1) {
                ids.add(id);
            }
        });
        return ids;
    }

    /** Moments answered by more than one message: "one purchase, two emails". */
    List<String> momentsWithTwoMessages() {
        List<String> keys = new ArrayList<>();
        moments.forEach((k, ids) -> {
            if (ids.size() > 1) {
                keys.add(k + " " + ids);
            }
        });
        return keys;
    }

    /** How this outcome differs from {@code expected}, one line per kind; empty if in nothing. */
    List<String> differencesFrom(RedisOutcome expected) {
        List<String> d = new ArrayList<>();
        diff("message ids/bodies", expected.messages, messages, d);
        diff("stream entries per message id", expected.streamEntries, streamEntries, d);
        diff("profiles", expected.profiles, profiles, d);
        return d;
    }

    /**
     * The customers whose messages (ids and bodies), stream entries or profile differ between
     * {@code other} and this outcome: for comparisons where some customers may differ.
     */
    Set<String> customersDifferingFrom(RedisOutcome other) {
        Map<String, String> customerOf = new TreeMap<>();
        for (RedisOutcome o : List.of(this, other)) {
            o.moments.forEach((moment, ids) -> ids.forEach(id -> customerOf.put(id, moment.substring(0, moment.indexOf('|')))));
        }
        Set<String> customers = new TreeSet<>();
        differingKeys(messages, other.messages).forEach(id -> customers.add(customerOf.getOrDefault(id, "message " + id)));
        differingKeys(streamEntries, other.streamEntries)
                .forEach(id -> customers.add(customerOf.getOrDefault(id, "message " + id)));
        customers.addAll(differingKeys(profiles, other.profiles));
        return customers;
    }

    private static <V> Set<String> differingKeys(Map<String, V> x, Map<String, V> y) {
        Set<String> keys = new TreeSet<>(x.keySet());
        keys.addAll(y.keySet());
        keys.removeIf(k -> Objects.equals(x.get(k), y.get(k)));
        return keys;
    }

    private static <V> void diff(String what, Map<String, V> expected, Map<String, V> actual, List<String> out) {
        Set<String> keys = new TreeSet<>(expected.keySet());
        keys.addAll(actual.keySet());
        List<String> differing = new ArrayList<>();
        for (String k : keys) {
            if (!Objects.equals(expected.get(k), actual.get(k))) {
                differing.add(k);
            }
        }
        if (!differing.isEmpty()) {
            StringBuilder s = new StringBuilder(String.format("%s: %d of %d differ", what, differing.size(), keys.size()));
            for (String k : differing.subList(0, Math.min(3, differing.size()))) {
                s.append(String.format("%n   %s: expected %s%n   %s: actual   %s", k, expected.get(k), k, actual.get(k)));
            }
            out.add(s.toString());
        }
    }

    /** For the report: counts of this outcome. */
    Map<String, Long> counts() {
        Map<String, Long> c = new HashMap<>();
        c.put("messages", (long) messages.size());
        c.put("stream entries", streamEntryCount());
        c.put("ids twice on a stream", (long) twiceOnAStream().size());
        c.put("moments with two messages", (long) momentsWithTwoMessages().size());
        c.put("profiles", (long) profiles.size());
        return c;
    }
}
