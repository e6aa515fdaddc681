package io.spotlink.support;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small PKI made for one test with the JDK's keytool, as an operator would make one (README "Operate", TLS): a CA,
 * a server certificate for 127.0.0.1 and localhost (subject alternative names), a client certificate, a server
 * certificate for another host (ehr.elsewhere.example), each in its
 * own PKCS12 keystore holding the key and the chain, and a truststore holding the CA only.
 */
public final class TestKeystores {

    public static final String PASSWORD = "changeit-test";

    private final Path dir;

    private TestKeystores(Path dir) {
        this.dir = dir;
    }

    /** CA, server and client keystores and the CA truststore, written under {@code dir}. */
    public static TestKeystores create(Path dir) throws Exception {
        Files.createDirectories(dir);
        TestKeystores pki = new TestKeystores(dir);
        pki.keytool("-genkeypair", "-alias", "ca", "-dname", "CN=Spotlink Test CA", "-ext", "bc:c",
                "-keystore", pki.path("ca.p12"));
        pki.keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", pki.path("ca.p12"), "-file", pki.path("ca.pem"));
        pki.keytool("-importcert", "-noprompt", "-alias", "ca", "-file", pki.path("ca.pem"),
                "-keystore", pki.path("truststore.p12"));
        pki.signed("server", "CN=localhost", "san=ip:127.0.0.1,dns:localhost", "eku=serverAuth");
        pki.signed("client", "CN=epic-engine", null, "eku=clientAuth");
        pki.signed("elsewhere", "CN=ehr.elsewhere.example", "san=dns:ehr.elsewhere.example", "eku=serverAuth");
        return pki;
    }

    /** A keystore {@code <name>.p12} whose key's certificate is signed by the CA, with the CA in its chain. */
    private void signed(String name, String dname, String san, String eku) throws Exception {
        String store = path(name + ".p12");
        keytool("-genkeypair", "-alias", name, "-dname", dname, "-keystore", store);
        keytool("-certreq", "-alias", name, "-keystore", store, "-file", path(name + ".csr"));
        List<String> gencert = new ArrayList<>(List.of("-gencert", "-rfc", "-alias", "ca", "-keystore", path("ca.p12"),
                "-infile", path(name + ".csr"), "-outfile", path(name + ".pem"), "-ext", eku));
        if (san != null) {
            gencert.addAll(List.of("-ext", san));
        }
        keytool(gencert.toArray(String[]::new));
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", path("ca.pem"), "-keystore", store);
        keytool("-importcert", "-alias", name, "-file", path(name + ".pem"), "-keystore", store);
    }

    public Path serverKeystore() {
        return dir.resolve("server.p12");
    }

    public Path clientKeystore() {
        return dir.resolve("client.p12");
    }

    public Path truststore() {
        return dir.resolve("truststore.p12");
    }

    /** A client context that trusts the test CA and, when {@code withClientCertificate}, presents the client's. */
    public SSLContext clientContext(boolean withClientCertificate) throws Exception {
        return context(withClientCertificate ? clientKeystore() : null, truststore());
    }

    /** The EHR's side: the server certificate, and the test CA to check a client's certificate with. */
    public SSLContext serverContext() throws Exception {
        return context(serverKeystore(), truststore());
    }

    /** A server whose certificate, signed by the same CA, names another host (ehr.elsewhere.example) only. */
    public SSLContext serverContextForAnotherHost() throws Exception {
        return context(dir.resolve("elsewhere.p12"), truststore());
    }

    private static SSLContext context(Path keystore, Path truststore) throws Exception {
        KeyManagerFactory keys = null;
        if (keystore != null) {
            keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load(keystore), PASSWORD.toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(truststore));
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }

    private static KeyStore load(Path file) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    private String path(String file) {
        return dir.resolve(file).toString();
    }

    private void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool")
                .toString(), "-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC")); // a short-lived JVM starts faster
        command.addAll(List.of(args));
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD));
        if (args[0].equals("-genkeypair")) {
            command.addAll(List.of("-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2"));
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool " + args[0] + " failed: " + new String(output, StandardCharsets.UTF_8));
        }
    }
}
