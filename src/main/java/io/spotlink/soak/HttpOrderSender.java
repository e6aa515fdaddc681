package io.spotlink.soak;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** POST /orders, resent on 5xx, 409 (a copy still in flight), a timeout or a refused connection. */
final class HttpOrderSender {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final URI orders;

    HttpOrderSender(int port) {
        this.orders = URI.create("http://127.0.0.1:" + port + "/orders");
    }

    Resender.Outcome attempt(SoakOrder order, StringBuilder detail) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(orders).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(order.json()))
                .build(), HttpResponse.BodyHandlers.ofString());
        int status = answer.statusCode();
        detail.append("HTTP ").append(status);
        if (status == 200 || status == 201) {
            return Resender.Outcome.ACCEPTED;
        }
        return status == 400 || status == 413 || status == 415 ? Resender.Outcome.REFUSED : Resender.Outcome.RETRY;
    }
}
