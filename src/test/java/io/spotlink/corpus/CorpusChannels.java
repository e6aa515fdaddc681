package io.spotlink.corpus;

import io.spotlink.spot.SpotJson;
import io.spotlink.support.MllpClient;
import io.spotlink.support.Orders;
import io.spotlink.support.RunningBundle;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.StreamMessage;
import jakarta.jms.MapMessage;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Sends a corpus case over its channel as a hospital system would, and reads back what the bundle answered. */
final class CorpusChannels implements AutoCloseable {

    /** What came back: the outcome word, the error text to search, and whether the original is kept. */
    record Answer(String outcome, String text, boolean keptOriginal) {
    }

    private final RunningBundle bundle;
    private final String callbackSecret;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Connection jms;
    private final Session session;

    CorpusChannels(RunningBundle bundle, String callbackSecret, String jmsUser, String jmsPassword) throws Exception {
        this.bundle = bundle;
        this.callbackSecret = callbackSecret;
        this.jms = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + bundle.setting("spotlink.jms.embedded.port"),
                jmsUser, jmsPassword).createConnection();
        this.jms.start();
        this.session = jms.createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    Answer send(CorpusCase c) throws Exception {
        return switch (c.channel()) {
            case "http" -> http(c, c.option("path", "/orders"), c.bytes(), null);
            case "callback" -> http(c, c.option("path", "/spot/callbacks"), c.bytes(), callbackHeader(c));
            case "mllp" -> mllp(c);
            case "jms" -> jms(c);
            case "file" -> file(c);
            default -> throw new IllegalArgumentException("unknown corpus channel " + c.channel());
        };
    }

    /** A valid order over the same channel (callbacks: over HTTP), with the given source order id. */
    void sendValid(String channel, String sourceOrderId) throws Exception {
        String json = SpotJson.mapper().writeValueAsString(Orders.valid(sourceOrderId));
        switch (channel) {
            case "mllp" -> {
                String orm = String.join("\r",
                        "MSH|^~\\&|EPIC|EPIC-TEST|SPOTLINK|SPOT|20261122120000||ORM^O01^ORM_O01|" + sourceOrderId
                                + "|P|2.5.1",
                        "PID|1||MRN-" + sourceOrderId + "^^^GEN^MR||" + Orders.LAST + "^" + Orders.FIRST
                                + "||19840719|F|||" + Orders.STREET + "^^San Francisco^CA^94105^USA||"
                                + "^PRN^PH^^1^415^5550187~^NET^Internet^" + Orders.EMAIL,
                        "ORC|NW|" + sourceOrderId, "OBR|1|" + sourceOrderId + "||LIPID") + "\r";
                String reply = new String(MllpClient.send(port(), orm.getBytes(StandardCharsets.UTF_8)),
                        StandardCharsets.UTF_8);
                assertThat(reply).as("valid ORM after a bad input").contains("MSA|AA");
            }
            case "jms" -> {
                try (MessageProducer producer = session.createProducer(session.createQueue(queue()))) {
                    producer.send(session.createTextMessage(json));
                }
            }
            case "file" -> drop(inbox(), sourceOrderId + ".json", json.getBytes(StandardCharsets.UTF_8));
            default -> {
                HttpResponse<String> response = post("/orders", json.getBytes(StandardCharsets.UTF_8),
                        "application/json", null);
                assertThat(response.statusCode()).as("valid order after a bad input: " + response.body())
                        .isEqualTo(201);
            }
        }
    }

    private Answer http(CorpusCase c, String path, byte[] body, String[] header) throws Exception {
        HttpResponse<String> response = post(path, body, c.option("content-type", "application/json"), header);
        int status = response.statusCode();
        boolean kept = status != 400 || !c.channel().equals("http") || keptIn("http", body);
        return new Answer(Integer.toString(status), response.body(), kept);
    }

    private String[] callbackHeader(CorpusCase c) {
        return switch (c.option("callback.secret", "right")) {
            case "none" -> null;
            case "wrong" -> new String[] {"X-Spot-Signature", "not-the-secret"};
            default -> new String[] {"X-Spot-Signature", callbackSecret};
        };
    }

