package io.kairos.loadgen;

import io.kairos.events.Channel;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A seeded synthetic customer base. Customer {@code i} is derived from the seed and {@code i}
 * alone, so nothing is stored per customer and a million customers cost no memory; the same
 * seed always gives the same people.
 */
public final class Population {
    private static final List<String> FIRST_NAMES =
            List.of("Ada", "Ben", "Chloe", "Dev", "Emma", "Farid", "Greta", "Hugo", "Ines", "Jonas",
                    "Kira", "Luca", "Mona", "Nils", "Olga", "Pedro", "Rosa", "Sami", "Tara", "Yusuf");
    private static final List<String> TIME_ZONES =
            List.of("Europe/Berlin", "Europe/London", "Europe/Madrid", "America/New_York", "Asia/Tokyo");

    /** How a customer tends to behave in a session. */
    public enum Persona {
        /** Looks around, rarely carts, rarely buys. */
        BROWSER,
        /** Carts and usually checks out. */
        BUYER,
        /** Carts and often walks away: the cart-abandonment moments. */
        ABANDONER
    }

    /** One customer's fixed traits. */
    public record Customer(
            int index,
            String id,
            String firstName,
            Persona persona,
            Set<Channel> consents,
            String timeZone,
            String birthday) {}

    private final int size;
    private final long seed;

    public Population(int size, long seed) {
        if (size <= 0) {
            throw new IllegalArgumentException("population size must be positive, was " + size);
        }
        this.size = size;
        this.seed = seed;
    }

    public int size() {
        return size;
    }

    public static String customerId(int index) {
        return String.format("c-%06d", index);
    }

    public Customer customer(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("customer " + index + " of " + size);
        }
        Random r = new Random(seed * 1_000_003L + index);
        double p = r.nextDouble();
        Persona persona = p < 0.45 ? Persona.BROWSER : p < 0.75 ? Persona.BUYER : Persona.ABANDONER;
        Set<Channel> consents = EnumSet.noneOf(Channel.class);
        if (r.nextDouble() < 0.65) {
            consents.add(Channel.EMAIL);
        }
        if (r.nextDouble() < 0.45) {
            consents.add(Channel.PUSH);
        }
        if (r.nextDouble() < 0.2) {
            consents.add(Channel.SMS);
        }
        if (r.nextDouble() < 0.35) {
            consents.add(Channel.APP);
        }
        if (r.nextDouble() < 0.5) {
            consents.add(Channel.WEB);
        }
        String birthday =
                String.format("%04d-%02d-%02d", 1950 + r.nextInt(55), 1 + r.nextInt(12), 1 + r.nextInt(28));
        return new Customer(
                index,
                customerId(index),
                FIRST_NAMES.get(r.nextInt(FIRST_NAMES.size())),
                persona,
                consents,
                TIME_ZONES.get(r.nextInt(TIME_ZONES.size())),
                birthday);
    }

    /**
     * A customer for a new session, skewed so that a minority is much more active than the rest,
     * as in real traffic.
     */
    public int pickActive(Random random) {
        double u = random.nextDouble();
        return (int) Math.min(size - 1, Math.floor(size * u * u));
    }
}
