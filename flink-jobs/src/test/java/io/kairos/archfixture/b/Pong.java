package io.kairos.archfixture.b;

import io.kairos.archfixture.a.Ping;

/** The other half of the cycle. */
public final class Pong {
    public Ping answer() {
        return new Ping();
    }
}
