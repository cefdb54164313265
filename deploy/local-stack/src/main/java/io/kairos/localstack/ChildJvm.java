package io.kairos.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A child JVM on this JVM's own java and classpath, its output in a log file: how the stack runs
 * its Kafka broker ({@link KafkaBrokerProcess}) and the demo and the fault tests run the job
 * ({@code JobProcess}).
 */
public final class ChildJvm {
    private ChildJvm() {}

    /** {@code java <jvmOptions> -cp <this JVM's classpath> <main> <args>}. */
    public static List<String> command(List<String> jvmOptions, Class<?> main, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(args);
        return command;
    }

    /** The last {@code lines} lines of {@code log}, after a line break: what an error message shows of it. */
    public static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return "\n" + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(" + log + " unreadable: " + e + ")";
        }
    }
}
