package io.spotlink.spot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Paging of a Spot list call (SpotClient's list-all methods, route spot-list-requisitions' loop): offset by offset
 * with a fixed page size, until a page comes back short. More than MAX_PAGES full pages is refused, not followed.
 */
public final class SpotPages {

    static final int MAX_PAGES = 1000;

    private final Map<String, String> filters;
    private final int size;
    private final List<Object> rows = new ArrayList<>();
    private int pages;
    private boolean more = true;

    public SpotPages(Map<String, String> filters, int size) {
        this.filters = filters == null ? Map.of() : filters;
        this.size = size;
    }

    /** Whether another page is to be fetched. */
    public boolean more() {
        return more;
    }

    public int offset() {
        return pages * size;
    }

    public int size() {
        return size;
    }

    /** The query string (without '?') of the next page: the filters, then results and offset. */
    public String query() {
        return SpotRequests.query(SpotRequests.page(filters, offset(), size));
    }

    /** One page's rows; a short page is the last. */
    public void add(List<?> page) {
        rows.addAll(page);
        pages++;
        more = page.size() >= size;
        if (more && pages >= MAX_PAGES) {
            throw new IllegalStateException("More than " + MAX_PAGES + " pages from Spot: narrow the filters");
        }
    }

    /** Every row so far. */
    @SuppressWarnings("unchecked")
    public <T> List<T> rows() {
        return (List<T>) rows;
    }
}
