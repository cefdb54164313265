package io.kairos.loadgen.scenario;

import io.kairos.events.PurchaseEvent;
import io.kairos.events.RecordedEvent;
import io.kairos.loadgen.replay.RecordingWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * A seeded synthetic population of {@code customers} over {@code days} from {@code start}, with
 * its ground truth. Customer {@code i} (id {@code sc-<i>}) and their whole history follow from
 * (seed, i) alone ({@link CustomerTimeline}); customers register in index order, staggered over
 * the first quarter of the window (at most 30 days), as ids are handed out at registration.
 *
 * <p>{@link #events} merges the customers' histories in event-time order with a priority queue
 * holding each started customer's next event (ties: customer index, then the customer's own
 * order). A customer joins the queue only once the merge has reached the earliest instant they
 * can start, and leaves it with their last event, so memory is O(customers started and not yet
 * finished), never the whole population's events. Same settings, same events and truth.
 */
public final class Scenario {
    /** File names in an output directory. */
    public static final String EVENTS_FILE = "events.avro";
    public static final String TRUTH_FILE = "truth.jsonl";

    /** What a scenario is; everything else follows. */
    public record Settings(int customers, Instant start, int days, long seed) {
        public Settings {
            if (customers <= 0 || days <= 0) {
                throw new IllegalArgumentException("customers and days must be positive");
            }
        }

        public long startMillis() {
            return start.toEpochMilli();
        }

        public long endMillis() {
            return startMillis() + days * CustomerTimeline.DAY;
        }

        /** Over how long customers register. */
        long registrationSpread() {
            return Math.min(days * CustomerTimeline.DAY / 4, 30 * CustomerTimeline.DAY);
        }
    }

    private final Settings settings;
    private final ScenarioCatalog catalog;

    public Scenario(Settings settings) {
        this.settings = settings;
        this.catalog = new ScenarioCatalog(settings.seed());
    }

    public Settings settings() {
        return settings;
    }

    public ScenarioCatalog catalog() {
        return catalog;
    }

    public static String customerId(int index) {
        return String.format("sc-%07d", index);
    }

    /** The earliest instant customer {@code i} can register; increasing in {@code i}. */
    private long earliestStart(int index) {
        return settings.startMillis() + (long) (settings.registrationSpread() * (double) index / settings.customers());
    }

    /** Customer {@code i}'s timeline (for tests); planted truth goes to {@code truth}. */
    CustomerTimeline timeline(int index, Consumer<GroundTruth.Entry> truth) {
        long slot = earliestStart(index + 1) - earliestStart(index);
        long jitter = (long) (new java.util.SplittableRandom(settings.seed() ^ index * 31L).nextDouble() * slot);
        return new CustomerTimeline(settings, catalog, index, earliestStart(index) + jitter, truth);
    }

    /**
     * Every customer event in event-time order; planted truth goes to {@code truth} as it is
     * generated (customer lines and churns when a customer's history ends).
     */
    public Iterator<RecordedEvent> events(Consumer<GroundTruth.Entry> truth) {
        return new Merge(truth);
    }

    private final class Merge implements Iterator<RecordedEvent> {
        private final Consumer<GroundTruth.Entry> truth;
        private final PriorityQueue<CustomerTimeline> queue = new PriorityQueue<>(
                Comparator.comparingLong(CustomerTimeline::peekTime).thenComparingInt(t -> t.index));
        private int nextToStart;

        Merge(Consumer<GroundTruth.Entry> truth) {
            this.truth = truth;
        }

        /** Starts every customer who could have an event before the queue's head. */
        private void admit() {
            while (nextToStart < settings.customers()
                    && (queue.isEmpty() || earliestStart(nextToStart) <= queue.peek().peekTime())) {
                CustomerTimeline t = timeline(nextToStart++, truth);
                if (t.peekTime() == Long.MAX_VALUE) {
                    t.finish();
                } else {
                    queue.add(t);
                }
            }
        }

        @Override
        public boolean hasNext() {
            admit();
            return !queue.isEmpty();
        }

        @Override
        public RecordedEvent next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            CustomerTimeline t = queue.poll();
            long due = t.peekTime();
            RecordedEvent e = t.next();
            if (e.getEventTime() != due) {
                throw new IllegalStateException(t.id + ": event at " + e.getEventTime() + ", ordered at " + due);
            }
            if (t.peekTime() == Long.MAX_VALUE) {
                t.finish();
            } else {
                queue.add(t);
            }
            return e;
        }
    }

    /** What a scenario wrote, by archetype. */
    public static final class Summary {
        public final Map<Archetype, long[]> byArchetype = new EnumMap<>(Archetype.class);
        public long events;
        public long purchases;
        public long carts;
        public long reachableCarts;
        public long crossSells;
        public long reachableCrossSells;
        public long birthdays;
        public RecordingWriter.Summary recording;

        private long[] row(Archetype a) {
            return byArchetype.computeIfAbsent(a, k -> new long[2]); // customers, planted churns
        }

        void count(GroundTruth.Entry e) {
            if (e instanceof GroundTruth.CustomerTruth c) {
                row(c.archetype())[0]++;
                birthdays += c.birthday() != null ? 1 : 0;
            } else if (e instanceof GroundTruth.ChurnTruth c) {
                row(c.archetype())[1]++;
            } else if (e instanceof GroundTruth.CartTruth c) {
                carts++;
                reachableCarts += c.reachable() ? 1 : 0;
            } else if (e instanceof GroundTruth.CrossSellTruth c) {
                crossSells++;
                reachableCrossSells += c.reachable() ? 1 : 0;
            }
        }

        public String table() {
            StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-15s %10s %9s%n", "archetype", "customers", "churners"));
            byArchetype.forEach((a, r) -> s.append(String.format(Locale.ROOT, "%-15s %,10d %,9d%n", a, r[0], r[1])));
            s.append(String.format(Locale.ROOT,
                    "events %,d (purchases %,d); planted: cart abandonments %,d (%,d reachable by a reminder channel),"
                            + " cross-sell moments %,d (%,d reachable), birthdays %,d%n",
                    events, purchases, carts, reachableCarts, crossSells, reachableCrossSells, birthdays));
            return s.toString();
        }
    }

    /**
     * Writes {@link #EVENTS_FILE} (a recording that {@code ./kairos replay} sends, naming the seed
     * of its offer catalog) and {@link #TRUTH_FILE} into {@code dir}.
     */
    public Summary write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Summary summary = new Summary();
        String source = String.format(Locale.ROOT, "scenario: seed %d, %d customers, %d days from %s",
                settings.seed(), settings.customers(), settings.days(), settings.start());
        try (GroundTruth.Writer truth = new GroundTruth.Writer(dir.resolve(TRUTH_FILE));
             RecordingWriter events = RecordingWriter.create(dir.resolve(EVENTS_FILE), source, Duration.ZERO,
                     Map.of(RecordingWriter.META_CATALOG_SEED, Long.toString(settings.seed())))) {
            Iterator<RecordedEvent> it = events(e -> {
                try {
                    truth.write(e);
                } catch (IOException x) {
                    throw new UncheckedIOException(x);
                }
                summary.count(e);
            });
            while (it.hasNext()) {
                RecordedEvent e = it.next();
                events.append(e);
                summary.events++;
                if (e.getEvent() instanceof PurchaseEvent) {
                    summary.purchases++;
                }
            }
            events.close();
            summary.recording = events.summary();
        }
        return summary;
    }
}
