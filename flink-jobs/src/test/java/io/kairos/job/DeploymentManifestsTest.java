package io.kairos.job;

import io.kairos.schemas.Topics;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployment files under {@code deploy/} parse, and the values in them that must agree with
 * the code do: entry class, jar path, Flink version, option names and values, topic names, max
 * parallelism. A rename in the code that the manifests miss fails here, not in production.
 */
class DeploymentManifestsTest {
    static final Path DEPLOY = Path.of("..", "deploy").toAbsolutePath().normalize();
    private static final YAMLMapper YAML = new YAMLMapper();

    @Test
    void theFlinkDeploymentRunsThisJobFromASavepointWithFixedMaxParallelism() throws Exception {
        JsonNode spec = only("flinkdeployment.yaml", "FlinkDeployment").get("spec");
        assertEquals("v2_2", spec.get("flinkVersion").asText());
        JsonNode job = spec.get("job");
        assertEquals(PersonalizationJob.class.getName(), job.get("entryClass").asText());
        assertEquals("savepoint", job.get("upgradeMode").asText());
        assertEquals("local://" + jarInImage(), job.get("jarURI").asText(), "the jar where the Dockerfile puts it");
        int parallelism = job.get("parallelism").asInt();
        assertTrue(parallelism >= 1 && parallelism <= JobConfig.MAX_PARALLELISM);

        Map<String, String> flink = strings(spec.get("flinkConfiguration"));
        assertEquals(String.valueOf(JobConfig.MAX_PARALLELISM), flink.get("pipeline.max-parallelism"),
                "max parallelism is the key group count; it must match the job's");
        assertEquals("false", flink.get("pipeline.auto-generate-uids"));
        assertEquals("rocksdb", flink.get("state.backend.type"));
        assertEquals("true", flink.get("execution.checkpointing.incremental"));
        assertEquals("kubernetes", flink.get("high-availability.type"));
        // checkpoints that do not wait for RocksDB's native checkpoint (JobConfig's default too)
        assertEquals("true", flink.get("state.changelog.enabled"));
        assertEquals("filesystem", flink.get("state.changelog.storage"));
        for (String dir : List.of("execution.checkpointing.dir", "execution.checkpointing.savepoint-dir",
                "high-availability.storageDir", "state.changelog.dstl.dfs.base-path")) {
            assertTrue(flink.getOrDefault(dir, "").startsWith("s3://"), dir + " must be durable storage");
        }
        // Flink reads the values as the job does: they must parse.
        Configuration parsed = Configuration.fromMap(flink);
        assertEquals(Duration.ofSeconds(30), parsed.get(CheckpointingOptions.CHECKPOINTING_INTERVAL));
        assertEquals(Duration.ofMinutes(10), parsed.get(org.apache.flink.configuration.StateChangelogOptions.PERIODIC_MATERIALIZATION_INTERVAL));
        assertEquals("org.apache.flink.metrics.prometheus.PrometheusReporterFactory",
                flink.get("metrics.reporter.prom.factory.class"));

        JsonNode container = spec.at("/podTemplate/spec/containers/0");
        assertEquals("flink-main-container", container.get("name").asText());
        Map<String, String> env = new HashMap<>();
        for (JsonNode e : container.get("env")) {
            env.put(e.get("name").asText(), e.get("value").asText());
        }
        assertEquals("flink-s3-fs-presto-" + flinkVersion() + ".jar", env.get("ENABLE_BUILT_IN_PLUGINS"),
                "the S3 plugin of the image's Flink version");
    }

