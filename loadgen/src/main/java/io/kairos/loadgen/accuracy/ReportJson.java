package io.kairos.loadgen.accuracy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.UncheckedIOException;

/** The accuracy and decision reports as indented JSON. */
final class ReportJson {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportJson() {}

    static String of(Object report) {
        try {
            // Jackson writes NaN as the string "NaN"; null says "nothing to count" in plain JSON.
            return JSON.writeValueAsString(report).replace("\"NaN\"", "null");
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
