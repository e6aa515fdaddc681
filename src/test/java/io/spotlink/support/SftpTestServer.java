package io.spotlink.support;

import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;

/**
 * An SFTP server (MINA SSHD) on 127.0.0.1 and a free port, rooted in a folder, with password login and a
 * known_hosts file holding its host key, so clients can keep host key checking on.
 */
public final class SftpTestServer implements AutoCloseable {

    private final SshServer server;
    private final Path root;
    private final Path knownHosts;

    private SftpTestServer(SshServer server, Path root, Path knownHosts) {
        this.server = server;
        this.root = root;
        this.knownHosts = knownHosts;
    }

    public static SftpTestServer start(Path workDir, String user, String password) throws IOException {
        Path root = Files.createDirectories(workDir.resolve("sftp-root"));
        SshServer server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        SimpleGeneratorHostKeyProvider keys = new SimpleGeneratorHostKeyProvider(workDir.resolve("hostkey.ser"));
        keys.setAlgorithm("RSA");
        server.setKeyPairProvider(keys);
        server.setPasswordAuthenticator((u, p, session) -> user.equals(u) && password.equals(p));
        server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        server.setFileSystemFactory(new VirtualFileSystemFactory(root));
        server.start();

        KeyPair hostKey = keys.loadKeys(null).iterator().next();
        StringBuilder line = new StringBuilder("[127.0.0.1]:" + server.getPort() + " ");
        PublicKeyEntry.appendPublicKeyEntry(line, hostKey.getPublic());
        Path knownHosts = workDir.resolve("known_hosts");
        Files.writeString(knownHosts, line + "\n");
        return new SftpTestServer(server, root, knownHosts);
    }

    public int port() {
        return server.getPort();
    }

    public Path root() {
        return root;
    }

    public Path knownHosts() {
        return knownHosts;
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }
}
