package io.kairos.learn;

import static io.kairos.testing.TestEvents.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResponseRatesTest {
    private static Map.Entry<String, ResponseStats> entry(ResponseStats s) {
        return Map.entry(ResponseStats.key(s.offerId, s.segment), s);
    }

    @Test
    void nothingKnownIsTheUniformPrior() {
        ResponseStats s = ResponseRates.of(List.of()).stats("o", "HIGH");
        assertEquals("o", s.offerId);
        assertEquals("HIGH", s.segment);
        assertEquals(1, s.alpha());
        assertEquals(1, s.beta());
    }

    @Test
    void aSparseSegmentBorrowsTheAllSegmentRateUpToThePriorTrials() {
        ResponseRates rates = ResponseRates.of(List.of(
                entry(new ResponseStats("o", "HIGH", 5, 0, T0)),
                entry(new ResponseStats("o", "*", 1000, 100, T0 + 1))));
        ResponseStats s = rates.stats("o", "HIGH");
        assertEquals(20, s.trials, 1e-9, "own 5 + 15 borrowed");
        assertEquals(1.5, s.successes, 1e-9, "borrowed at the all-segment rate of 10%");
        assertEquals(T0 + 1, s.asOf);

        ResponseStats unseen = rates.stats("o", "LOW");
        assertEquals(20, unseen.trials, 1e-9);
        assertEquals(2, unseen.successes, 1e-9);
    }

    @Test
    void borrowingIsNeverStrongerThanTheEvidenceBehindIt() {
        ResponseRates rates = ResponseRates.of(List.of(entry(new ResponseStats("o", "*", 4, 1, T0))));
        ResponseStats s = rates.stats("o", "HIGH");
        assertEquals(4, s.trials, 1e-9);
        assertEquals(1, s.successes, 1e-9);
    }

    @Test
    void aSegmentWithEnoughTrialsStandsOnItsOwn() {
        ResponseStats own = new ResponseStats("o", "HIGH", 25, 10, T0);
        ResponseRates rates = ResponseRates.of(
                List.of(entry(own), entry(new ResponseStats("o", "*", 1000, 10, T0))), 20);
        assertEquals(own, rates.stats("o", "HIGH"));
        assertEquals(1000, rates.stats("o", "*").trials, 0.0);
    }
}
