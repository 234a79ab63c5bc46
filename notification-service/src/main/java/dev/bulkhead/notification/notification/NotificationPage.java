package dev.bulkhead.notification.notification;

import java.util.List;

/** One page of a user's notifications, newest first; {@code size} is the limit asked for. */
record NotificationPage(List<NotificationView> items, int page, int size, long total) {}
