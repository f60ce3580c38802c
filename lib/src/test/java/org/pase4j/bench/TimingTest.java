package org.pase4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TimingTest {

    @Test
    void medianMinAndMaxOfTheRuns() {
        Timing odd = new Timing(List.of(5.0, 1.0, 3.0));
        assertEquals(3.0, odd.median());
        assertEquals(1.0, odd.min());
        assertEquals(5.0, odd.max());
        assertEquals(2.5, new Timing(List.of(4.0, 1.0, 2.0, 3.0)).median());
        assertThrows(IllegalArgumentException.class, () -> new Timing(List.of()));
    }

    @Test
    void warmUpRunsAreNotTimed() {
        AtomicInteger calls = new AtomicInteger();
        Timing t = Timing.of(2, 3, calls::incrementAndGet);
        assertEquals(5, calls.get());
        assertEquals(3, t.millis().size());
    }
}
