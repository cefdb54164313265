package io.kairos.decide;

import io.kairos.deliver.RedisUpdate;
import io.kairos.ingest.CustomerEvent;
import java.util.Objects;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;

/**
 * Flink's operator for a keyed broadcast function, with one addition: the function keeps the
 * records of recent customers on the heap ({@link CustomerCache}), and this operator has them
 * written to keyed state before every checkpoint barrier and at the end of input. So a snapshot
 * holds every turn before its barrier, as with write-through state, while a customer's session
 * decodes and encodes their record once rather than at every event. The pipeline applies it
 * with {@code ConnectedStreams#transform}; the broadcast states are the function's.
 */
public final class PersonalizationOperator
        extends CoBroadcastWithKeyedOperator<String, CustomerEvent, ControlUpdate, RedisUpdate> {
    private static final long serialVersionUID = 1L;

    private final CustomerCacheSettings cache;

    public PersonalizationOperator(PersonalizationFunction function, CustomerCacheSettings cache) {
        super(function, PersonalizationFunction.BROADCAST_STATES);
        this.cache = Objects.requireNonNull(cache);
    }

    private PersonalizationFunction function() {
        return (PersonalizationFunction) userFunction;
    }

    @Override
    public void open() throws Exception {
        function().cacheCustomersWith(this, cache); // before the function's open builds its store
        super.open();
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        function().writeBackCustomers();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void finish() throws Exception {
        function().writeBackCustomers();
        super.finish();
    }
}
