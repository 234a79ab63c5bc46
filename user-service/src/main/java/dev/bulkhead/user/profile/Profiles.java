package dev.bulkhead.user.profile;

import java.util.UUID;
import org.springframework.data.repository.CrudRepository;

/** Where profiles are kept. */
public interface Profiles extends CrudRepository<Profile, UUID> {}
