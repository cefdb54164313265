package io.kairos.job;

import io.kairos.channel.RedisEndpoint;
import io.kairos.deliver.RedisSink;
import io.kairos.deliver.RedisSinkConfig;

/** Builds the Redis sink from the job's {@code kairos.redis.*} options. */
public final class RedisSinks {
    private RedisSinks() {}

    static RedisEndpoint endpoint(JobConfig config) {
        return RedisEndpoint.builder(config.get(RedisOptions.REDIS_URI))
                .cluster(config.get(RedisOptions.REDIS_CLUSTER))
                .user(config.get(RedisOptions.REDIS_USER))
                .password(config.get(RedisOptions.REDIS_PASSWORD))
                .passwordFile(config.get(RedisOptions.REDIS_PASSWORD_FILE))
                .trustStore(
                        config.get(RedisOptions.REDIS_TRUSTSTORE),
                        config.get(RedisOptions.REDIS_TRUSTSTORE_PASSWORD))
                .timeout(config.get(RedisOptions.REDIS_TIMEOUT))
                .build();
    }

    public static RedisSink fromConfig(JobConfig config) {
        return new RedisSink(
                RedisSinkConfig.builder(endpoint(config))
                        .batchSize(config.get(RedisOptions.REDIS_BATCH_SIZE))
                        .maxBufferDelay(config.get(RedisOptions.REDIS_MAX_BUFFER_DELAY))
                        .maxOffersPerCustomer(config.get(RedisOptions.REDIS_MAX_OFFERS_PER_CUSTOMER))
                        .streamMaxLength(config.get(RedisOptions.REDIS_STREAM_MAX_LENGTH))
                        .retryTimeout(config.get(RedisOptions.REDIS_RETRY_TIMEOUT))
                        .maxBackoff(config.get(RedisOptions.REDIS_MAX_BACKOFF))
                        .dedupGrace(config.get(RedisOptions.REDIS_DEDUP_GRACE))
                        .build());
    }
}
