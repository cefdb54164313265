package io.kairos.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The job's configuration file, in Flink's own format ({@code config.yaml}): YAML with flat
 * ({@code kairos.redis.uri: ...}) or nested keys, which are joined with dots; a list becomes
 * Flink's {@code a;b;c}. Anything that is not a plain value stops start-up with the key's name.
 *
 * <p>Why not Flink's own {@code GlobalConfiguration.loadConfiguration(dir)}: it reads only a file
 * named {@code config.yaml} in a directory (the job's file sits next to the manifests under any
 * name), and on a YAML error it throws "Error parsing YAML configuration." without the file or
 * the position (tried with Flink 2.2.1), where an operator at 3 a.m. needs both.
 */
final class ConfigFile {
    private ConfigFile() {}

    static Map<String, String> read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new InvalidConfigException("configuration file '" + file + "' does not exist");
        } catch (IOException e) {
            throw new InvalidConfigException(
                    "configuration file '" + file + "' is not valid YAML: " + e.getMessage(), e);
        }
        Map<String, String> out = new LinkedHashMap<>();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return out; // an empty file configures nothing
        }
        if (!root.isObject()) {
            throw new InvalidConfigException(
                    "configuration file '" + file + "' must be a mapping of option names to values");
        }
        flatten("", root, file, out);
        return out;
    }

    private static void flatten(String prefix, JsonNode node, Path file, Map<String, String> out) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            JsonNode value = e.getValue();
            if (value.isObject()) {
                flatten(key, value, file, out);
            } else if (value.isArray()) {
                StringJoiner list = new StringJoiner(";");
                for (JsonNode item : value) {
                    if (!item.isValueNode() || item.isNull()) {
                        throw new InvalidConfigException(
                                "configuration file '" + file + "': option '" + key + "' must list plain values");
                    }
                    list.add(item.asText());
                }
                out.put(key, list.toString());
            } else if (value.isNull()) {
                throw new InvalidConfigException(
                        "configuration file '" + file + "': option '" + key + "' has no value");
            } else {
                out.put(key, value.asText());
            }
        }
    }
}
