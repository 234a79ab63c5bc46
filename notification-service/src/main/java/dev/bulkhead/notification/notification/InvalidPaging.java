package dev.bulkhead.notification.notification;

/** A list request whose limit or page is out of range. */
public class InvalidPaging extends RuntimeException {

    private static final long serialVersionUID = 1L;

    InvalidPaging(String message) {
        super(message);
    }
}
