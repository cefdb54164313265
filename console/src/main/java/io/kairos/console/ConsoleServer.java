package io.kairos.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.kairos.channel.RedisEndpoint;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The console's HTTP server: four read-only pages and the live page's poll, over Redis (as the
 * console's ACL user) and the audit topics. Binds to 127.0.0.1 unless told otherwise: it has no
 * login, and shows customers' profiles.
 */
public final class ConsoleServer implements AutoCloseable {
    /** Where and how it serves; {@code since}: how far back the audit topics are read at start. */
    public record Settings(String host, int port, Duration since, Duration censusMaxAge) {
        public static Settings defaults() {
            return new Settings("127.0.0.1", 8090, Duration.ofHours(24), Duration.ofSeconds(30));
        }

        public Settings withPort(int port) {
            return new Settings(host, port, since, censusMaxAge);
        }

        public Settings withCensusMaxAge(Duration age) {
            return new Settings(host, port, since, age);
        }
    }

    private static final int MOVERS_SHOWN = 100;
    private static final int WIN_BACKS_SHOWN = 50;

    private final UnifiedJedis redis;
    private final RedisViews views;
    private final DecisionLog decisions = new DecisionLog();
    private final SignalLog signals = new SignalLog();
    private final AuditTail tail;
    private final ObjectMapper json = new ObjectMapper();
    private final Javalin app;
    private final String host;

    private ConsoleServer(RedisEndpoint redisEndpoint, String bootstrapServers, Map<String, String> kafkaProperties,
                          Settings settings) {
        this.redis = redisEndpoint.open();
        this.views = new RedisViews(redis, settings.censusMaxAge().toMillis());
        this.tail = new AuditTail(bootstrapServers, kafkaProperties, settings.since(), decisions, signals);
        this.host = settings.host();
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jetty.host = settings.host();
            config.jetty.port = settings.port();
            config.routes.get("/", this::pyramid);
            config.routes.get("/customer", this::customerSearch);
            config.routes.get("/customer/{id}", this::customer);
            config.routes.get("/live", ctx -> ctx.html(LivePage.render()));
            config.routes.get("/api/decisions", this::decisionsSince);
            config.routes.get("/churn", this::churn);
            config.routes.get("/health", ctx -> ctx.result(tail.assigned() ? "ok" : "waiting for the audit topics"));
            config.routes.exception(IllegalArgumentException.class, (e, ctx) ->
                    ctx.status(400).html(Html.page("Bad request", "", "<p>" + Html.esc(e.getMessage()) + "</p>")));
            config.routes.exception(JedisException.class, (e, ctx) ->
                    ctx.status(503).html(Html.page("Redis not reachable", "",
                            "<p>" + Html.esc(e.getClass().getSimpleName() + ": " + e.getMessage()) + "</p>")));
        });
    }

    /** Starts reading the topics and serving; {@code settings.port()} 0 picks a free port. */
    public static ConsoleServer start(RedisEndpoint redis, String bootstrapServers, Map<String, String> kafkaProperties,
                                      Settings settings) {
        ConsoleServer server = new ConsoleServer(redis, bootstrapServers, kafkaProperties, settings);
        try {
            server.tail.start();
            server.app.start();
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** The address to open, e.g. {@code http://127.0.0.1:8090/}. */
    public String url() {
        String shown = host.contains(":") ? "[" + host + "]" : host;
        return "http://" + (host.equals("0.0.0.0") ? "127.0.0.1" : shown) + ":" + app.port() + "/";
    }

    public int port() {
        return app.port();
    }

    /** Whether the audit topics were found and are being read. */
    public boolean readingTopics() {
        return tail.assigned();
    }

    /** Decisions read so far. */
    public long decisionsRead() {
        return decisions.lastSeq();
    }

    private void pyramid(Context ctx) {
        DayRange range = DayRange.parse(ctx.queryParam("from"), ctx.queryParam("to"), LocalDate.now(ZoneOffset.UTC));
        String cellFrom = blankToNull(ctx.queryParam("cellFrom"));
        String cellTo = blankToNull(ctx.queryParam("cellTo"));
        ctx.html(PyramidPage.render(views.census(), range, views.movements(range), cellFrom, cellTo,
                signals.moves(range, cellFrom, cellTo, MOVERS_SHOWN)));
    }

    private void customerSearch(Context ctx) {
        String id = blankToNull(ctx.queryParam("id"));
        if (id == null) {
            ctx.html(CustomerPage.search());
        } else {
            ctx.redirect("/customer/" + Html.url(id.trim()));
        }
    }

    private void customer(Context ctx) {
        String id = ctx.pathParam("id");
        ctx.html(CustomerPage.render(views.screenPop(id, 20), decisions.forCustomer(id), signals.forCustomer(id)));
    }

    private void decisionsSince(Context ctx) throws Exception {
        long after = parseLong(ctx.queryParam("after"));
        DecisionLog.Slice slice = decisions.after(after, ctx.queryParam("trigger"), ctx.queryParam("outcome"),
                ctx.queryParam("channel"), 100);
        List<Map<String, Object>> minutes = new ArrayList<>();
        decisions.perMinute().forEach((minute, byOutcome) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("minute", minute);
            m.put("total", byOutcome.values().stream().mapToLong(Long::longValue).sum());
            m.put("sent", byOutcome.getOrDefault("SENT", 0L));
            m.put("suppressed", byOutcome.getOrDefault("SUPPRESSED", 0L));
            minutes.add(m);
        });
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("last", slice.last());
        reply.put("decisions", slice.decisions());
        reply.put("perMinute", minutes);
        ctx.contentType("application/json").result(json.writeValueAsString(reply));
    }

    private void churn(Context ctx) {
        List<ChurnPage.WinBack> winBacks = new ArrayList<>();
        for (DecisionView d : decisions.winBacks(WIN_BACKS_SHOWN)) {
            long lastPurchase = parseLong(views.profile(d.customerId()).get("lastPurchaseAt"));
            boolean back = lastPurchase > d.decidedAt() || signals.riskClearedAfter(d.customerId(), d.decidedAt());
            winBacks.add(new ChurnPage.WinBack(d, back, lastPurchase));
        }
        ProfileCensus census = views.census();
        Map<String, DecisionView> latest = new LinkedHashMap<>();
        for (ProfileCensus.AtRisk r : census.atRisk()) {
            decisions.forCustomer(r.customerId()).stream().filter(d -> "WIN_BACK".equals(d.trigger())).findFirst()
                    .ifPresent(d -> latest.put(r.customerId(), d));
        }
        ctx.html(ChurnPage.render(census, latest, winBacks));
    }

    private static long parseLong(String text) {
        try {
            return text == null ? 0 : Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    @Override
    public void close() {
        try {
            app.stop();
        } finally {
            try {
                tail.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                redis.close();
            }
        }
    }
}
