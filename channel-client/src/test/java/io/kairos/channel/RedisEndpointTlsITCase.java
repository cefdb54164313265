package io.kairos.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kairos.localstack.RedisServer;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * TLS: a redis-server with a TLS port and a self-signed certificate (made here with the JDK's
 * keytool), reached through a {@code rediss://} URI with the certificate in a trust store; a
 * client without that trust store is refused.
 */
class RedisEndpointTlsITCase {
    private static final char[] STORE_PASSWORD = "changeit".toCharArray();

    @TempDir Path dir;

    @Test
    void rediss() throws Exception {
        Path keyStore = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "redis", "-keyalg", "RSA", "-keysize", "2048",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2",
                "-keystore", keyStore.toString(), "-storetype", "PKCS12",
                "-storepass", new String(STORE_PASSWORD), "-keypass", new String(STORE_PASSWORD))
                .redirectErrorStream(true).start();
        String keytoolOutput = new String(keytool.getInputStream().readAllBytes());
        assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0, keytoolOutput);

        KeyStore server = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            server.load(in, STORE_PASSWORD);
        }
        Certificate cert = server.getCertificate("redis");
        PrivateKey key = (PrivateKey) server.getKey("redis", STORE_PASSWORD);
        Path certPem = dir.resolve("redis.crt");
        Path keyPem = dir.resolve("redis.key");
        Files.writeString(certPem, pem("CERTIFICATE", cert.getEncoded()));
        Files.writeString(keyPem, pem("PRIVATE KEY", key.getEncoded()));
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("redis", cert);
        Path trustStore = dir.resolve("trust.p12");
        try (FileOutputStream out = new FileOutputStream(trustStore.toFile())) {
            trust.store(out, STORE_PASSWORD);
        }

        int tlsPort = RedisServer.freePort();
        try (RedisServer redis = RedisServer.start(RedisServer.freePort(), false, List.of(
                "--tls-port", String.valueOf(tlsPort),
                "--tls-cert-file", certPem.toString(),
                "--tls-key-file", keyPem.toString(),
                "--tls-ca-cert-file", certPem.toString(),
                "--tls-auth-clients", "no"))) {
            String uri = "rediss://127.0.0.1:" + tlsPort;
            RedisEndpoint endpoint = RedisEndpoint.builder(uri)
                    .trustStore(trustStore.toString(), new String(STORE_PASSWORD)).build();
            assertTrue(endpoint.tls());
            try (UnifiedJedis client = endpoint.open()) {
                client.set(ContractKeys.CONTRACT_VERSION_KEY, "3");
                assertEquals("3", client.get(ContractKeys.CONTRACT_VERSION_KEY));
            }
            // Without the trust store the self-signed certificate is not trusted.
            assertThrows(JedisException.class, () -> {
                try (UnifiedJedis client = RedisEndpoint.of(uri).open()) {
                    client.ping();
                }
            });
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
