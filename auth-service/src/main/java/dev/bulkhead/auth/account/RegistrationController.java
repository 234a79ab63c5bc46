package dev.bulkhead.auth.account;

import jakarta.validation.Valid;
import java.net.URI;
import java.util.EnumSet;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class RegistrationController {

    private final Registration registration;

    RegistrationController(Registration registration) {
        this.registration = registration;
    }

    @PostMapping("/api/v1/auth/register")
    ResponseEntity<Registered> register(@Valid @RequestBody Register command) {
        AccountView account = registration.register(command, EnumSet.of(Role.USER));
        // The profile is user-service's resource, read by its owner at /api/v1/users/me.
        return ResponseEntity.created(URI.create("/api/v1/users/me"))
                .body(new Registered(account.id(), account.email(), account.name()));
    }

    record Registered(UUID id, String email, String name) {}
}
