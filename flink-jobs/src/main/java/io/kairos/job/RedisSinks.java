package io.kairos.job;

import io.kairos.channel.RedisEndpoint;
import io.kairos.deliver.RedisSink;
import io.kairos.deliver.RedisSinkConfig;

/** Builds the Redis sink from the job's {@code kairos.redis.*} options. */
public final class RedisSinks {
    private RedisSinks() {}

    static RedisEndpoint endpoint(JobConfig config) {
        return RedisEndpoint.builder(config.get(KairosOptions.REDIS_URI))
                .cluster(config.get(KairosOptions.REDIS_CLUSTER))
                .user(config.get(KairosOptions.REDIS_USER))
                .password(config.get(KairosOptions.REDIS_PASSWORD))
                .passwordFile(config.get(KairosOptions.REDIS_PASSWORD_FILE))
                .trustStore(
                        config.get(KairosOptions.REDIS_TRUSTSTORE),
                        config.get(KairosOptions.REDIS_TRUSTSTORE_PASSWORD))
                .timeout(config.get(KairosOptions.REDIS_TIMEOUT))
                .build();
    }

    public static RedisSink fromConfig(JobConfig config) {
        return new RedisSink(
                RedisSinkConfig.builder(endpoint(config))
                        .batchSize(config.get(KairosOptions.REDIS_BATCH_SIZE))
                        .maxBufferDelay(config.get(KairosOptions.REDIS_MAX_BUFFER_DELAY))
                        .maxOffersPerCustomer(config.get(KairosOptions.REDIS_MAX_OFFERS_PER_CUSTOMER))
                        .streamMaxLength(config.get(KairosOptions.REDIS_STREAM_MAX_LENGTH))
                        .retryTimeout(config.get(KairosOptions.REDIS_RETRY_TIMEOUT))
                        .maxBackoff(config.get(KairosOptions.REDIS_MAX_BACKOFF))
                        .dedupGrace(config.get(KairosOptions.REDIS_DEDUP_GRACE))
                        .build());
    }
}
