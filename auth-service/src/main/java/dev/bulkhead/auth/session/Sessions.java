package dev.bulkhead.auth.session;

import dev.bulkhead.auth.account.AccountView;
import dev.bulkhead.auth.account.Credentials;
import dev.bulkhead.auth.account.Role;
import dev.bulkhead.auth.refresh.RefreshTokenRejected;
import dev.bulkhead.auth.refresh.RefreshTokens;
import dev.bulkhead.auth.refresh.Rotation;
import dev.bulkhead.auth.revocation.Denylist;
import dev.bulkhead.auth.token.AccessTokens;
import dev.bulkhead.auth.token.IssuedAccessToken;
import java.util.UUID;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Use cases: log in, refresh, log out. */
@Service
class Sessions {

    private final Credentials credentials;
    private final AccessTokens accessTokens;
    private final RefreshTokens refreshTokens;
    private final Denylist denylist;

    Sessions(Credentials credentials, AccessTokens accessTokens, RefreshTokens refreshTokens, Denylist denylist) {
        this.credentials = credentials;
        this.accessTokens = accessTokens;
        this.refreshTokens = refreshTokens;
        this.denylist = denylist;
    }

    Tokens logIn(LogIn command) {
        AccountView account = credentials.verify(command.email(), command.password());
        return tokens(account, refreshTokens.start(account.id()));
    }

    Tokens refresh(RefreshSession command) {
        Rotation rotation = refreshTokens.rotate(command.refreshToken());
        AccountView account = credentials
                .find(rotation.accountId())
                .orElseThrow(() -> new RefreshTokenRejected("the account no longer exists"));
        return tokens(account, rotation);
    }

    /** Revokes the session's refresh family and the access token presented with the request, until its exp. */
    @Transactional
    void logOut(RefreshSession command, Jwt caller) {
        UUID owner = UUID.fromString(caller.getSubject());
        refreshTokens.revokeFamily(command.refreshToken(), owner);
        denylist.revoke(UUID.fromString(caller.getId()), caller.getExpiresAt());
    }

    private Tokens tokens(AccountView account, Rotation refresh) {
        IssuedAccessToken access = accessTokens.issue(
                account.id(),
                account.email(),
                account.roles().stream().map(Role::name).sorted().toList());
        return new Tokens(
                access.value(), refresh.token(), "Bearer", access.lifetime().toSeconds());
    }
}
