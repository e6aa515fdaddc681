package io.spotlink.spot;

import java.time.Duration;

/** Where Spot is and how patiently to talk to it. The key is a secret: toString never shows it. */
public record SpotClientConfig(String baseUrl, String apiKey, Duration connectTimeout, Duration responseTimeout,
                               int pageSize, java.util.Set<String> documentHosts) {

    public SpotClientConfig {
        baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        documentHosts = documentHosts == null ? java.util.Set.of() : java.util.Set.copyOf(documentHosts);
        if (pageSize < 1 || pageSize > 100) {
            throw new IllegalArgumentException("spot.api.page-size must be 1-100, Spot's limit");
        }
    }

    /** Hosts trusted with the API key when fetching report documents: Spot's API host and the configured ones. */
    public boolean trustsDocumentHost(String url) {
        String host = java.net.URI.create(url).getHost();
        return host != null && (host.equalsIgnoreCase(java.net.URI.create(baseUrl).getHost())
                || documentHosts.stream().anyMatch(host::equalsIgnoreCase));
    }

    @Override
    public String toString() {
        return "SpotClientConfig[baseUrl=" + baseUrl + ", apiKey=****, connectTimeout=" + connectTimeout
                + ", responseTimeout=" + responseTimeout + ", pageSize=" + pageSize + "]";
    }
}
