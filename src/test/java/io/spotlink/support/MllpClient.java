package io.spotlink.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;

/** A hospital engine's side of MLLP, over a real socket: sends one framed message and reads the framed reply. */
public final class MllpClient {

    private MllpClient() {
    }

    public static byte[] send(int port, byte[] message) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(0x0b);
            out.write(message);
            out.write(new byte[]{0x1c, 0x0d});
            out.flush();
            InputStream in = socket.getInputStream();
            int b;
            while ((b = in.read()) != 0x0b) {
                if (b < 0) {
                    throw new IOException("connection closed before a reply");
                }
            }
            ByteArrayOutputStream reply = new ByteArrayOutputStream();
            while ((b = in.read()) != 0x1c) {
                if (b < 0) {
                    throw new IOException("reply not terminated");
                }
                reply.write(b);
            }
            return reply.toByteArray();
        }
    }
}
