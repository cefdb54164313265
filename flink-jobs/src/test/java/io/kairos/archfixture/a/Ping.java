package io.kairos.archfixture.a;

import io.kairos.archfixture.b.Pong;

/** Half of a package cycle that {@code ArchitectureRulesTest} must find (never used elsewhere). */
public final class Ping {
    public Pong answer() {
        return new Pong();
    }
}
