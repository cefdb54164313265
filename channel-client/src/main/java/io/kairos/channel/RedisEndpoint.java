package io.kairos.channel;

import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.UnifiedJedis;

/**
 * Where and how to connect to Redis, for the engine's sink and for channels alike: a {@code
 * redis://} or {@code rediss://} (TLS) URI, optionally a Redis Cluster (the URI names one seed
 * node), an ACL user and its password, a trust store for TLS. Immutable and serializable (the
 * sink's configuration travels to the task managers).
 *
 * <p>Secrets: the password is taken, in this order, from {@link Builder#password}, from the file
 * {@link Builder#passwordFile} (read when connecting, so with a file the secret never travels in
 * the job graph), or from the URI's user info. {@link #toString()} and {@link #maskedUri()} never
 * show it; nothing here logs it.
 */
public final class RedisEndpoint implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String uri;
    private final boolean cluster;
    private final String user;
    private final String password;
    private final String passwordFile;
    private final String trustStore;
    private final String trustStorePassword;
    private final int timeoutMillis;
    private final int maxConnections;

    private RedisEndpoint(Builder b) {
        this.uri = Objects.requireNonNull(b.uri, "uri");
        URI parsed;
        try {
            parsed = URI.create(uri);
        } catch (IllegalArgumentException e) {
            // The message would quote the URI, password and all.
            throw new IllegalArgumentException("not a valid Redis URI: " + mask(uri));
        }
        if (!"redis".equals(parsed.getScheme()) && !"rediss".equals(parsed.getScheme())) {
            throw new IllegalArgumentException(
                    "a Redis URI starts with redis:// or rediss://, was " + mask(uri));
        }
        if (parsed.getHost() == null) {
            throw new IllegalArgumentException("the Redis URI names no host: " + mask(uri));
        }
        this.cluster = b.cluster;
        this.user = blankToNull(b.user);
        this.password = blankToNull(b.password);
        this.passwordFile = blankToNull(b.passwordFile);
        this.trustStore = blankToNull(b.trustStore);
        this.trustStorePassword = blankToNull(b.trustStorePassword);
        this.timeoutMillis = (int) b.timeout.toMillis();
        this.maxConnections = b.maxConnections;
        if (timeoutMillis <= 0 || maxConnections <= 0) {
            throw new IllegalArgumentException("timeout and maxConnections must be positive");
        }
    }

    public static Builder builder(String uri) {
        return new Builder(uri);
    }

    /** A plain endpoint: the URI alone (user and password, if any, in it). */
    public static RedisEndpoint of(String uri) {
        return builder(uri).build();
    }

    public boolean cluster() {
        return cluster;
    }

    public boolean tls() {
        return URI.create(uri).getScheme().equals("rediss");
    }

    /** The URI with any password replaced by {@code ***}: safe to log. */
    public String maskedUri() {
        return mask(uri);
    }

    /** Replaces the password of a URI's user info with {@code ***}; leaves anything else. */
    public static String mask(String uri) {
        if (uri == null) {
            return null;
        }
        int scheme = uri.indexOf("://");
        int at = uri.lastIndexOf('@');
        if (scheme < 0 || at < scheme) {
            return uri;
        }
        String userInfo = uri.substring(scheme + 3, at);
        int colon = userInfo.indexOf(':');
        String masked = colon < 0 ? "***" : userInfo.substring(0, colon) + ":***";
        return uri.substring(0, scheme + 3) + masked + uri.substring(at);
    }

    /**
     * Opens a pooled client: a {@link RedisClient} for one server, a {@link RedisClusterClient}
     * (which follows slot moves and routes pipelined commands by key) for a cluster.
     */
    public UnifiedJedis open() {
        URI parsed = URI.create(uri);
        DefaultJedisClientConfig.Builder config =
                DefaultJedisClientConfig.builder()
                        .connectionTimeoutMillis(timeoutMillis)
                        .socketTimeoutMillis(timeoutMillis)
                        // CLIENT SETINFO is not needed, and an ACL user need not be allowed it.
                        .clientSetInfoConfig(ClientSetInfoConfig.DISABLED);
        String[] userInfo = userInfo(parsed);
        String effectiveUser = user != null ? user : userInfo[0];
        String effectivePassword = resolvePassword(userInfo[1]);
        if (effectiveUser != null) {
            config.user(effectiveUser);
        }
        if (effectivePassword != null) {
            config.password(effectivePassword);
        }
        if (tls()) {
            config.ssl(true);
            if (trustStore != null) {
                config.sslOptions(
                        SslOptions.builder()
                                .truststore(
                                        new File(trustStore),
                                        trustStorePassword == null
                                                ? null
                                                : trustStorePassword.toCharArray())
                                .build());
            }
        }
        int port = parsed.getPort() > 0 ? parsed.getPort() : 6379;
        HostAndPort node = new HostAndPort(parsed.getHost(), port);
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(maxConnections);
        pool.setMaxIdle(maxConnections);
        pool.setMaxWait(Duration.ofMillis(timeoutMillis));
        if (cluster) {
            return RedisClusterClient.builder()
                    .nodes(Set.of(node))
                    .clientConfig(config.build())
                    .poolConfig(pool)
                    .build();
        }
        String path = parsed.getPath();
        if (path != null && path.length() > 1) {
            config.database(Integer.parseInt(path.substring(1)));
        }
        return RedisClient.builder()
                .hostAndPort(node)
                .clientConfig(config.build())
                .poolConfig(pool)
                .build();
    }

    private String resolvePassword(String fromUri) {
        if (password != null) {
            return password;
        }
        if (passwordFile != null) {
            try {
                return Files.readString(Path.of(passwordFile), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                // The path is no secret; its content is.
                throw new UncheckedIOException("cannot read the Redis password file " + passwordFile, e);
            }
        }
        return fromUri;
    }

    private static String[] userInfo(URI uri) {
        String info = uri.getRawUserInfo();
        if (info == null || info.isEmpty()) {
            return new String[] {null, null};
        }
        int colon = info.indexOf(':');
        if (colon < 0) { // redis://password@host is how some clients spell a password alone
            return new String[] {null, decode(info)};
        }
        String u = info.substring(0, colon);
        return new String[] {u.isEmpty() ? null : decode(u), decode(info.substring(colon + 1))};
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    @Override
    public String toString() {
        return "RedisEndpoint{" + mask(uri) + (cluster ? ", cluster" : "")
                + (user != null ? ", user " + user : "")
                + (password != null ? ", password ***" : "")
                + (passwordFile != null ? ", password file " + passwordFile : "")
                + (trustStore != null ? ", trust store " + trustStore : "") + "}";
    }

    /** Settings beyond the URI. */
    public static final class Builder {
        private final String uri;
        private boolean cluster;
        private String user;
        private String password;
        private String passwordFile;
        private String trustStore;
        private String trustStorePassword;
        private Duration timeout = Duration.ofSeconds(2);
        private int maxConnections = 8;

        private Builder(String uri) {
            this.uri = uri;
        }

        /** The URI names one seed node of a Redis Cluster. */
        public Builder cluster(boolean cluster) {
            this.cluster = cluster;
            return this;
        }

        /** The ACL user (wins over one in the URI). */
        public Builder user(String user) {
            this.user = user;
            return this;
        }

        /** The password (wins over the file and the URI). */
        public Builder password(String password) {
            this.password = password;
            return this;
        }

        /** A file whose content (trimmed) is the password; read when connecting. */
        public Builder passwordFile(String passwordFile) {
            this.passwordFile = passwordFile;
            return this;
        }

        /** A trust store (JKS or PKCS12) for {@code rediss://}; else the JVM's default. */
        public Builder trustStore(String trustStore, String trustStorePassword) {
            this.trustStore = trustStore;
            this.trustStorePassword = trustStorePassword;
            return this;
        }

        /** Connect and socket timeout. */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** Pool size (per node of a cluster); a borrower waits at most the timeout. */
        public Builder maxConnections(int maxConnections) {
            this.maxConnections = maxConnections;
            return this;
        }

        public RedisEndpoint build() {
            return new RedisEndpoint(this);
        }
    }
}