    @Test
    void theJobOptionsInTheConfigMapAreAcceptedByTheJob(@TempDir Path tmp) throws Exception {
        JsonNode configMap = only("kairos-config.yaml", "ConfigMap");
        Path file = tmp.resolve("kairos.yaml");
        Files.writeString(file, configMap.at("/data/kairos.yaml").asText());

        JsonNode deployment = only("flinkdeployment.yaml", "FlinkDeployment").get("spec");
        List<String> args = new ArrayList<>();
        deployment.at("/job/args").forEach(a -> args.add(a.asText()));
        assertEquals("--config", args.get(0));
        assertEquals(mountPath(deployment, "kairos-config") + "/kairos.yaml", args.get(1),
                "the job reads the file where the ConfigMap is mounted");

        // The secrets as the pod gets them: KAIROS_*_FILE naming files of the mounted Secret.
        JsonNode secret = only("kairos-config.yaml", "Secret");
        String secretsDir = mountPath(deployment, "kairos-secrets");
        Map<String, String> env = new HashMap<>();
        Set<String> optionEnvNames = new HashSet<>();
        for (ConfigOption<?> option : KairosOptions.all()) {
            optionEnvNames.add(KairosOptions.envName(option));
        }
        for (JsonNode e : deployment.at("/podTemplate/spec/containers/0/env")) {
            String name = e.get("name").asText();
            if (!name.startsWith("KAIROS_")) {
                continue;
            }
            assertTrue(optionEnvNames.contains(name.replaceFirst("_FILE$", "")), name + " is no option's variable");
            String path = e.get("value").asText();
            assertTrue(path.startsWith(secretsDir + "/"), name + " must name a file of the mounted Secret");
            String key = path.substring(secretsDir.length() + 1);
            assertNotNull(secret.at("/stringData").get(key), "the Secret has no key " + key);
            Path local = tmp.resolve(key);
            Files.writeString(local, secret.at("/stringData").get(key).asText());
            env.put(name, local.toString());
        }

        JobConfig config = JobConfig.fromArgs(new String[] {"--config", file.toString()}, env);
        assertEquals("SASL_SSL", config.kafkaSecurityProperties().getProperty("security.protocol"));
        String redisPasswordFile = config.get(RedisOptions.REDIS_PASSWORD_FILE);
        assertTrue(redisPasswordFile.startsWith(secretsDir + "/"), "the Redis password is a file of the mounted Secret");
        assertNotNull(secret.at("/stringData").get(redisPasswordFile.substring(secretsDir.length() + 1)),
                "the Secret has the Redis password's key");
        String truststore = config.get(RedisOptions.REDIS_TRUSTSTORE);
        assertTrue(truststore.startsWith(mountPath(deployment, "redis-ca") + "/"), "the Redis trust store is mounted");

        Set<String> topics = new HashSet<>();
        for (JsonNode topic : all("kafka-topics.yaml", "KafkaTopic")) {
            topics.add(topic.at("/metadata/name").asText());
        }
        Set<String> configured = new HashSet<>(config.customerEventTopics());
        configured.add(config.get(EventOptions.TOPIC_OFFER_CATALOG));
        configured.add(config.get(EventOptions.TOPIC_DEAD_LETTERS));
        configured.add(config.get(EventOptions.TOPIC_CUSTOMER_SIGNALS));
        configured.add(config.get(EventOptions.TOPIC_DECISIONS));
        configured.add(config.get(EventOptions.TOPIC_OFFER_FEEDBACK));
        assertEquals(configured, topics, "every topic the job uses is declared, and no other");
    }

    @Test
    void theTopicsAreDeclaredWithTheJobsDefaultNames() throws Exception {
        Map<String, JsonNode> topics = new HashMap<>();
        for (JsonNode topic : all("kafka-topics.yaml", "KafkaTopic")) {
            topics.put(topic.at("/metadata/name").asText(), topic.get("spec"));
        }
        JobConfig defaults = JobConfig.fromMap(
                Map.of("kairos.kafka.bootstrap-servers", "k:1", "kairos.redis.uri", "redis://r:1"), Map.of());
        Set<Integer> eventPartitions = new HashSet<>();
        for (String topic : defaults.customerEventTopics()) {
            assertTrue(topics.containsKey(topic), "no KafkaTopic " + topic);
            eventPartitions.add(topics.get(topic).get("partitions").asInt());
        }
        assertEquals(List.of(Topics.CUSTOMER_EVENTS), defaults.customerEventTopics(), "one event topic by default");
        assertEquals(1, eventPartitions.size(), "customer event topics are co-partitioned by customer");
        JsonNode catalog = topics.get(defaults.get(EventOptions.TOPIC_OFFER_CATALOG));
        assertEquals("compact", catalog.at("/config/cleanup.policy").asText(), "the catalog is a compacted topic");
        assertTrue(topics.containsKey(defaults.get(EventOptions.TOPIC_DEAD_LETTERS)));
        assertTrue(topics.containsKey(defaults.get(EventOptions.TOPIC_CUSTOMER_SIGNALS)));
    }

