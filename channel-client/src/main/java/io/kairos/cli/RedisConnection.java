package io.kairos.cli;

import io.kairos.channel.RedisEndpoint;
import picocli.CommandLine.Option;

/**
 * How a command reaches Redis as a delivery channel does: URI (TLS with rediss://), cluster or
 * not, ACL user and password. The password comes from the environment or a file only, never an
 * argument, where {@code ps} would show it.
 */
public final class RedisConnection {
    /** Where a command looks when it is not told: a Redis on this machine's default port. */
    public static final String LOCAL = "redis://127.0.0.1:6379";

    @Option(names = "--redis-uri", defaultValue = "${env:KAIROS_REDIS_URI}",
            description = "redis:// or rediss:// (TLS) URI (env KAIROS_REDIS_URI; default " + LOCAL + ").")
    String uri;

    @Option(names = "--redis-cluster", description = "The URI names a seed node of a Redis Cluster.")
    boolean cluster;

    @Option(names = "--redis-user", defaultValue = "${env:KAIROS_REDIS_USER}", description = "ACL user (env KAIROS_REDIS_USER).")
    String user;

    @Option(names = "--redis-password-file", defaultValue = "${env:KAIROS_REDIS_PASSWORD_FILE}",
            description = "File with the password; else env KAIROS_REDIS_PASSWORD.")
    String passwordFile;

    @Option(names = "--redis-truststore", description = "Trust store for rediss:// (its password: env KAIROS_REDIS_TRUSTSTORE_PASSWORD).")
    String trustStore;

    /** Whether a Redis was named, on the command line or in the environment. */
    public boolean given() {
        return uri != null && !uri.isBlank();
    }

    /** The URI, or the local default. */
    public String uri() {
        return given() ? uri : LOCAL;
    }

    /** The URI with any password masked, for logs and reports. */
    public String masked() {
        return RedisEndpoint.mask(uri());
    }

    public RedisEndpoint endpoint() {
        return RedisEndpoint.builder(uri())
                .cluster(cluster)
                .user(user)
                .password(System.getenv("KAIROS_REDIS_PASSWORD"))
                .passwordFile(passwordFile)
                .trustStore(trustStore, System.getenv("KAIROS_REDIS_TRUSTSTORE_PASSWORD"))
                .build();
    }
}
