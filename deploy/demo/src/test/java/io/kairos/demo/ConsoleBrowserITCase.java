package io.kairos.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.kairos.channel.ContractKeys;
import io.kairos.channel.Offer;
import io.kairos.channel.OfferReader;
import io.kairos.channel.RedisAcl;
import io.kairos.channel.RedisEndpoint;
import io.kairos.console.ConsoleServer;
import io.kairos.console.Segments;
import io.kairos.deliver.RedisContractReader;
import io.kairos.events.Decision;
import io.kairos.events.DecisionOutcome;
import io.kairos.events.OfferCatalogEntry;
import io.kairos.events.Trigger;
import io.kairos.job.CustomerOptions;
import io.kairos.loadgen.EventGenerator;
import io.kairos.loadgen.LoadGenerator;
import io.kairos.loadgen.Population;
import io.kairos.loadgen.ProductCatalog;
import io.kairos.loadgen.engine.EmbeddedEngine;
import io.kairos.loadgen.measure.TopicToEnd;
import io.kairos.schemas.Topics;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.UnifiedJedis;

/**
 * The console in a real headless browser against a running job on real Kafka and Redis: load
 * runs, the job decides, and the console (as its own read-only ACL user) must show what is in
 * Redis and on the audit topic: the pyramid's counts, a customer's offers and decisions, and a
 * new decision on the live page within a second of the job writing it. Screenshots of every page
 * go to target/failsafe-reports/console/.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserITCase {
    private static final long SEED = 19;
    private static final String CONSOLE_USER = "kairos-console";
    private static final String CONSOLE_PASSWORD = "console-s3cret-pw";
    private static final Path SHOTS = Path.of(System.getProperty("basedir", "."), "target", "failsafe-reports", "console");

    /** Event time jumps this far after the first load: silent buyers turn up at churn risk. */
    private static final Duration SILENCE = Duration.ofMinutes(10);

    private static EmbeddedEngine engine;
    private static final ShiftedClock clock = new ShiftedClock();
    private static EventGenerator generator;
    private static ConsoleServer console;
    private static HeadlessChromium browser;

    /** Why the tests are skipped on this machine, or null. */
    private static final String MISSING = HeadlessChromium.missing();

    @BeforeAll
    static void startEverything() throws Exception {
        if (MISSING != null) {
            System.err.println("ConsoleBrowserITCase " + MISSING);
            return; // each test says it is skipped, and why, in the report
        }

        engine = EmbeddedEngine.start(2);
        ProductCatalog products = new ProductCatalog(SEED);
        generator = new EventGenerator(new Population(400, SEED), products, SEED, clock, 0.0, 60);
        try (LoadGenerator load = new LoadGenerator(engine.bootstrapServers())) {
            // The accessories and cart reminder, and the moments' offers (win-back among them).
            List<OfferCatalogEntry> offers = new ArrayList<>(products.bootstrapOffers(clock.millis()));
            offers.addAll(products.momentOffers(clock.millis()));
            load.publishCatalog(offers);
        }
        Map<String, String> options = new HashMap<>();
        options.put("kairos.cart.abandonment-delay", "3 s");
        options.put("kairos.events.idle-timeout", "2 s");
        options.put("kairos.events.max-out-of-orderness", "2 s");
        options.put("kairos.pyramid.period", "5 s");
        options.put("kairos.pyramid.segment-review", "5 s");
        options.put("kairos.contact.quiet-hours-start", "00:00");
        options.put("kairos.contact.quiet-hours-end", "00:00");
        options.put("execution.checkpointing.interval", "5 s");
        // The churn model on a clock where 2 s stand for a day, so that twenty seconds of load are
        // a customer's history of weeks and ten minutes of silence are 300 days: every duration of
        // the model scaled alike (its production values in days, the (M)BG/NBD alpha in days too),
        // so the model decides as it would over real time and flags the repeat buyers who went
        // silent (P(left) >= kairos.churn.risk-enter; docs/CUSTOMER-MODEL.md).
        double secondsPerDay = 2;
        options.put("kairos.churn.min-purchase-gap", "2 s");
        options.put("kairos.churn.occasion-gap", "2 s");
        options.put("kairos.churn.default-purchase-gap", "180 s");
        options.put("kairos.churn.horizon", "180 s");
        options.put("kairos.churn.negative-cue-half-life", "28 s");
        options.put("kairos.churn.bgnbd.alpha", String.valueOf(CustomerOptions.CHURN_BGNBD_ALPHA.defaultValue() * secondsPerDay / 86_400));
        engine.startJob(2, "console-it", options);
        produce(250, Duration.ofSeconds(20));
        engine.awaitQuiet(Duration.ofSeconds(4), Duration.ofSeconds(120), System.out::println);
        // Then nothing for a while, in event time: buyers whose rhythm was seconds are overdue,
        // the engine finds them at risk and decides win-backs. Later events come after the jump.
        long after = System.currentTimeMillis() + SILENCE.toMillis();
        engine.tick(after);
        clock.shift(SILENCE.plusMinutes(1));
        engine.awaitQuiet(Duration.ofSeconds(4), Duration.ofSeconds(120), System.out::println);

        try (Jedis admin = new Jedis(java.net.URI.create(engine.redisUri()))) {
            admin.aclSetUser(CONSOLE_USER, ("on >" + CONSOLE_PASSWORD + " " + RedisAcl.CONSOLE_RULES).split("\\s+"));
        }
        RedisEndpoint asConsole = RedisEndpoint.builder(engine.redisUri()).user(CONSOLE_USER).password(CONSOLE_PASSWORD).build();
        // Census max age 0: every page load counts the profiles again, so the page and the test
        // count the same keyspace.
        console = ConsoleServer.start(asConsole, engine.bootstrapServers(), Map.of(),
                new ConsoleServer.Settings("127.0.0.1", 0, Duration.ofHours(1), Duration.ZERO));
        long onTopic = decisionsOnTopic().size();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (console.decisionsRead() < onTopic && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        browser = new HeadlessChromium();
    }

    @BeforeEach
    void needsChromium() {
        // CI sets KAIROS_REQUIRE_BROWSER: there, a missing browser is a failure, not a skip.
        if (MISSING != null && System.getenv("KAIROS_REQUIRE_BROWSER") != null) {
            fail("KAIROS_REQUIRE_BROWSER is set but " + MISSING);
        }
        Assumptions.assumeTrue(MISSING == null, MISSING);
    }

    @AfterAll
    static void stopEverything() throws Exception {
        try (AutoCloseable e = engine; AutoCloseable c = console; AutoCloseable b = browser) {
            // closed in reverse order: browser, console, engine
        }
    }

    private static void produce(double rate, Duration duration) throws Exception {
        try (LoadGenerator load = new LoadGenerator(engine.bootstrapServers())) {
            load.run(generator, rate, duration);
        }
    }

    @Test
    @Order(1)
    void pyramidShowsTheSegmentCountsInRedisAndTheHeatMapTheDaysMovements() throws Exception {
        browser.driver.get(console.url());
        Map<String, Long> inRedis;
        Map<String, String> movements;
        try (RedisContractReader reader = new RedisContractReader(engine.redisUri());
                UnifiedJedis redis = engine.openRedis()) {
            inRedis = reader.countProfilesBy("segment");
            movements = redis.hgetAll(ContractKeys.movements(LocalDate.now(ZoneOffset.UTC).toString()));
        }
        assertFalse(inRedis.isEmpty(), "the job wrote profiles");
        Map<String, Long> shown = new TreeMap<>();
        for (WebElement band : browser.driver.findElements(By.cssSelector("svg.pyramid g.segment"))) {
            long count = Long.parseLong(band.getDomAttribute("data-count"));
            if (count > 0) {
                shown.put(band.getDomAttribute("data-segment"), count);
            }
            assertTrue(band.getText().contains(band.getDomAttribute("data-segment")), "each band is labelled");
        }
        Map<String, Long> expected = new TreeMap<>(inRedis);
        expected.keySet().retainAll(Segments.ORDER);
        assertEquals(expected, shown, "the pyramid's bands are the profiles in Redis per segment");
        String total = browser.driver.findElement(By.id("profiles")).getText().replace(",", "");
        assertEquals(inRedis.values().stream().mapToLong(Long::longValue).sum(), Long.parseLong(total));

        Map<String, Long> cells = new TreeMap<>();
        for (WebElement cell : browser.driver.findElements(By.cssSelector("svg.heatmap .cell"))) {
            long count = Long.parseLong(cell.getDomAttribute("data-count"));
            if (count > 0) {
                cells.put(cell.getDomAttribute("data-from") + ">" + cell.getDomAttribute("data-to"), count);
            }
        }
        Map<String, Long> today = new TreeMap<>();
        movements.forEach((k, v) -> today.put(k, Long.parseLong(v)));
        assertEquals(today, cells, "the heat map's cells are today's kairos:movements hash");
        browser.screenshot(SHOTS, "pyramid");

        // A cell with moves is one click away from the customers who made them.
        List<WebElement> links = browser.driver.findElements(By.cssSelector("svg.heatmap a.cell"));
        if (!links.isEmpty()) {
            browser.driver.get(console.url() + "?cellFrom=" + links.get(0).getDomAttribute("data-from")
                    + "&cellTo=" + links.get(0).getDomAttribute("data-to"));
            assertTrue(browser.driver.findElement(By.cssSelector("#movers h2")).getText().startsWith("Moved "));
            browser.screenshot(SHOTS, "movers");
        }
    }

    @Test
    @Order(2)
    void aCustomersPageShowsTheirOffersAndDecisions() throws Exception {
        Map<String, List<Decision>> byCustomer = new LinkedHashMap<>();
        decisionsOnTopic().forEach(d -> byCustomer.computeIfAbsent(d.getCustomerId(), k -> new ArrayList<>()).add(d));
        String chosen = null;
        List<Offer> offers = List.of();
        try (UnifiedJedis redis = engine.openRedis()) {
            OfferReader reader = new OfferReader(redis);
            for (var e : byCustomer.entrySet()) {
                boolean sent = e.getValue().stream().anyMatch(d -> d.getOutcome() == DecisionOutcome.SENT);
                List<Offer> current = reader.topOffers(e.getKey(), 20);
                if (sent && !current.isEmpty() && (chosen == null || current.size() > offers.size())) {
                    chosen = e.getKey();
                    offers = current;
                }
            }
        }
        assertTrue(chosen != null, "some customer has a sent decision and current offers");

        browser.driver.get(console.url() + "customer");
        browser.driver.findElement(By.cssSelector("main input[name=id]")).sendKeys(chosen + "\n");
        new WebDriverWait(browser.driver, Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().contains("/customer/"));
        List<String> shownOffers = browser.driver.findElements(By.cssSelector("#offers tr.offer")).stream()
                .map(r -> r.getDomAttribute("data-message-id")).toList();
        assertEquals(offers.stream().map(Offer::messageId).toList(), shownOffers, "the offers in the order a channel gets them");
        Set<String> shownDecisions = new HashSet<>();
        browser.driver.findElements(By.cssSelector("#decisions tr.decision"))
                .forEach(r -> shownDecisions.add(r.getDomAttribute("data-decision-id")));
        Set<String> onTopic = new HashSet<>();
        byCustomer.get(chosen).forEach(d -> onTopic.add(d.getDecisionId()));
        assertEquals(onTopic, shownDecisions, "every decision about the customer on the audit topic");
        assertFalse(browser.driver.findElement(By.cssSelector("#profile [data-field=segment]")).getText().isBlank());
        // The customer's consents and rhythm, as the profile in Redis has them (contract 3.2).
        Map<String, String> profile;
        try (UnifiedJedis redis = engine.openRedis()) {
            profile = redis.hgetAll(io.kairos.channel.ContractKeys.profile(chosen));
        }
        for (String field : List.of("consents", "typicalGapDays", "lifecycle", "churnRisk", "topCategories")) {
            assertEquals(profile.get(field),
                    browser.driver.findElement(By.cssSelector("#profile [data-field=" + field + "]")).getText(), field);
        }
        browser.screenshot(SHOTS, "customer");
    }

    @Test
    @Order(3)
    void churnWatchCountsTheCustomersAtRiskInRedis() throws Exception {
        browser.driver.get(console.url() + "churn");
        long atRisk;
        try (RedisContractReader reader = new RedisContractReader(engine.redisUri())) {
            atRisk = reader.countProfilesBy("atRisk").getOrDefault("true", 0L);
        }
        String intro = browser.driver.findElement(By.cssSelector("#at-risk p")).getText();
        assertTrue(atRisk > 0, "the silence made some customers at risk");
        assertTrue(intro.startsWith(String.format("%,d customers at risk", atRisk)), intro);
        assertEquals(Math.min(atRisk, 100), browser.driver.findElements(By.cssSelector("tr.at-risk")).size());
        long winBacks = decisionsOnTopic().stream().filter(d -> d.getTrigger() == Trigger.WIN_BACK).count();
        assertTrue(winBacks > 0, "the engine decided win-backs");
        assertEquals(Math.min(winBacks, 50), browser.driver.findElements(By.cssSelector("tr.win-back")).size(),
                "every win-back decision on the audit topic (at most 50)");
        browser.screenshot(SHOTS, "churn");
    }

    @Test
    @Order(4) // the live page's load comes last: the others compare with a quiet job
    void aNewDecisionIsOnTheLivePageWithinASecond() throws Exception {
        browser.driver.get(console.url() + "live");
        WebDriverWait wait = new WebDriverWait(browser.driver, Duration.ofSeconds(10));
        wait.until(d -> d.findElement(By.id("status")).getText().startsWith("live:"));
        long opened = System.currentTimeMillis();
        Thread load = new Thread(() -> {
            try {
                produce(60, Duration.ofSeconds(6));
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }, "console-it-load");
        load.start();
        // The rows as [decisionId, writtenAt, shownAt], read in one script call: a WebDriver call
        // per attribute and row would load the machine the page is being timed on.
        String readRows = "return Array.from(document.querySelectorAll('#live tr.decision'))"
                + ".map(r => [r.dataset.decisionId, Number(r.dataset.writtenAt), Number(r.dataset.shownAt)]);";
        List<Long> delays = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline && (load.isAlive() || delays.isEmpty())) {
            Thread.sleep(1_000);
            delays.clear();
            ids.clear();
            for (Object row : (List<?>) browser.driver.executeScript(readRows)) {
                List<?> cells = (List<?>) row;
                long written = ((Number) cells.get(1)).longValue();
                if (written >= opened) {
                    delays.add(((Number) cells.get(2)).longValue() - written);
                    ids.add((String) cells.get(0));
                }
            }
        }
        load.join();
        assertFalse(delays.isEmpty(), "decisions made after the page opened appear on it");
        delays.sort(null);
        long median = delays.get(delays.size() / 2);
        long p90 = delays.get((int) Math.ceil(delays.size() * 0.9) - 1);
        long worst = delays.get(delays.size() - 1);
        System.out.printf("live page: %d new decisions shown after the job wrote them: median %d ms, p90 %d ms, worst %d ms%n",
                delays.size(), median, p90, worst);
        // Each is typically shown 100-500 ms after the job wrote it (the console polls Kafka every
        // 100 ms, the page the console every 250 ms; measured median 175 ms, worst 290 ms).
        assertTrue(worst < 1_000, "every new decision on the page within a second of the job writing it; worst "
                + worst + " ms (median " + median + ", p90 " + p90 + ")");
        Set<String> onTopic = new HashSet<>();
        decisionsOnTopic().forEach(d -> onTopic.add(d.getDecisionId()));
        assertTrue(onTopic.containsAll(ids), "what the page shows is on the audit topic");
        browser.screenshot(SHOTS, "live");

        // The load after the silence brought some at-risk customers back: the churn watch again.
        browser.driver.get(console.url() + "churn");
        browser.screenshot(SHOTS, "churn-after-load");
    }

    /** Every decision on the audit topic so far, each once. */
    private static List<Decision> decisionsOnTopic() {
        Map<String, Decision> byId = new LinkedHashMap<>();
        TopicToEnd.read(engine.bootstrapServers(), Map.of(), Topics.DECISIONS, Decision.class,
                d -> byId.putIfAbsent(d.getDecisionId(), d));
        return new ArrayList<>(byId.values());
    }

    /** The wall clock, shifted forward once event time has jumped: the load's later events come after the jump. */
    private static final class ShiftedClock extends Clock {
        private volatile Duration shift = Duration.ZERO;

        void shift(Duration by) {
            shift = by;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(shift);
        }
    }
}
