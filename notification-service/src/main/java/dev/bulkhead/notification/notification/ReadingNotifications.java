package dev.bulkhead.notification.notification;

import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** A user's own notifications, and nobody else's. */
@Service
class ReadingNotifications {

    private final Notifications notifications;

    ReadingNotifications(Notifications notifications) {
        this.notifications = notifications;
    }

    @Transactional(readOnly = true)
    NotificationPage newestOf(UUID userId, Paging paging) {
        var items = notifications.newestOf(userId, paging.limit(), paging.offset()).stream()
                .map(NotificationView::of)
                .toList();
        return new NotificationPage(items, paging.page(), paging.limit(), notifications.countOf(userId));
    }

    @Transactional(readOnly = true)
    NotificationView one(UUID userId, UUID id) {
        return notifications
                .findOwned(id, userId)
                .map(NotificationView::of)
                .orElseThrow(() -> new NotificationNotFound(id));
    }
}
