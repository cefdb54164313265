package io.kairos.policy;

import java.util.List;
import java.util.function.Predicate;

/**
 * Edits of lists in Avro state. A restored state holds {@code GenericData.Array}s, whose iterator
 * does not support {@code remove}, so {@link java.util.Collection#removeIf} throws on them; index
 * removal works on every list.
 */
public final class AvroLists {
    private AvroLists() {}

    /** Removes the elements matching {@code filter}, keeping the order of the others. */
    public static <T> boolean removeIf(List<T> list, Predicate<? super T> filter) {
        boolean removed = false;
        for (int i = list.size() - 1; i >= 0; i--) {
            if (filter.test(list.get(i))) {
                list.remove(i);
                removed = true;
            }
        }
        return removed;
    }
}