    private HttpResponse<String> post(String path, byte[] body, String contentType, String[] header)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(bundle.baseUrl() + path))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (header != null) {
            request.header(header[0], header[1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private Answer mllp(CorpusCase c) throws Exception {
        byte[] payload = c.bytes();
        boolean raw = c.option("mllp.framing", "framed").equals("raw");
        if (!raw) {
            String text = new String(payload, StandardCharsets.ISO_8859_1).replace("\r\n", "\r").replace('\n', '\r');
            payload = text.getBytes(StandardCharsets.ISO_8859_1);
        }
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port())) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            if (raw) {
                out.write(payload);
            } else {
                out.write(0x0b);
                out.write(payload);
                out.write(new byte[] {0x1c, 0x0d});
            }
            out.flush();
            Optional<String> reply = readFrame(socket.getInputStream());
            if (reply.isEmpty()) {
                return new Answer("CLOSED", "", true);
            }
            String ack = reply.get();
            String msa = Arrays.stream(ack.split("\r")).filter(s -> s.startsWith("MSA")).findFirst().orElse("MSA||");
            String code = msa.split("\\|", -1).length > 1 ? msa.split("\\|", -1)[1] : "";
            return new Answer(code, ack, keptIn("mllp", payload));
        }
    }

    /** The reply frame, or empty when the bundle closed the connection without one. */
    private static Optional<String> readFrame(InputStream in) throws IOException {
        ByteArrayOutputStream reply = new ByteArrayOutputStream();
        int b;
        try {
            while ((b = in.read()) != 0x0b) {
                if (b < 0) {
                    return Optional.empty();
                }
            }
            while ((b = in.read()) != 0x1c) {
                if (b < 0) {
                    return Optional.empty();
                }
                reply.write(b);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no answer and no close within 60 s", e);
        } catch (IOException reset) {
            return Optional.empty();
        }
        return Optional.of(reply.toString(StandardCharsets.UTF_8));
    }

    private Answer jms(CorpusCase c) throws Exception {
        byte[] bytes = c.bytes();
        String text = new String(bytes, StandardCharsets.UTF_8);
        Message message = switch (c.option("jms.type", "text")) {
            case "bytes" -> {
                BytesMessage m = session.createBytesMessage();
                m.writeBytes(bytes);
                yield m;
            }
            case "object" -> session.createObjectMessage(new File(text.strip()));
            case "stream" -> {
                StreamMessage m = session.createStreamMessage();
                m.writeString(text);
                yield m;
            }
            case "map" -> {
                MapMessage m = session.createMapMessage();
                m.setString("order", text);
                yield m;
            }
            default -> session.createTextMessage(text);
        };
        try (MessageProducer producer = session.createProducer(session.createQueue(queue()))) {
            producer.send(message);
        }
        String selector = "SpotlinkOriginalMessageId = '" + message.getJMSMessageID() + "'";
        try (MessageConsumer dlq = session.createConsumer(session.createQueue(deadLetterQueue()), selector)) {
            Message dead = dlq.receive(60_000);
            if (dead == null) {
                return new Answer("NOT DEAD-LETTERED", "", false);
            }
            String reason = dead.getStringProperty("SpotlinkFailureReason") + " "
                    + dead.getStringProperty("SpotlinkFailureErrors");
            String body = dead instanceof TextMessage t ? t.getText() : dead instanceof BytesMessage b
                    ? new String(b.getBody(byte[].class), StandardCharsets.UTF_8) : "";
            assertThat(reason + body).as("the dead letter of " + c + " holds no secret")
                    .doesNotContain(bundle.setting("spot.api.key"));
            boolean kept = switch (c.option("jms.type", "text")) {
                case "text" -> body.equals(text);
                case "bytes" -> Arrays.equals(((BytesMessage) dead).getBody(byte[].class), bytes);
                default -> true; // kept as sent, never opened: the test does not open it either
            };
            return new Answer("DLQ", reason, kept);
        }
    }

    private Answer file(CorpusCase c) throws Exception {
        Path inbox = inbox();
        String name = c.input().getFileName().toString();
        drop(inbox, name, c.bytes());
        Path error = inbox.resolve(".error");
        await("file " + name + " moved to .error with its errors file").atMost(Duration.ofSeconds(60))
                .until(() -> find(error, name, false).isPresent() && find(error, name, true).isPresent());
        String errors = Files.readString(find(error, name, true).orElseThrow(), StandardCharsets.UTF_8);
        boolean kept = Arrays.equals(Files.readAllBytes(find(error, name, false).orElseThrow()), c.bytes());
        return new Answer("ERROR", errors, kept);
    }

    /** The file in {@code folder} named for {@code name} (a timestamp may have been added), or its errors file. */
    private static Optional<Path> find(Path folder, String name, boolean errorsFile) throws IOException {
        if (!Files.isDirectory(folder)) {
            return Optional.empty();
        }
        String stem = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith(stem) && n.endsWith(".errors.json") == errorsFile;
            }).findFirst();
        }
    }

    /** Whether the rejected-input store of a channel holds exactly these bytes. */
    private boolean keptIn(String channel, byte[] original) throws IOException {
        Path folder = Path.of(bundle.setting("spotlink.intake.rejected.directory")).resolve(channel);
        if (!Files.isDirectory(folder)) {
            return false;
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> !p.getFileName().toString().endsWith(".json") || channel.equals("http"))
                    .filter(p -> !p.getFileName().toString().endsWith(".reason.json"))
                    .anyMatch(p -> {
                        try {
                            return Arrays.equals(Files.readAllBytes(p), original);
                        } catch (IOException e) {
                            return false;
                        }
                    });
        }
    }

    private static void drop(Path inbox, String name, byte[] bytes) throws IOException {
        Files.createDirectories(inbox);
        Path temp = inbox.resolve("." + name + ".part");
        Files.write(temp, bytes);
        Files.move(temp, inbox.resolve(name));
    }

    private Path inbox() {
        return Path.of(bundle.setting("spotlink.intake.file.directory"));
    }

    private int port() {
        return Integer.parseInt(bundle.setting("spotlink.intake.mllp.port"));
    }

    private String queue() {
        return Optional.ofNullable(bundle.setting("spotlink.intake.jms.queue")).orElse("spotlink.orders");
    }

    private String deadLetterQueue() {
        return Optional.ofNullable(bundle.setting("spotlink.intake.jms.dead-letter-queue"))
                .orElse("spotlink.orders.DLQ");
    }

    @Override
    public void close() throws Exception {
        jms.close();
    }
}
