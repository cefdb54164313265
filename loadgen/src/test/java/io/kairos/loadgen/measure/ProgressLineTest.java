package io.kairos.loadgen.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressLineTest {

    @Test
    void theBarFillsWithTheFraction() {
        assertEquals("[..........]", ProgressLine.bar(0, 10));
        assertEquals("[#####.....]", ProgressLine.bar(0.5, 10));
        assertEquals("[##########]", ProgressLine.bar(1.7, 10));
        assertEquals("[..........]", ProgressLine.bar(Double.NaN, 10));
    }

    @Test
    void onATerminalTheLineIsRedrawnInPlaceAndEndedOnClose() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        new ProgressLine(out, true, () -> "sent 42").close();
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("\rsent 42"), text);
        assertTrue(text.endsWith(System.lineSeparator()), text);
    }
}
