package io.xgate.venue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RfcTimestampTest {

    @ParameterizedTest
    @ValueSource(strings = {"2023-10-06T17:35:55.440295Z", "1970-01-01T00:00:00Z", "2024-02-29T23:59:59.999999999Z",
        "2000-03-01T00:00:00.1Z", "2023-09-25T07:48:36.925533Z", "2199-12-31T12:00:00+00:00"})
    void agreesWithJavaTime(String text) {
        Instant i = Instant.parse(text.replace("+00:00", "Z"));
        long expected = i.getEpochSecond() * 1_000_000_000L + i.getNano();
        assertEquals(expected, Rfc3339.parseNanos(text.toCharArray(), 0, text.length()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2023-10-06 17:35:55Z", "2023-10-06T17:35:55", "2023-13-06T17:35:55Z",
        "2023-10-06T17:35:55.Z", "2023-10-06T17:35:55+01:00", "not a time at all, no"})
    void refusesWhatIsNotUtcRfc3339(String text) {
        assertThrows(IllegalArgumentException.class, () -> Rfc3339.parseNanos(text.toCharArray(), 0, text.length()));
    }
}
