package io.spotlink.demo;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.util.idgenerator.InMemoryIDGenerator;
import ca.uhn.hl7v2.validation.impl.NoValidation;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in EHR MLLP listener on 127.0.0.1: answers each message with an HL7 ACK built by HAPI. The demo uses it
 * to receive ORUs; tests script it to NACK, stay silent or drop the connection.
 */
public final class MllpEhrListener implements AutoCloseable {

    /** What to do with one received message. */
    public enum Behaviour { ACCEPT, APPLICATION_ERROR, APPLICATION_REJECT, WRONG_CONTROL_ID, NO_ANSWER, DROP }

    private static final byte START = 0x0b;
    private static final byte END = 0x1c;
    private static final byte CR = 0x0d;

    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "mllp-ehr-listener");
        t.setDaemon(true);
        return t;
    });
    private final ConcurrentLinkedQueue<Behaviour> script = new ConcurrentLinkedQueue<>();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final List<String> acks = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final HapiContext hapi = new DefaultHapiContext();
    private volatile boolean open = true;

    private MllpEhrListener(ServerSocket server) {
        this.server = server;
        hapi.setValidationContext(new NoValidation());
        // ACK control ids from memory: HAPI's default generator writes an id_file into the working directory
        hapi.getParserConfiguration().setIdGenerator(new InMemoryIDGenerator());
        threads.submit(this::acceptLoop);
    }

    /** Listens on 127.0.0.1; port 0 picks a free one. */
    public static MllpEhrListener start(int port) throws IOException {
        return new MllpEhrListener(new ServerSocket(port, 50, InetAddress.getLoopbackAddress()));
    }

    /** Listens on a server socket made by the caller: an SSLServerSocket makes a TLS EHR. */
    public static MllpEhrListener listen(ServerSocket server) {
        return new MllpEhrListener(server);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Behaviours for the next messages, in order; after them every message is accepted. */
    public void script(Behaviour... behaviours) {
        script.addAll(List.of(behaviours));
    }

    /** Every message received, in arrival order (including those answered with a NACK or not at all). */
    public List<String> received() {
        return List.copyOf(received);
    }

    /** Every ACK sent back. */
    public List<String> acks() {
        return List.copyOf(acks);
    }

    public int connections() {
        return connections.get();
    }

    private void acceptLoop() {
        while (open) {
            try {
                Socket socket = server.accept();
                connections.incrementAndGet();
                threads.submit(() -> serve(socket));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            String message;
            while ((message = readFrame(in)) != null) {
                received.add(message);
                Behaviour behaviour = script.poll();
                behaviour = behaviour == null ? Behaviour.ACCEPT : behaviour;
                if (behaviour == Behaviour.DROP) {
                    return;
                }
                if (behaviour == Behaviour.NO_ANSWER) {
                    continue; // the sender times out; it must come back on a fresh connection
                }
                String ack = ack(message, behaviour);
                acks.add(ack);
                out.write(START);
                out.write(ack.getBytes(StandardCharsets.UTF_8));
                out.write(new byte[]{END, CR});
                out.flush();
            }
        } catch (IOException | HL7Exception e) {
            // the peer went away, or sent something we cannot read: drop the connection
        }
    }

    private String ack(String message, Behaviour behaviour) throws HL7Exception, IOException {
        PipeParser parser = hapi.getPipeParser();
        Message parsed = parser.parse(message);
        Message ack = switch (behaviour) {
            case APPLICATION_ERROR -> parsed.generateACK(AcknowledgmentCode.AE,
                    new HL7Exception("Patient not found in EHR | check MRN"));
            case APPLICATION_REJECT -> parsed.generateACK(AcknowledgmentCode.AR,
                    new HL7Exception("EHR interface paused"));
            default -> parsed.generateACK();
        };
        String text = parser.encode(ack);
        if (behaviour == Behaviour.WRONG_CONTROL_ID) {
            text = text.replaceFirst("MSA\\|AA\\|[^|\r]*", "MSA|AA|SOMEONE-ELSE");
        }
        return text;
    }

    private static String readFrame(InputStream in) throws IOException {
        int b;
        while ((b = in.read()) != START) {
            if (b < 0) {
                return null;
            }
        }
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        while ((b = in.read()) >= 0) {
            if (b == END) {
                in.read(); // the CR after the end byte
                return frame.toString(StandardCharsets.UTF_8);
            }
            frame.write(b);
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        open = false;
        server.close();
        threads.shutdownNow();
        hapi.close();
    }
}
