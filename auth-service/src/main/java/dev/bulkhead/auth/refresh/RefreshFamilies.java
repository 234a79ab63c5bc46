package dev.bulkhead.auth.refresh;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.CrudRepository;

/** Refresh-token families, and the spent tokens that point back at them. */
interface RefreshFamilies extends CrudRepository<RefreshFamily, UUID> {

    Optional<RefreshFamily> findByCurrentTokenHash(String currentTokenHash);

    @Query(
            "SELECT f.* FROM refresh_family f JOIN spent_refresh_token s ON s.family_id = f.id WHERE s.token_hash = :hash")
    Optional<RefreshFamily> findBySpentTokenHash(String hash);

    @Modifying
    @Query("INSERT INTO spent_refresh_token (token_hash, family_id, spent_at) VALUES (:hash, :familyId, :spentAt)")
    void spend(String hash, UUID familyId, Instant spentAt);
}
