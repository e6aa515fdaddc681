package io.spotlink.tls;

import org.apache.camel.support.jsse.ClientAuthentication;
import org.apache.camel.support.jsse.KeyManagersParameters;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.SSLContextServerParameters;
import org.apache.camel.support.jsse.SecureSocketProtocolsParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The TLS of one face of the bundle, read from its group of settings {@code <prefix>*}, as Camel
 * {@link SSLContextParameters}:
 * <pre>
 * enabled               false: plain TCP (the default)
 * keystore-file         PKCS12 (or JKS) holding this side's private key and certificate chain
 * keystore-password     from the environment, never in a file or a log
 * truststore-file       the CA certificates trusted for the peer; unset: the JDK's own (cacerts)
 * truststore-password
 * client-auth           servers only: NONE, WANT or REQUIRE (mutual TLS: the peer must present a certificate
 *                       signed by a CA of truststore-file)
 * verify-hostname       clients only, default true: the server's certificate must name the host connected to
 * </pre>
 * TLS 1.3 and 1.2 only. Passwords are given to Camel's key store parameters, which never print them.
 */
public final class TlsSettings {

    /** Which end of the connection this side is. */
    public enum Side { SERVER, CLIENT }

    private static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private TlsSettings() {
    }

    /** Whether {@code <prefix>enabled} is true. */
    public static boolean enabled(String prefix, Function<String, Optional<String>> find) {
        return find.apply(prefix + "enabled").map(v -> v.strip().equalsIgnoreCase("true")).orElse(false);
    }

    /**
     * The TLS parameters of the group {@code prefix}, empty when it is not enabled.
     *
     * @throws IllegalStateException naming the setting when a file is missing or a setting cannot work
     */
    public static Optional<SSLContextParameters> read(String prefix, Side side,
                                                      Function<String, Optional<String>> find) {
        if (!enabled(prefix, find)) {
            return Optional.empty();
        }
        SSLContextParameters tls = side == Side.CLIENT && find.apply(prefix + "verify-hostname")
                .map(v -> !v.strip().equalsIgnoreCase("false")).orElse(true)
                ? new HostnameVerifyingParameters() : new SSLContextParameters();
        tls.setSecureSocketProtocol("TLS");
        SecureSocketProtocolsParameters protocols = new SecureSocketProtocolsParameters();
        protocols.setSecureSocketProtocol(PROTOCOLS);
        tls.setSecureSocketProtocols(protocols);

        Optional<KeyStoreParameters> keystore = store(prefix, "keystore", find);
        if (side == Side.SERVER && keystore.isEmpty()) {
            throw new IllegalStateException(prefix + "enabled is true but " + prefix
                    + "keystore-file (the server's key and certificate) is not set");
        }
        keystore.ifPresent(store -> {
            KeyManagersParameters keys = new KeyManagersParameters();
            keys.setKeyStore(store);
            keys.setKeyPassword(store.getPassword()); // PKCS12 from keytool: one password for the store and key
            tls.setKeyManagers(keys);
        });
        Optional<KeyStoreParameters> truststore = store(prefix, "truststore", find);
        truststore.ifPresent(store -> {
            TrustManagersParameters trust = new TrustManagersParameters();
            trust.setKeyStore(store);
            tls.setTrustManagers(trust);
        });
        if (side == Side.SERVER) {
            ClientAuthentication clientAuth = clientAuth(prefix, find);
            if (clientAuth != ClientAuthentication.NONE && truststore.isEmpty()) {
                throw new IllegalStateException(prefix + "client-auth is " + clientAuth + " but " + prefix
                        + "truststore-file (the CA that signs the clients' certificates) is not set");
            }
            SSLContextServerParameters server = new SSLContextServerParameters();
            server.setClientAuthentication(clientAuth.name());
            tls.setServerParameters(server);
        }
        return Optional.of(tls);
    }

    private static ClientAuthentication clientAuth(String prefix, Function<String, Optional<String>> find) {
        String value = find.apply(prefix + "client-auth").map(String::strip).orElse("NONE");
        try {
            return ClientAuthentication.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(prefix + "client-auth must be NONE, WANT or REQUIRE, not '" + value + "'");
        }
    }

    private static Optional<KeyStoreParameters> store(String prefix, String kind,
                                                      Function<String, Optional<String>> find) {
        Optional<String> file = find.apply(prefix + kind + "-file").map(String::strip).filter(f -> !f.isEmpty());
        if (file.isEmpty()) {
            return Optional.empty();
        }
        Path path = Path.of(file.get()).toAbsolutePath();
        if (!Files.isReadable(path)) {
            throw new IllegalStateException(prefix + kind + "-file names a file that does not exist or cannot be read: "
                    + file.get());
        }
        KeyStoreParameters store = new KeyStoreParameters();
        store.setResource("file:" + path);
        find.apply(prefix + kind + "-password").ifPresent(store::setPassword);
        return Optional.of(store);
    }

    /**
     * Client TLS that also checks the server's name: a plain SSLSocket checks only that the certificate chains to
     * a trusted CA, so any certificate of that CA would do. The name (DNS or IP subject alternative name) must
     * match the host of the connection, as HTTPS checks it.
     */
    static final class HostnameVerifyingParameters extends SSLContextParameters {

        @Override
        protected List<Configurer<SSLSocket>> getSSLSocketFactorySSLSocketConfigurers(SSLContext context) {
            List<Configurer<SSLSocket>> configurers = new java.util.ArrayList<>(
                    super.getSSLSocketFactorySSLSocketConfigurers(context));
            configurers.add(socket -> {
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                socket.setSSLParameters(parameters);
                return socket;
            });
            return configurers;
        }
    }
}
