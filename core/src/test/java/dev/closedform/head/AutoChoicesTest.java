package dev.closedform.head;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An epoch's cf-auto choices: medians of lambda and beta, a warning only when most sat at an end of the range. */
class AutoChoicesTest {

    private static final int LAST = AutoProximal.PENALTIES.length - 1;

    @Test
    void mediansOfTheEpochAndNothingForAnEmptyOne() {
        AutoChoices log = new AutoChoices();
        assertEquals(Map.of(), log.endEpoch());
        log.add(new AutoProximal.Choice(4, 0));
        log.add(new AutoProximal.Choice(8, 0));
        log.add(new AutoProximal.Choice(6, 0));
        Map<String, Double> m = log.endEpoch();
        assertEquals(AutoProximal.PENALTIES[6], m.get("lambda"), 0.0); // the middle of 10^-2, 10^-1.5, 10^-1
        assertEquals(0.0, m.get("beta"), 0.0);
        assertEquals(List.of(), log.takeWarnings(), "no choice at an edge");
        assertEquals(Map.of(), log.endEpoch(), "the next epoch starts empty");
    }

    @Test
    void warnsWhenMoreThanHalfSatAtAnEdge() {
        AutoChoices log = new AutoChoices();
        log.add(new AutoProximal.Choice(LAST, 0));
        log.add(new AutoProximal.Choice(5, 0));
        log.endEpoch();
        assertEquals(List.of(), log.takeWarnings(), "half is not more than half");
        log.add(new AutoProximal.Choice(LAST, 0));
        log.add(new AutoProximal.Choice(0, 3));
        log.add(new AutoProximal.Choice(5, 0));
        log.endEpoch();
        List<String> w = log.takeWarnings();
        assertEquals(1, w.size(), w.toString());
        assertTrue(w.get(0).contains("2 of 3"), w.get(0));
        assertEquals(List.of(), log.takeWarnings(), "taken once");
    }
}
