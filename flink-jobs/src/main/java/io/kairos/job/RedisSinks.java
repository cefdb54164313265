package io.kairos.job;

import io.kairos.deliver.RedisSink;
import io.kairos.deliver.RedisSinkConfig;

/** Builds the Redis sink from the job's {@code kairos.redis.*} options. */
final class RedisSinks {
    private RedisSinks() {}

    static RedisSink fromConfig(JobConfig config) {
        return new RedisSink(
                RedisSinkConfig.builder(config.get(KairosOptions.REDIS_URI))
                        .batchSize(config.get(KairosOptions.REDIS_BATCH_SIZE))
                        .maxBufferDelay(config.get(KairosOptions.REDIS_MAX_BUFFER_DELAY))
                        .maxOffersPerCustomer(config.get(KairosOptions.REDIS_MAX_OFFERS_PER_CUSTOMER))
                        .streamMaxLength(config.get(KairosOptions.REDIS_STREAM_MAX_LENGTH))
                        .build());
    }
}
