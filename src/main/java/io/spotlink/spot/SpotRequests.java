package io.spotlink.spot;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The request side of a Spot call, as steps of the spot-* routes and for SpotClient: an id made safe as one path
 * segment, the query string of a page, the body that wraps the caller's. One copy of each rule.
 */
public class SpotRequests {

    /**
     * A value URL-encoded (form encoding, as SpotClient always did): '/', '?', '#', '%', '&', '=' and spaces are
     * encoded, so an id stays in its path segment ("../x" becomes "..%2Fx"); '.' is not encoded.
     */
    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** The query string (without '?') of these parameters, each name and value encoded. */
    public static String query(Map<String, String> parameters) {
        StringJoiner qs = new StringJoiner("&");
        parameters.forEach((k, v) -> qs.add(encode(k) + "=" + encode(v)));
        return qs.toString();
    }

    /** The filters of one page: results (1..100) and offset (0 or more) after them. */
    public static Map<String, String> page(Map<String, String> filters, int offset, int results) {
        Map<String, String> query = new LinkedHashMap<>(filters);
        query.put("results", Integer.toString(Math.max(1, Math.min(100, results))));
        query.put("offset", Integer.toString(Math.max(0, offset)));
        return query;
    }

    /** Route step: an id (header SpotKitId, SpotOrderId, or the body) as one path segment. */
    public String pathId(String id) {
        return segment(id);
    }

    /**
     * An id as one path segment of a Spot URL: encoded ('/', '?', '#' cannot leave it), and never empty, "." or
     * "..", which a server or proxy would read as this or the parent path, reaching another endpoint.
     */
    public static String segment(String id) {
        if (id == null || id.isBlank() || id.equals(".") || id.equals("..")) {
            throw new IllegalArgumentException("not a Spot id: " + (id == null ? "none" : "'" + id + "'"));
        }
        return encode(id);
    }

    /** Route step: the body of a metadata replacement, {"metadata": {...}}. */
    public Map<String, Object> metadataUpdate(Map<String, Object> metadata) {
        return Map.of("metadata", metadata);
    }

    /** Route step: the paging of a list call, over these filters (null: none) with pages of {@code size}. */
    public SpotPages pages(Map<String, String> filters, int size) {
        return new SpotPages(filters, size);
    }

    /** Route step: one page's rows, added to the paging state. */
    public void addPage(SpotPages pages, List<?> rows) {
        pages.add(rows);
    }
}
