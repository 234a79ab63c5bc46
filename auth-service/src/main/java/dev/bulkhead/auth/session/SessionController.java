package dev.bulkhead.auth.session;

import jakarta.validation.Valid;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class SessionController {

    private final Sessions sessions;

    SessionController(Sessions sessions) {
        this.sessions = sessions;
    }

    @PostMapping("/api/v1/auth/login")
    Tokens logIn(@Valid @RequestBody LogIn command) {
        return sessions.logIn(command);
    }

    @PostMapping("/api/v1/auth/refresh")
    Tokens refresh(@Valid @RequestBody RefreshSession command) {
        return sessions.refresh(command);
    }

    @PostMapping("/api/v1/auth/logout")
    ResponseEntity<Void> logOut(@Valid @RequestBody RefreshSession command, @AuthenticationPrincipal Jwt caller) {
        sessions.logOut(command, caller);
        return ResponseEntity.noContent().build();
    }
}
