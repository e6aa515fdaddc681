package io.spotlink.routes;

import io.spotlink.cancel.CancelAsk;
import io.spotlink.intake.FieldError;
import io.spotlink.intake.InvalidOrderException;
import io.spotlink.intake.files.QuietPeriodReadLock;
import io.spotlink.intake.hl7.Hl7Problem;
import io.spotlink.intake.hl7.Hl7Refused;
import io.spotlink.intake.hl7.Hl7Resend;
import io.spotlink.intake.jms.RefusedMessageException;
import io.spotlink.spot.SpotApiException;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.EndpointInject;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWithRouteBuilder;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.main.junit5.AdviceRouteMapping;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.spotlink.routes.RouteAdvice.CONFIG;
import static io.spotlink.routes.RouteAdvice.CONFIG_DIR;
import static io.spotlink.routes.RouteAdvice.NO_MANAGEMENT;
import static io.spotlink.routes.RouteAdvice.NO_METRICS;
import static io.spotlink.routes.RouteAdvice.NO_SERVER;
import static io.spotlink.routes.RouteAdvice.PLAIN_ROUTE_CONTROLLER;
import static io.spotlink.routes.RouteAdvice.ROUTES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The intake channel routes as shipped: order-intake-file (its real file consumer on a folder under target/, with
 * order-file-process mocked), order-intake-sftp (from direct:, the shared file flow mocked), order-file-process
 * (stub fileOrderIntake; the ack and errors files go to mocks through the route's own toD), order-intake-jms and
 * order-intake-mllp (from direct:, order-submit a mock, stub intake beans: each branch of their steps; their shipped
 * consumer settings checked). What is checked is
 * each route's own part: headers it sets, the order and conditions of its steps, where a finished or refused file
 * goes, and that a failure reaches the consumer (a rollback, a file moved to .error).
 */
@CamelMainTest(
        propertyPlaceholderLocations = CONFIG,
        properties = {CONFIG_DIR, NO_SERVER, NO_MANAGEMENT, NO_METRICS, PLAIN_ROUTE_CONTROLLER,
            ROUTES + "file:routes/errors-to-caller.yaml,file:routes/order-intake-file.yaml,"
                    + "file:routes/order-intake-sftp.yaml,file:routes/order-file-process.yaml,"
                    + "file:routes/order-intake-jms.yaml,file:routes/order-intake-mllp.yaml",
            "spotlink.intake.file.enabled=true", "spotlink.intake.file.directory=" + IntakeRoutesAdviceTest.INBOX,
            "spotlink.intake.files.poll-interval=50", "spotlink.intake.files.ack-enabled=true",
            "spotlink.intake.sftp.enabled=true", "spotlink.intake.sftp.host=sftp.hospital.test",
            "spotlink.intake.sftp.port=2022", "spotlink.intake.sftp.username=hospital",
            "spotlink.intake.jms.enabled=true", "spotlink.intake.mllp.enabled=true"},
        advices = {
            @AdviceRouteMapping(route = "order-intake-file", advice = IntakeRoutesAdviceTest.FileProcessMock.class),
            @AdviceRouteMapping(route = "order-intake-sftp", advice = IntakeRoutesAdviceTest.SftpFromDirect.class),
            @AdviceRouteMapping(route = "order-file-process", advice = RouteAdvice.AnswerToMock.class),
            @AdviceRouteMapping(route = "order-intake-jms", advice = IntakeRoutesAdviceTest.FromDirectSubmitMocked.class),
            @AdviceRouteMapping(route = "order-intake-mllp", advice = IntakeRoutesAdviceTest.FromDirectSubmitMocked.class)})
class IntakeRoutesAdviceTest {

    static final Set<String> COVERS = Set.of("order-intake-file", "order-intake-sftp", "order-file-process",
            "order-intake-jms", "order-intake-mllp");

    static final String INBOX = "target/advice-inbox";
    private static final long BOUND = 10;

    /** order-intake-file keeps its file consumer; the shared file flow becomes a mock. */
    public static class FileProcessMock extends AdviceWithRouteBuilder {
        @Override
        public void configure() throws Exception {
            weaveByToUri("direct:order-file-process").replace().to("mock:file-process");
        }
    }

    /** order-intake-sftp from direct: (no SFTP server), the shared file flow a mock. */
    public static class SftpFromDirect extends AdviceWithRouteBuilder {
        @Override
        public void configure() throws Exception {
            replaceFromWith("direct:order-intake-sftp");
            weaveByToUri("direct:order-file-process").replace().to("mock:sftp-file-process");
        }
    }

    /**
     * order-intake-jms and order-intake-mllp from direct: (no broker, no listener), like RouteAdvice.FromDirect,
     * with order-submit a mock:<route id>-submit.
     */
    public static class FromDirectSubmitMocked extends RouteAdvice.FromDirect {
        @Override
        public void configure() throws Exception {
            super.configure();
            weaveByToUri("direct:order-submit").replace().to("mock:" + getOriginalRoute().getRouteId() + "-submit");
        }
    }

    /** A clean inbox for this class's run (the folder is left behind to look at). */
    @BeforeAll
    static void emptyInbox() throws IOException {
        Path inbox = Path.of(INBOX);
        if (Files.exists(inbox)) {
            try (Stream<Path> all = Files.walk(inbox)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(inbox);
    }

    final RouteAdvice.Steps steps = new RouteAdvice.Steps();

    @BindToRegistry("fileIntakeReadLock")
    final QuietPeriodReadLock<Object> readLock = quietFor(0);
    @BindToRegistry("fileOrderIntake")
    final FileIntake fileIntake = new FileIntake(steps);
    @BindToRegistry("jmsOrderIntake")
    final JmsIntake jmsIntake = new JmsIntake(steps);
    @BindToRegistry("mllpOrderIntake")
    final MllpIntake mllpIntake = new MllpIntake(steps);

    @EndpointInject("mock:file-process")
    MockEndpoint fileProcess;
    @EndpointInject("mock:sftp-file-process")
    MockEndpoint sftpFileProcess;
    @EndpointInject("mock:ack")
    MockEndpoint ackFolder;
    @EndpointInject("mock:errors")
    MockEndpoint errorsFolder;
    @EndpointInject("mock:order-intake-mllp-submit")
    MockEndpoint mllpSubmit;
    @EndpointInject("mock:order-intake-jms-submit")
    MockEndpoint jmsSubmit;
    @EndpointInject("mock:order-file-process")
    MockEndpoint processed;
    @BeanInject
    CamelContext camel;

    private static QuietPeriodReadLock<Object> quietFor(long millis) {
        QuietPeriodReadLock<Object> lock = new QuietPeriodReadLock<>();
        lock.setMinAge(millis);
        return lock;
    }

    private String shipped(String routeId) {
        return camel.resolvePropertyPlaceholders(RouteAdvice.ORIGINAL_FROM.get(routeId));
    }

    private void drop(String name) throws IOException {
        Path tmp = Path.of(INBOX, name + ".tmp"); // *.tmp is never picked up: the file appears whole
        Files.writeString(tmp, "{\"source_order_id\":\"AD-40\"}", StandardCharsets.UTF_8);
        Files.move(tmp, Path.of(INBOX, name));
    }

    @Test
    void aDroppedFileGoesToTheSharedFlowOnTheFileChannelThenToDoneUnderItsArchiveName() throws Exception {
        fileProcess.whenAnyExchangeReceived(e -> e.getMessage().setHeader("SpotlinkArchiveName",
                e.getMessage().getHeader(Exchange.FILE_NAME) + "-20260101"));
        fileProcess.expectedMessageCount(1);
        fileProcess.expectedHeaderReceived("SpotlinkChannel", "file");
        fileProcess.expectedHeaderReceived("SpotlinkAckUri", "file:" + INBOX + "/.ack");
        fileProcess.expectedHeaderReceived("SpotlinkErrorsUri", "file:" + INBOX + "/.error");
        NotifyBuilder done = new NotifyBuilder(camel).fromRoute("order-intake-file").whenDone(1).create();

        drop("orders-1.json");

        assertThat(done.matches(BOUND, TimeUnit.SECONDS)).isTrue();
        MockEndpoint.assertIsSatisfied(camel, BOUND, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(BOUND)).until(() -> Files.exists(Path.of(INBOX, ".done",
                "orders-1.json-20260101")));
        assertThat(Path.of(INBOX, "orders-1.json")).doesNotExist();
    }

    @Test
    void aFileTheSharedFlowFailsMovesToErrorUnderItsArchiveName() throws Exception {
        fileProcess.whenAnyExchangeReceived(e -> {
            e.getMessage().setHeader("SpotlinkArchiveName", "orders-2.csv-20260101");
            throw new IllegalStateException("2 of 3 orders not accepted");
        });
        NotifyBuilder done = new NotifyBuilder(camel).fromRoute("order-intake-file").whenFailed(1).create();

        drop("orders-2.csv");
        drop("notes.txt"); // not JSON or CSV: never read

        assertThat(done.matches(BOUND, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(BOUND)).until(() -> Files.exists(Path.of(INBOX, ".error",
                "orders-2.csv-20260101")));
        assertThat(fileProcess.getReceivedCounter()).isEqualTo(1);
        assertThat(Path.of(INBOX, "notes.txt")).exists();
    }

    @Test
    void theSftpChannelSetsItsHeadersWithTheServerAndLoginWrittenOnce() throws Exception {
        String login = "?username=hospital&password=RAW()&privateKeyFile=&knownHostsFile=config/known_hosts"
                + "&strictHostKeyChecking=yes";
        sftpFileProcess.expectedMessageCount(1);
        sftpFileProcess.expectedHeaderReceived("SpotlinkChannel", "sftp");
        sftpFileProcess.expectedHeaderReceived("SpotlinkAckUri", "sftp:sftp.hospital.test:2022/orders/.ack" + login);
        sftpFileProcess.expectedHeaderReceived("SpotlinkErrorsUri",
                "sftp:sftp.hospital.test:2022/orders/.error" + login);
        sftpFileProcess.expectedBodiesReceived("orders");

        camel.createProducerTemplate().sendBody("direct:order-intake-sftp", "orders");

        MockEndpoint.assertIsSatisfied(camel, BOUND, TimeUnit.SECONDS);
    }

    private Exchange processFile(String name) {
        return camel.createProducerTemplate().send("direct:order-file-process", e -> {
            e.getMessage().setHeader(Exchange.FILE_NAME, name);
            e.getMessage().setHeader("SpotlinkAckUri", "mock:ack");
            e.getMessage().setHeader("SpotlinkErrorsUri", "mock:errors");
            e.getMessage().setBody("file contents");
        });
    }

    @Test
    void aFileWhoseOrdersWereAllAcceptedGetsItsAckThenIsFinished() throws Exception {
        ackFolder.whenAnyExchangeReceived(e -> steps.add("ack written"));
        ackFolder.expectedBodiesReceived("[{\"row\":1,\"spot_order_id\":\"O1\"}]");
        ackFolder.expectedHeaderReceived(Exchange.FILE_NAME, "orders-3.json-20260101.ack.json");
        errorsFolder.expectedMessageCount(0);
        processed.expectedMessageCount(1);

        Exchange answer = processFile("orders-3.json");

        MockEndpoint.assertIsSatisfied(camel, BOUND, TimeUnit.SECONDS);
        assertThat(answer.getException()).isNull();
        assertThat(steps.names()).containsExactly("nameArchive", "process", "ack written", "finish");
    }

    @Test
    void aFileWithRefusedOrdersGetsItsAckAndErrorsFileIsFinishedThenFails() throws Exception {
        fileIntake.refusedRows = true;
        ackFolder.whenAnyExchangeReceived(e -> steps.add("ack written"));
        errorsFolder.whenAnyExchangeReceived(e -> steps.add("errors written"));
        errorsFolder.expectedBodiesReceived("[{\"row\":2,\"errors\":[\"test_codes\"]}]");
        errorsFolder.expectedHeaderReceived(Exchange.FILE_NAME, "orders-4.json-20260101.errors.json");
        processed.expectedMessageCount(0);

        Exchange answer = processFile("orders-4.json");

        MockEndpoint.assertIsSatisfied(camel, BOUND, TimeUnit.SECONDS);
        assertThat(answer.getException()).as("so the consumer moves the file to .error").hasMessageContaining(
                "orders-4.json-20260101");
        assertThat(steps.names()).containsExactly("nameArchive", "process", "ack written", "errors written",
                "finish", "rejectFile");
    }

    @Test
    void aFileRefusedAsAWholeGetsOnlyItsErrorsFile() throws Exception {
        fileIntake.refusedFile = true;
        ackFolder.expectedMessageCount(0);
        errorsFolder.expectedMessageCount(1);

        Exchange answer = processFile("orders-5.csv");

        MockEndpoint.assertIsSatisfied(camel, BOUND, TimeUnit.SECONDS);
        assertThat(answer.getException()).isNotNull();
        assertThat(steps.names()).containsExactly("nameArchive", "process", "finish", "rejectFile");
    }

    private Exchange sendJms(String body) {
        return camel.createProducerTemplate().send("direct:order-intake-jms", e -> e.getMessage().setBody(body));
    }

    @Test
    void aJmsOrderIsReadThenSubmittedOnTheJmsChannelThenAnswered() throws Exception {
        assertThat(shipped("order-intake-jms")).startsWith("jms:queue:spotlink.orders")
                .contains("transacted=true", "mapJmsMessage=false");
        jmsSubmit.whenAnyExchangeReceived(e -> {
            steps.add("order-submit");
            e.getMessage().setBody("receipt");
        });
        jmsSubmit.expectedBodiesReceived("order");
        jmsSubmit.expectedPropertyReceived("SpotlinkChannel", "jms");
        MockEndpoint answered = camel.getEndpoint("mock:order-intake-jms", MockEndpoint.class);
        answered.expectedBodiesReceived("reply to receipt");

        Exchange done = sendJms("message");

        MockEndpoint.assertIsSatisfied(camel, BOUND, TimeUnit.SECONDS);
        assertThat(done.getException()).isNull();
        assertThat(done.isRollbackOnly()).isFalse();
        assertThat(steps.names()).containsExactly("read", "order-submit", "submitted");
    }

    @Test
    void aJmsCancelRequestGoesToCancelNotToOrderSubmit() throws Exception {
        jmsSubmit.expectedMessageCount(0);

        Exchange done = sendJms("cancel");

        MockEndpoint.assertIsSatisfied(camel, BOUND, TimeUnit.SECONDS);
        assertThat(done.getException()).isNull();
        assertThat(steps.names()).containsExactly("read", "cancel");
    }

    @Test
    void aJmsMessageThatCanNeverSucceedIsDeadLetteredAtOnceWithoutRollback() throws Exception {
        jmsSubmit.expectedMessageCount(0);

        Exchange refused = sendJms("refused");
        Exchange invalid = sendJms("invalid");

        MockEndpoint.assertIsSatisfied(camel, BOUND, TimeUnit.SECONDS);
        for (Exchange done : List.of(refused, invalid)) {
            assertThat(done.getException()).isNull();
            assertThat(done.isRollbackOnly()).isFalse();
        }
        assertThat(steps.names()).containsExactly("read", "refused", "read", "refused");
    }

    @Test
    void spotUnavailableOrItsBreakerOpenRollsBackUntilTheLastDeliveryWhichIsDeadLettered() throws Exception {
        jmsSubmit.whenAnyExchangeReceived(e -> {
            throw new SpotApiException.BreakerOpen(Duration.ofSeconds(30));
        });

        Exchange early = sendJms("message");
        jmsIntake.last = true;
        Exchange last = sendJms("message");

        assertThat(early.isRollbackOnly()).as("the broker redelivers").isTrue();
        assertThat(last.isRollbackOnly()).as("the last delivery commits: dead-lettered").isFalse();
        assertThat(last.getException()).isNull();
        assertThat(steps.names()).containsExactly("read", "rollingBack", "read", "failed");
    }

    private Exchange sendMllp(String body) {
        return camel.createProducerTemplate().send("direct:order-intake-mllp", e -> e.getMessage().setBody(body));
    }

    @Test
    void anHl7MessageIsDecodedParsedEachOrderHandledInMessageOrderThenAcknowledged() throws Exception {
        assertThat(shipped("order-intake-mllp")).startsWith("mllp:").contains("autoAck=false", "hl7Headers=true",
                "validatePayload=false", "stringPayload=false");
        mllpSubmit.whenAnyExchangeReceived(e -> {
            steps.add("order-submit");
            e.getMessage().setBody("receipt of " + e.getMessage().getBody(String.class));
        });
        mllpSubmit.expectedBodiesReceived("order N1", "order N2");
        mllpSubmit.expectedPropertyReceived("SpotlinkChannel", "mllp");
        MockEndpoint answered = camel.getEndpoint("mock:order-intake-mllp", MockEndpoint.class);
        answered.expectedMessageCount(1);
        answered.expectedPropertyReceived("CamelMllpAcknowledgement", "AA");

        Exchange done = sendMllp("N1,CA,XO,N2");

        MockEndpoint.assertIsSatisfied(camel, BOUND, TimeUnit.SECONDS);
        assertThat(done.getException()).isNull();
        assertThat(steps.names()).containsExactly("decode", "parse", "toSubmit", "order-submit",
                "submitted receipt of order N1", "cancel", "change", "toSubmit", "order-submit",
                "submitted receipt of order N2", "accepted", "acknowledge AA");
    }

    @Test
    void aRefusedHl7MessageIsAnsweredAeAndKeptAsReceived() throws Exception {
        mllpSubmit.expectedMessageCount(0);
        MockEndpoint answered = camel.getEndpoint("mock:order-intake-mllp", MockEndpoint.class);
        answered.expectedPropertyReceived("CamelMllpAcknowledgement", "AE");

        sendMllp("undecodable");
        sendMllp("N1,invalid");

        MockEndpoint.assertIsSatisfied(camel, BOUND, TimeUnit.SECONDS);
        assertThat(steps.names()).containsExactly("decode", "refused", "keepRejected", "acknowledge AE",
                "decode", "parse", "refused", "keepRejected", "acknowledge AE");
    }

    @Test
    void spotUnavailableOrAnOrderInFlightStopsTheMessageWithAr() throws Exception {
        mllpSubmit.whenAnyExchangeReceived(e -> {
            steps.add("order-submit");
            throw new SpotApiException.BreakerOpen(Duration.ofSeconds(30));
        });
        MockEndpoint answered = camel.getEndpoint("mock:order-intake-mllp", MockEndpoint.class);
        answered.expectedPropertyReceived("CamelMllpAcknowledgement", "AR");

        Exchange unavailable = sendMllp("N1,N2");
        Exchange inFlight = sendMllp("CA-in-flight,N3");

        MockEndpoint.assertIsSatisfied(camel, BOUND, TimeUnit.SECONDS);
        assertThat(unavailable.getException()).isNull();
        assertThat(inFlight.getException()).isNull();
        assertThat(steps.names()).containsExactly("decode", "parse", "toSubmit", "order-submit",
                "resend SpotApiException", "acknowledge AR",
                "decode", "parse", "cancel", "resend Hl7Resend", "acknowledge AR");
    }

    /** fileOrderIntake: names the archive, "submits" the rows and sets the headers the real one sets. */
    public static class FileIntake {
        private final RouteAdvice.Steps steps;
        volatile boolean refusedRows;
        volatile boolean refusedFile;

        FileIntake(RouteAdvice.Steps steps) {
            this.steps = steps;
        }

        public void nameArchive(Exchange exchange) {
            steps.add("nameArchive");
            exchange.getMessage().setHeader("SpotlinkArchiveName",
                    exchange.getMessage().getHeader(Exchange.FILE_NAME) + "-20260101");
        }

        public void process(Exchange exchange) {
            steps.add("process");
            var in = exchange.getMessage();
            in.setHeader("SpotlinkAllAccepted", !refusedRows && !refusedFile);
            in.setHeader("SpotlinkAckFile", refusedFile ? null : "[{\"row\":1,\"spot_order_id\":\"O1\"}]");
            in.setHeader("SpotlinkErrorsFile", refusedRows ? "[{\"row\":2,\"errors\":[\"test_codes\"]}]"
                    : refusedFile ? "[{\"file\":\"is empty\"}]" : null);
        }

        public void finish(Exchange exchange) {
            steps.add("finish");
        }

        public void rejectFile(Exchange exchange) {
            steps.add("rejectFile");
            throw new IllegalStateException("file " + exchange.getMessage().getHeader("SpotlinkArchiveName")
                    + " had orders not accepted");
        }
    }

    /**
     * jmsOrderIntake: read makes the body a CancelAsk for "cancel", throws for "refused" and "invalid", passes
     * anything else on as "order"; lastDelivery answers {@code last}.
     */
    public static class JmsIntake {
        private final RouteAdvice.Steps steps;
        volatile boolean last;

        JmsIntake(RouteAdvice.Steps steps) {
            this.steps = steps;
        }

        public void read(Exchange exchange) throws Exception {
            steps.add("read");
            String body = exchange.getMessage().getBody(String.class);
            switch (body) {
                case "cancel" -> exchange.getMessage().setBody(new CancelAsk("EPIC", "AD-41", null));
                case "refused" -> throw new RefusedMessageException("unsupported message type ObjectMessage");
                case "invalid" -> throw new InvalidOrderException(List.of(new FieldError("order", "is not JSON")));
                default -> exchange.getMessage().setBody("order");
            }
        }

        public void submitted(Exchange exchange) {
            steps.add("submitted");
            exchange.getMessage().setBody("reply to " + exchange.getMessage().getBody(String.class));
        }

        public void cancel(Exchange exchange) {
            steps.add("cancel");
        }

        public void refused(Exchange exchange) {
            steps.add("refused");
        }

        public boolean lastDelivery(Exchange exchange) {
            return last;
        }

        public void rollingBack(Exchange exchange) {
            steps.add("rollingBack");
        }

        public void failed(Exchange exchange) {
            steps.add("failed");
        }
    }

    /**
     * mllpOrderIntake. The body names the orders, comma-separated: N<n> a new order, CA a cancel, XO a change,
     * "invalid" a parse refusal, "undecodable" a frame refusal, "CA-in-flight" a cancel that asks for a resend.
     */
    public static class MllpIntake {
        private final RouteAdvice.Steps steps;

        MllpIntake(RouteAdvice.Steps steps) {
            this.steps = steps;
        }

        /** What the route reads of the message: its orders to split and its answer. */
        public static class Message {
            final List<Item> orders;
            String ackCode;

            Message(List<Item> orders) {
                this.orders = orders;
            }

            public List<Item> getOrders() {
                return orders;
            }

            public String getAckCode() {
                return ackCode;
            }
        }

        /** One order of the split. */
        public record Item(String name) {
            public boolean isCancel() {
                return name.startsWith("CA");
            }

            public boolean isChange() {
                return name.equals("XO");
            }
        }

        private static Message message(Exchange exchange) {
            return exchange.getProperty("SpotlinkHl7Message", Message.class);
        }

        public void decode(Exchange exchange) throws Exception {
            steps.add("decode");
            String body = exchange.getMessage().getBody(String.class);
            exchange.setProperty("SpotlinkHl7Message", new Message(Stream.of(body.split(",")).map(Item::new)
                    .toList()));
            if (body.equals("undecodable")) {
                throw new Hl7Refused(List.of(Hl7Problem.message(18, 102, "byte 9 is not valid UTF-8")));
            }
        }

        public void parse(Exchange exchange) throws Exception {
            steps.add("parse");
            if (message(exchange).orders.contains(new Item("invalid"))) {
                throw new Hl7Refused(List.of(Hl7Problem.message(9, 200, "not an order")));
            }
        }

        public void toSubmit(Exchange exchange) {
            steps.add("toSubmit");
            exchange.getMessage().setBody("order " + exchange.getMessage().getBody(Item.class).name());
        }

        public void submitted(Exchange exchange) {
            steps.add("submitted " + exchange.getMessage().getBody(String.class));
        }

        public void cancel(Exchange exchange) throws Exception {
            steps.add("cancel");
            if (exchange.getMessage().getBody(Item.class).name().equals("CA-in-flight")) {
                throw new Hl7Resend("order being submitted, resend the cancel later", Hl7Problem.message(0, 207,
                        "in flight"));
            }
        }

        public void change(Exchange exchange) {
            steps.add("change");
        }

        public void accepted(Exchange exchange) {
            steps.add("accepted");
            message(exchange).ackCode = "AA";
        }

        public void refused(Exchange exchange) {
            steps.add("refused");
            message(exchange).ackCode = "AE";
        }

        public void resend(Exchange exchange) {
            Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
            while (caught.getCause() != null && !(caught instanceof Hl7Resend) && !(caught instanceof SpotApiException)) {
                caught = caught.getCause();
            }
            steps.add("resend " + (caught instanceof SpotApiException ? "SpotApiException"
                    : caught.getClass().getSimpleName()));
            message(exchange).ackCode = "AR";
        }

        public void keepRejected(Exchange exchange) {
            steps.add("keepRejected");
        }

        public void acknowledge(Exchange exchange) {
            String code = message(exchange).ackCode;
            steps.add("acknowledge " + code);
            exchange.setProperty("CamelMllpAcknowledgement", code);
        }
    }
}
