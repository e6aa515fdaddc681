package io.spotlink.spot;

import java.time.Duration;

/** Where Spot is and how patiently to talk to it. The key is a secret: toString never shows it. */
public record SpotClientConfig(String baseUrl, String apiKey, Duration connectTimeout, Duration responseTimeout,
                               RetryPolicy retry, int pageSize) {

    public SpotClientConfig {
        baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        if (pageSize < 1 || pageSize > 100) {
            throw new IllegalArgumentException("spot.api.page-size must be 1-100, Spot's limit");
        }
    }

    @Override
    public String toString() {
        return "SpotClientConfig[baseUrl=" + baseUrl + ", apiKey=****, connectTimeout=" + connectTimeout
                + ", responseTimeout=" + responseTimeout + ", retry=" + retry + ", pageSize=" + pageSize + "]";
    }
}