    @Test
    void theImageIsBuiltOnTheFlinkVersionOfTheJar() throws Exception {
        String dockerfile = Files.readString(DEPLOY.resolve("docker/Dockerfile"));
        Matcher version = Pattern.compile("(?m)^ARG FLINK_VERSION=(\\S+)$").matcher(dockerfile);
        assertTrue(version.find(), "Dockerfile declares ARG FLINK_VERSION");
        assertEquals(flinkVersion(), version.group(1), "pom.xml flink.version");
        assertTrue(dockerfile.contains("FROM flink:${FLINK_VERSION}-"), "the official Flink image");
        Matcher kairosVersion = Pattern.compile("(?m)^ARG KAIROS_VERSION=(\\S+)$").matcher(dockerfile);
        assertTrue(kairosVersion.find());
        assertEquals(projectVersion(), kairosVersion.group(1), "the jar of this build");
    }

    @Test
    void theMonitoringFilesParse() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(DEPLOY.resolve("grafana/kairos-dashboard.json").toFile());
        assertFalse(dashboard.get("panels").isEmpty());
        assertFalse(all("monitoring.yaml", "PrometheusRule").isEmpty());
        assertFalse(all("monitoring.yaml", "PodMonitor").isEmpty());
    }

    /** Every metric name the dashboard and the alerts query. */
    static Set<String> metricNamesUsedByMonitoring() throws IOException {
        Set<String> names = new HashSet<>();
        Pattern metric = Pattern.compile("flink_[A-Za-z0-9_]+");
        for (String text : List.of(
                Files.readString(DEPLOY.resolve("grafana/kairos-dashboard.json")),
                Files.readString(DEPLOY.resolve("k8s/monitoring.yaml")))) {
            Matcher m = metric.matcher(text);
            while (m.find()) {
                names.add(m.group());
            }
        }
        return names;
    }

    private static String jarInImage() throws IOException {
        String dockerfile = Files.readString(DEPLOY.resolve("docker/Dockerfile"));
        Matcher copy = Pattern.compile("(?m)^COPY .* (/opt/flink/usrlib/\\S+\\.jar)$").matcher(dockerfile);
        assertTrue(copy.find(), "Dockerfile copies the jar into /opt/flink/usrlib");
        return copy.group(1);
    }

    private static String mountPath(JsonNode deploymentSpec, String volume) {
        for (JsonNode mount : deploymentSpec.at("/podTemplate/spec/containers/0/volumeMounts")) {
            if (mount.get("name").asText().equals(volume)) {
                return mount.get("mountPath").asText();
            }
        }
        throw new AssertionError("no volume mount " + volume);
    }

    private static String flinkVersion() throws IOException {
        return pomProperty("<flink.version>([^<]+)</flink.version>");
    }

    private static String projectVersion() throws IOException {
        return pomProperty("<artifactId>kairos-parent</artifactId>\\s*<version>([^<]+)</version>");
    }

    private static String pomProperty(String regex) throws IOException {
        Matcher m = Pattern.compile(regex).matcher(Files.readString(DEPLOY.resolveSibling("pom.xml")));
        assertTrue(m.find(), regex);
        return m.group(1);
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> out = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    private static JsonNode only(String file, String kind) throws IOException {
        List<JsonNode> docs = all(file, kind);
        assertEquals(1, docs.size(), "one " + kind + " in " + file);
        return docs.get(0);
    }

    private static List<JsonNode> all(String file, String kind) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(DEPLOY.resolve("k8s").resolve(file).toFile())) {
            for (Iterator<JsonNode> it = YAML.readValues(parser, JsonNode.class); it.hasNext(); ) {
                JsonNode doc = it.next();
                if (doc != null && kind.equals(doc.path("kind").asText())) {
                    out.add(doc);
                }
            }
        }
        return out;
    }
}
