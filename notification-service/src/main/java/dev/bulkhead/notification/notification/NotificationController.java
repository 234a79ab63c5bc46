package dev.bulkhead.notification.notification;

import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/notifications}: the caller's own notifications; anyone else's id answers 404. */
@RestController
@RequestMapping("/api/v1/notifications")
class NotificationController {

    private final ReadingNotifications reading;

    NotificationController(ReadingNotifications reading) {
        this.reading = reading;
    }

    @GetMapping
    NotificationPage list(
            @AuthenticationPrincipal Jwt caller,
            @RequestParam(defaultValue = "" + Paging.DEFAULT_LIMIT) int limit,
            @RequestParam(defaultValue = "0") int page) {
        return reading.newestOf(userId(caller), new Paging(limit, page));
    }

    @GetMapping("/{id}")
    NotificationView one(@AuthenticationPrincipal Jwt caller, @PathVariable UUID id) {
        return reading.one(userId(caller), id);
    }

    private static UUID userId(Jwt caller) {
        return UUID.fromString(caller.getSubject());
    }
}
